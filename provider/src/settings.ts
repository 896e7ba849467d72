/**
 * The provider process's settings: what `configure` received from stack config, with the
 * environment as the fallback (read at call time, so a changed variable needs no `pulumi up`).
 * Module state here lives only in the provider process; nothing in it is ever serialized.
 *
 * | config key                      | environment variable                        | default |
 * |---------------------------------|---------------------------------------------|---------|
 * | twilio:serverlessBaseUrl        | TWILIO_SERVERLESS_BASE_URL                  | https://serverless.twilio.com |
 * | twilio:serverlessUploadBaseUrl  | TWILIO_SERVERLESS_UPLOAD_BASE_URL           | https://serverless-upload.twilio.com |
 * | twilio:maxTries                 | TWILIO_SERVERLESS_MAX_TRIES                 | 5 |
 * | twilio:retryBaseDelayMs         | TWILIO_SERVERLESS_RETRY_BASE_DELAY_MS       | 500 |
 * | twilio:buildTimeoutSeconds      | TWILIO_SERVERLESS_BUILD_TIMEOUT_SECONDS     | 600 |
 * | twilio:buildPollMaxIntervalMs   | TWILIO_SERVERLESS_BUILD_POLL_MAX_INTERVAL_MS| 2000 |
 * | twilio:maxConcurrentRequests    | TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS   | 25 |
 * Credentials: see `credentials.ts`.
 */
import { createHash } from "node:crypto";
import { DEFAULT_BASE_URL, DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_UPLOAD_BASE_URL, TwilioClient } from "./client/client";
import { DEFAULT_RETRY, type RetryPolicy } from "./client/retry";
import { CREDENTIAL_SETTINGS, credentialValues, resolveCredentials } from "./credentials";
import { reportConcurrencyCut, reportRetry } from "./handlers/progress";
import * as messages from "./messages";

/** What `configure` receives: pulumi.dynamic.Config, or anything with `get`. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

interface Setting {
  key: string;
  env: string;
}

const SETTINGS = {
  baseUrl: { key: "twilio:serverlessBaseUrl", env: "TWILIO_SERVERLESS_BASE_URL" },
  uploadBaseUrl: { key: "twilio:serverlessUploadBaseUrl", env: "TWILIO_SERVERLESS_UPLOAD_BASE_URL" },
  maxTries: { key: "twilio:maxTries", env: "TWILIO_SERVERLESS_MAX_TRIES" },
  retryBaseDelayMs: { key: "twilio:retryBaseDelayMs", env: "TWILIO_SERVERLESS_RETRY_BASE_DELAY_MS" },
  buildTimeoutSeconds: { key: "twilio:buildTimeoutSeconds", env: "TWILIO_SERVERLESS_BUILD_TIMEOUT_SECONDS" },
  buildPollMaxIntervalMs: { key: "twilio:buildPollMaxIntervalMs", env: "TWILIO_SERVERLESS_BUILD_POLL_MAX_INTERVAL_MS" },
  maxConcurrentRequests: { key: "twilio:maxConcurrentRequests", env: "TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS" },
} as const satisfies Record<string, Setting>;

const ALL_SETTINGS: readonly Setting[] = [...Object.values(SETTINGS), ...Object.values(CREDENTIAL_SETTINGS)];

/** The config values of our keys only, copied out of the engine's config object. */
let configured: Record<string, string> = {};

export function configure(config: ConfigSource): void {
  const values: Record<string, string> = {};
  for (const { key } of ALL_SETTINGS) {
    const value = config.get(key);
    if (value) values[key] = value;
  }
  configured = values;
}

function lookup(setting: Setting, env: NodeJS.ProcessEnv): string | undefined {
  return configured[setting.key] || env[setting.env] || undefined;
}

function numberSetting(setting: Setting, env: NodeJS.ProcessEnv, fallback: number, min: number): number {
  const raw = lookup(setting, env);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    throw new Error(messages.invalidSetting(setting.key, setting.env, raw, `expected a number of at least ${min}`));
  }
  return value;
}

/**
 * A refused URL as a message may show it: never its userinfo. An http(s) URL shows its origin and
 * path; anything else (unparseable, or `user:secret@host`, which parses as scheme `user:`) shows
 * only what follows its last `@`.
 */
function shownUrl(raw: string, url: URL | undefined): string {
  if (url && /^https?:$/.test(url.protocol)) return `${url.protocol}//${url.host}${url.pathname}`;
  const at = raw.lastIndexOf("@");
  return at < 0 ? raw : `…@${raw.slice(at + 1)}`;
}

function urlSetting(setting: Setting, env: NodeJS.ProcessEnv, fallback: string): string {
  const raw = lookup(setting, env) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(messages.invalidSetting(setting.key, setting.env, shownUrl(raw, undefined), "expected an http(s) URL"));
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password) {
    throw new Error(messages.invalidSetting(setting.key, setting.env, shownUrl(raw, url), "expected an http(s) URL without credentials"));
  }
  return raw;
}

export interface BuildWaitSettings {
  timeoutMs: number;
  firstIntervalMs: number;
  maxIntervalMs: number;
}

export function buildWaitSettings(env: NodeJS.ProcessEnv = process.env): BuildWaitSettings {
  return {
    timeoutMs: numberSetting(SETTINGS.buildTimeoutSeconds, env, 600, 0) * 1000,
    firstIntervalMs: 50,
    maxIntervalMs: numberSetting(SETTINGS.buildPollMaxIntervalMs, env, 2000, 10),
  };
}

export function retryPolicy(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    maxTries: numberSetting(SETTINGS.maxTries, env, DEFAULT_RETRY.maxTries, 1),
    baseDelayMs: numberSetting(SETTINGS.retryBaseDelayMs, env, DEFAULT_RETRY.baseDelayMs, 0),
  };
}

export { DEFAULT_MAX_CONCURRENT_REQUESTS };

/** Requests in flight per provider process, at most: fewer while Twilio answers 429 (client/limiter.ts). */
export function maxConcurrentRequests(env: NodeJS.ProcessEnv = process.env): number {
  const value = numberSetting(SETTINGS.maxConcurrentRequests, env, DEFAULT_MAX_CONCURRENT_REQUESTS, 1);
  if (!Number.isInteger(value)) {
    throw new Error(messages.invalidSetting(SETTINGS.maxConcurrentRequests.key, SETTINGS.maxConcurrentRequests.env, String(value), "expected a whole number"));
  }
  return value;
}

let cached: { fingerprint: string; client: TwilioClient } | undefined;

/**
 * The client for the current settings; one per process while they stay the same, so connections
 * are kept alive across resources. Throws the missing-credentials message when there are none.
 */
export function getClient(env: NodeJS.ProcessEnv = process.env): TwilioClient {
  const credentials = resolveCredentials(credentialValues((setting) => configured[setting.key]), env);
  const options = {
    baseUrl: urlSetting(SETTINGS.baseUrl, env, DEFAULT_BASE_URL),
    uploadBaseUrl: urlSetting(SETTINGS.uploadBaseUrl, env, DEFAULT_UPLOAD_BASE_URL),
    username: credentials.username,
    password: credentials.password,
    retry: retryPolicy(env),
    maxConcurrency: maxConcurrentRequests(env),
  };
  const fingerprint = createHash("sha256").update(JSON.stringify(options)).digest("hex");
  if (cached?.fingerprint !== fingerprint) {
    const previous = cached?.client;
    cached = { fingerprint, client: new TwilioClient({ ...options, onConcurrencyCut: reportConcurrencyCut, onRetry: reportRetry }) };
    void previous?.close();
  }
  return cached.client;
}

/** Closes the cached client's connections (tests; the provider process just exits). */
export async function closeClient(): Promise<void> {
  const previous = cached?.client;
  cached = undefined;
  await previous?.close();
}
