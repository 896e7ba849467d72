/**
 * The stack's `twilio:*` config, checked in the program before the first resource is registered,
 * so that `pulumi preview` already fails where `up` would go wrong:
 * - a value of the wrong type or out of range fails, naming the key, the value and what is allowed
 *   (credentials are never shown);
 * - an http:// base URL to another machine fails unless `twilio:allowInsecureHttp` is true;
 * - base URLs that would split the account's requests between Twilio and another host fail
 *   (`resolveBaseUrls`);
 * - a key that is not ours but nearly is (`twilio:serverlessBaseURL`, `twilio:accountSID`) fails,
 *   naming the key meant: ignored, it would leave that setting at its default (Twilio's hosts).
 *   Other `twilio:` keys are left alone: other tools use the namespace.
 * The provider process checks the values again as it reads them (`settings.ts`), environment included.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ALL_SETTINGS,
  configNamespace,
  CREDENTIAL_SETTINGS,
  keyOf,
  nearMiss,
  NUMBER_RULES,
  numberProblem,
  parseBoolean,
  resolveBaseUrls,
  SETTINGS,
  shownUrl,
  URL_SETTINGS,
  urlProblem,
} from "./config";
import * as messages from "./messages";

export interface ConfigReview {
  errors: string[];
  /** A credential's secret (`twilio:authToken`, `twilio:apiSecret`) kept in plain text in the stack's config file. */
  warnings: string[];
}

/** The secret halves of credentials: in stack config they belong with `--secret`. */
const SECRET_SETTINGS = [CREDENTIAL_SETTINGS.authToken, CREDENTIAL_SETTINGS.apiSecret];

/**
 * Reviews the stack's config (all namespaces, as `pulumi.runtime.allConfig()` gives it; the
 * plugin's `checkConfig` hands it its own keys, in its namespace) and the environment.
 * `secretKeys`: the config keys set with `--secret`, when known.
 */
export function reviewConfig(config: Record<string, string>, env: NodeJS.ProcessEnv, secretKeys?: ReadonlySet<string>): ConfigReview {
  const review: ConfigReview = { errors: [], warnings: [] };
  for (const key of SECRET_SETTINGS.map(keyOf)) {
    if (config[key] && secretKeys && !secretKeys.has(key)) review.warnings.push(messages.plainTextSecret(key));
  }
  const ours = new Set(ALL_SETTINGS.map(keyOf));
  for (const key of Object.keys(config).sort()) {
    if (!key.startsWith(`${configNamespace()}:`) || ours.has(key)) continue;
    const meant = nearMiss(key);
    if (meant) review.errors.push(messages.configNearMiss(key, meant));
  }
  const raw = (name: keyof typeof SETTINGS) => config[keyOf(SETTINGS[name])] || env[SETTINGS[name].env] || undefined;
  const fail = (name: keyof typeof SETTINGS, shown: string, problem: string) =>
    review.errors.push(messages.invalidSetting(keyOf(SETTINGS[name]), SETTINGS[name].env, shown, problem));

  const insecure = raw("allowInsecureHttp");
  const allowInsecureHttp = insecure === undefined ? false : parseBoolean(insecure);
  if (allowInsecureHttp === undefined) fail("allowInsecureHttp", insecure as string, messages.expectedBoolean());
  for (const name of Object.keys(NUMBER_RULES) as (keyof typeof NUMBER_RULES)[]) {
    const value = raw(name);
    const problem = value === undefined ? undefined : numberProblem(value, NUMBER_RULES[name]);
    if (problem) fail(name, value as string, problem);
  }
  let urlsValid = true;
  for (const name of URL_SETTINGS) {
    const value = raw(name);
    const problem = value === undefined ? undefined : urlProblem(value, allowInsecureHttp ?? false);
    if (problem) fail(name, shownUrl(value as string), problem);
    urlsValid &&= !problem;
  }
  const urls = urlsValid ? resolveBaseUrls(raw("baseUrl"), raw("uploadBaseUrl")) : undefined;
  if (urls && "problem" in urls) review.errors.push(urls.problem);
  return review;
}

let reviewed = false;

/**
 * The config keys set with `--secret`, as Pulumi's language host hands them to the program
 * (`PULUMI_CONFIG_SECRET_KEYS`, a JSON list); undefined when it does not say.
 */
function secretConfigKeys(env: NodeJS.ProcessEnv): ReadonlySet<string> | undefined {
  try {
    const keys: unknown = JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS ?? "null");
    return Array.isArray(keys) ? new Set(keys.filter((k): k is string => typeof k === "string")) : undefined;
  } catch {
    return undefined;
  }
}

/** Once per program: logs the warnings and throws the errors of `reviewConfig`, as one clean message without a stack. */
export function checkStackConfig(): void {
  if (reviewed) return;
  reviewed = true;
  const { errors, warnings } = reviewConfig(pulumi.runtime.allConfig(), process.env, secretConfigKeys(process.env));
  for (const warning of warnings) void pulumi.log.warn(warning);
  if (errors.length > 0) throw new pulumi.RunError(errors.join("\n"));
}
