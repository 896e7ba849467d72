/**
 * The provider process's settings: what `configure` received from stack config, with the
 * environment as the fallback (read at call time, so a changed variable needs no `pulumi up`).
 * The keys, their variables and their rules are in `config.ts`. Module state here lives only in
 * the provider process; nothing in it is ever serialized.
 */
import { createHash } from "node:crypto";
import { DEFAULT_MAX_CONCURRENT_REQUESTS, TwilioClient } from "./client/client";
import { DEFAULT_RETRY, type RetryPolicy } from "./client/retry";
import {
  ALL_SETTINGS,
  type BaseUrls,
  keyOf,
  NUMBER_RULES,
  numberProblem,
  parseBoolean,
  resolveBaseUrls,
  type Setting,
  SETTINGS,
  shownUrl,
  urlProblem,
} from "./config";
import { credentialValues, resolveCredentials } from "./credentials";
import { reportConcurrencyCut, reportRetry } from "./progress";
import * as messages from "./messages";

/** What `configure` receives: pulumi.dynamic.Config, or anything with `get`. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** The config values of our keys only, copied out of the engine's config object. */
let configured: Record<string, string> = {};

export function configure(config: ConfigSource): void {
  const values: Record<string, string> = {};
  for (const key of ALL_SETTINGS.map(keyOf)) {
    const value = config.get(key);
    if (value) values[key] = value;
  }
  configured = values;
}

function lookup(setting: Setting, env: NodeJS.ProcessEnv): string | undefined {
  return configured[keyOf(setting)] || env[setting.env] || undefined;
}

function numberSetting(name: keyof typeof NUMBER_RULES, env: NodeJS.ProcessEnv, fallback: number): number {
  const setting = SETTINGS[name];
  const raw = lookup(setting, env);
  if (raw === undefined) return fallback;
  const problem = numberProblem(raw, NUMBER_RULES[name]);
  if (problem) throw new Error(messages.invalidSetting(keyOf(setting), setting.env, raw, problem));
  return Number(raw);
}

function allowInsecureHttp(env: NodeJS.ProcessEnv): boolean {
  const setting = SETTINGS.allowInsecureHttp;
  const raw = lookup(setting, env);
  if (raw === undefined) return false;
  const value = parseBoolean(raw);
  if (value === undefined) throw new Error(messages.invalidSetting(keyOf(setting), setting.env, raw, messages.expectedBoolean()));
  return value;
}

function urlSetting(setting: Setting, env: NodeJS.ProcessEnv): string | undefined {
  const raw = lookup(setting, env);
  const problem = raw === undefined ? undefined : urlProblem(raw, allowInsecureHttp(env));
  if (problem) throw new Error(messages.invalidSetting(keyOf(setting), setting.env, shownUrl(raw as string), problem));
  return raw;
}

/** Where API calls and uploads go (`resolveBaseUrls`): both to Twilio, or both elsewhere. */
export function baseUrls(env: NodeJS.ProcessEnv = process.env): BaseUrls {
  const urls = resolveBaseUrls(urlSetting(SETTINGS.baseUrl, env), urlSetting(SETTINGS.uploadBaseUrl, env));
  if ("problem" in urls) throw new Error(urls.problem);
  return urls;
}

export interface BuildWaitSettings {
  timeoutMs: number;
  firstIntervalMs: number;
  maxIntervalMs: number;
}

export function buildWaitSettings(env: NodeJS.ProcessEnv = process.env): BuildWaitSettings {
  return {
    timeoutMs: numberSetting("buildTimeoutSeconds", env, 600) * 1000,
    firstIntervalMs: 50,
    // Twilio's Build page: poll the status every second. Shorter waits first, since a build may
    // be done within a second; never longer, or a build's end is seen up to the interval late.
    maxIntervalMs: numberSetting("buildPollMaxIntervalMs", env, 1000),
  };
}

export function retryPolicy(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    maxTries: numberSetting("maxTries", env, DEFAULT_RETRY.maxTries),
    baseDelayMs: numberSetting("retryBaseDelayMs", env, DEFAULT_RETRY.baseDelayMs),
  };
}

export { DEFAULT_MAX_CONCURRENT_REQUESTS };

/** Requests in flight per provider process, at most: fewer while Twilio answers 429 (client/limiter.ts). */
export function maxConcurrentRequests(env: NodeJS.ProcessEnv = process.env): number {
  return numberSetting("maxConcurrentRequests", env, DEFAULT_MAX_CONCURRENT_REQUESTS);
}

let cached: { fingerprint: string; client: TwilioClient } | undefined;

/**
 * The client for the current settings; one per process while they stay the same, so connections
 * are kept alive across resources. Throws the missing-credentials message when there are none.
 */
export function getClient(env: NodeJS.ProcessEnv = process.env): TwilioClient {
  const credentials = resolveCredentials(credentialValues((setting) => configured[keyOf(setting)]), env);
  const options = {
    ...baseUrls(env),
    username: credentials.username,
    password: credentials.password,
    credentialSettings: credentials.settings,
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
