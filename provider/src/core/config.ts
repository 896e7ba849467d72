/**
 * The provider's settings: each one's config key (`twilio:<name>`; the plugin's
 * `twilio-serverless:<name>`, see `keyOf`), its environment variable, what it does (`SETTINGS`,
 * `CREDENTIAL_SETTINGS`: the README's and the plugin schema's text) and what it may hold. The same
 * checks run in the program, where a bad value fails the preview and a near-miss key gets a
 * warning (`stackConfig.ts`), in the plugin's `checkConfig`, and in the provider process, which
 * reads the values (`settings.ts`). Credentials: see `credentials.ts`.
 */
import { distance } from "fastest-levenshtein";
import { currentEntry, PLUGIN_PACKAGE, type TokenFamily, TYPE_MODULE } from "./kinds";
import * as messages from "./messages";

/** A setting: its config key's name (in the process's namespace, `keyOf`), its environment variable and what it does. */
export interface Setting {
  name: string;
  env: string;
  /** For the plugin's schema and the docs. */
  doc: string;
}

/**
 * Each entry's config namespace: the stack's `twilio:*` keys, as a TypeScript program and the
 * dynamic provider read them; the plugin's own package's (`twilio-serverless:*`), since the engine
 * hands a plugin the config of its package only.
 */
const CONFIG_NAMESPACES: Readonly<Record<TokenFamily, string>> = { dynamic: TYPE_MODULE, plugin: PLUGIN_PACKAGE };

/** The config namespace of the entry this process serves (`kinds.ts`, `currentEntry`). */
export function configNamespace(): string {
  return CONFIG_NAMESPACES[currentEntry()];
}

/** A setting's config key in this process's namespace: `twilio:serverlessBaseUrl`. */
export function keyOf(setting: Setting): string {
  return `${configNamespace()}:${setting.name}`;
}

/** A setting as messages name it: its key and its variable. */
export function named(setting: Setting): messages.NamedSetting {
  return { key: keyOf(setting), env: setting.env };
}

/** A number setting: at least `min`, and whole when `whole`. */
export interface NumberRule {
  min: number;
  whole?: boolean;
}

export const SETTINGS = {
  baseUrl: {
    name: "serverlessBaseUrl",
    env: "TWILIO_SERVERLESS_BASE_URL",
    doc: "Where API calls go: https://serverless.twilio.com by default; the emulator's URL (http://127.0.0.1:8787) to work offline. Uploads follow it when it is not Twilio's.",
  },
  uploadBaseUrl: {
    name: "serverlessUploadBaseUrl",
    env: "TWILIO_SERVERLESS_UPLOAD_BASE_URL",
    doc: "Where uploads go: https://serverless-upload.twilio.com, or the API URL when that is not Twilio's. One account's requests never go partly to Twilio and partly elsewhere.",
  },
  allowInsecureHttp: {
    name: "allowInsecureHttp",
    env: "TWILIO_SERVERLESS_ALLOW_INSECURE_HTTP",
    doc: "Allow plain http:// to a host other than this machine (an emulator in docker-compose): the credentials then travel in clear text. Default false.",
  },
  maxTries: { name: "maxTries", env: "TWILIO_SERVERLESS_MAX_TRIES", doc: "Tries per request, the first included, for 429s, 5xx and lost connections. Default 5." },
  retryBaseDelayMs: {
    name: "retryBaseDelayMs",
    env: "TWILIO_SERVERLESS_RETRY_BASE_DELAY_MS",
    doc: "The first retry's delay in milliseconds, doubled for each further try (with jitter; a Retry-After wins). Default 500.",
  },
  buildTimeoutSeconds: {
    name: "buildTimeoutSeconds",
    env: "TWILIO_SERVERLESS_BUILD_TIMEOUT_SECONDS",
    doc: "How long a Build's create waits for Twilio to finish the build, in seconds. Default 600.",
  },
  buildPollMaxIntervalMs: {
    name: "buildPollMaxIntervalMs",
    env: "TWILIO_SERVERLESS_BUILD_POLL_MAX_INTERVAL_MS",
    doc: "The longest wait between two polls of a build's status, in milliseconds (polls start at 50 ms and back off). Default 1000.",
  },
  maxConcurrentRequests: {
    name: "maxConcurrentRequests",
    env: "TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS",
    doc: "Requests in flight per provider process, at most; fewer while Twilio answers 429. Default 25.",
  },
} as const satisfies Record<string, Setting>;

/** The credentials' settings (`credentials.ts` says how they pair up and which source wins). */
export const CREDENTIAL_SETTINGS = {
  accountSid: { name: "accountSid", env: "TWILIO_ACCOUNT_SID", doc: "The Twilio Account SID (AC…), with authToken; or the account of apiKey." },
  authToken: { name: "authToken", env: "TWILIO_AUTH_TOKEN", doc: "The account's auth token. A secret: set it with --secret." },
  apiKey: { name: "apiKey", env: "TWILIO_API_KEY", doc: "An API key's SID (SK…), with apiSecret: wins over an auth token from the same source." },
  apiSecret: { name: "apiSecret", env: "TWILIO_API_SECRET", doc: "The API key's secret. A secret: set it with --secret." },
} as const satisfies Record<string, Setting>;

export const NUMBER_RULES = {
  maxTries: { min: 1, whole: true },
  retryBaseDelayMs: { min: 0 },
  buildTimeoutSeconds: { min: 0 },
  buildPollMaxIntervalMs: { min: 10 },
  maxConcurrentRequests: { min: 1, whole: true },
} as const satisfies Partial<Record<keyof typeof SETTINGS, NumberRule>>;

export const URL_SETTINGS = ["baseUrl", "uploadBaseUrl"] as const;

export const DEFAULT_BASE_URL = "https://serverless.twilio.com";
export const DEFAULT_UPLOAD_BASE_URL = "https://serverless-upload.twilio.com";

/** Every config key of ours, credentials included. */
export const ALL_SETTINGS: readonly Setting[] = [...Object.values(SETTINGS), ...Object.values(CREDENTIAL_SETTINGS)];

/** The problem with a number setting's raw value ("expected a whole number of at least 1"), if any. */
export function numberProblem(raw: string, rule: NumberRule): string | undefined {
  const value = Number(raw);
  const ok = raw.trim() !== "" && Number.isFinite(value) && value >= rule.min && (!rule.whole || Number.isInteger(value));
  return ok ? undefined : messages.expectedNumber(rule.min, !!rule.whole);
}

/** "true" or "false" (as `pulumi config set` stores booleans); undefined when the value is neither. */
export function parseBoolean(raw: string): boolean | undefined {
  const value = raw.trim().toLowerCase();
  return value === "true" ? true : value === "false" ? false : undefined;
}

/** Loopback hosts: a URL to one never leaves this machine, so plain http cannot leak credentials. */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "[::1]";
}

/**
 * A refused URL as a message may show it: never its userinfo. An http(s) URL shows its origin and
 * path; anything else (unparseable, or `user:secret@host`, which parses as scheme `user:`) shows
 * only what follows its last `@`.
 */
export function shownUrl(raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url && /^https?:$/.test(url.protocol)) return `${url.protocol}//${url.host}${url.pathname}`;
  const at = raw.lastIndexOf("@");
  return at < 0 ? raw : `…@${raw.slice(at + 1)}`;
}

/**
 * The problem with a base URL, if any: it must be http(s) without credentials, and plain http only
 * to this machine unless `allowInsecureHttp`, since the provider sends Basic-auth credentials.
 */
export function urlProblem(raw: string, allowInsecureHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return messages.expectedUrl();
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password) return messages.expectedUrlWithoutCredentials();
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    return messages.insecureUrl(keyOf(SETTINGS.allowInsecureHttp));
  }
  return undefined;
}

/** Twilio's own hosts (`serverless.twilio.com`, `serverless-upload.twilio.com`). */
function isTwilioHost(raw: string): boolean {
  const host = new URL(raw).hostname.toLowerCase();
  return host === "twilio.com" || host.endsWith(".twilio.com");
}

export interface BaseUrls {
  baseUrl: string;
  uploadBaseUrl: string;
}

/**
 * Where API calls and uploads go, from the two URL settings (undefined when unset; each already
 * passed `urlProblem`), or why they cannot be used. One account's requests never go partly to
 * Twilio and partly elsewhere (they carry its credentials, and the objects of one would be missing
 * in the other):
 * - neither set: Twilio's two hosts;
 * - the API URL set to a host that is not Twilio's (the emulator, a proxy) and the upload URL unset:
 *   uploads go there too, as the emulator serves both;
 * - the upload URL set to a host that is not Twilio's and the API URL unset: refused, naming the
 *   API URL's key, as is any pair with one URL at Twilio and the other not.
 */
export function resolveBaseUrls(base: string | undefined, upload: string | undefined): BaseUrls | { problem: string } {
  const baseUrl = base ?? DEFAULT_BASE_URL;
  const uploadBaseUrl = upload ?? (isTwilioHost(baseUrl) ? DEFAULT_UPLOAD_BASE_URL : baseUrl);
  if (isTwilioHost(baseUrl) === isTwilioHost(uploadBaseUrl)) return { baseUrl, uploadBaseUrl };
  const { baseUrl: baseSetting, uploadBaseUrl: uploadSetting } = SETTINGS;
  return {
    problem:
      base === undefined
        ? messages.uploadUrlWithoutBaseUrl(named(uploadSetting), shownUrl(uploadBaseUrl), named(baseSetting))
        : messages.mixedBaseUrls(named(baseSetting), shownUrl(baseUrl), named(uploadSetting), shownUrl(uploadBaseUrl)),
  };
}

/**
 * The key of ours that `key` (a config key in our namespace that is not ours) was probably meant
 * to be: the same but for case, or at most two edits away. Undefined for anything else, which may
 * well belong to another tool using the `twilio:` namespace.
 */
export function nearMiss(key: string): string | undefined {
  const lower = key.toLowerCase();
  let best: { key: string; edits: number } | undefined;
  for (const ours of ALL_SETTINGS.map(keyOf)) {
    const edits = ours.toLowerCase() === lower ? 0 : distance(lower, ours.toLowerCase());
    if (edits <= 2 && (!best || edits < best.edits)) best = { key: ours, edits };
  }
  return best?.key;
}
