/**
 * The stack's `twilio:*` config, checked in the program before the first resource is registered,
 * so that `pulumi preview` already says what `up` would trip on:
 * - a value of the wrong type or out of range fails the preview, naming the key, the value and
 *   what is allowed (credentials are never shown);
 * - an http:// base URL to another machine fails it unless `twilio:allowInsecureHttp` is true;
 * - a key that is not ours but nearly is (`twilio:serverlessBaseURL`, `twilio:accountSID`) gets a
 *   warning naming the key meant. Other `twilio:` keys are left alone: other tools use the namespace.
 * The provider process checks the values again as it reads them (`settings.ts`), environment included.
 */
import * as pulumi from "@pulumi/pulumi";
import { ALL_SETTINGS, nearMiss, NUMBER_RULES, numberProblem, parseBoolean, SETTINGS, shownUrl, URL_SETTINGS, urlProblem } from "./config";
import * as messages from "./messages";

export interface ConfigReview {
  warnings: string[];
  errors: string[];
}

/** Reviews the stack's config (all namespaces, as `pulumi.runtime.allConfig()` gives it) and the environment. */
export function reviewConfig(config: Record<string, string>, env: NodeJS.ProcessEnv): ConfigReview {
  const review: ConfigReview = { warnings: [], errors: [] };
  const ours = new Set(ALL_SETTINGS.map((s) => s.key));
  for (const key of Object.keys(config).sort()) {
    if (!key.startsWith("twilio:") || ours.has(key)) continue;
    const meant = nearMiss(key);
    if (meant) review.warnings.push(messages.configNearMiss(key, meant));
  }
  const raw = (name: keyof typeof SETTINGS) => config[SETTINGS[name].key] || env[SETTINGS[name].env] || undefined;
  const fail = (name: keyof typeof SETTINGS, shown: string, problem: string) =>
    review.errors.push(messages.invalidSetting(SETTINGS[name].key, SETTINGS[name].env, shown, problem));

  const insecure = raw("allowInsecureHttp");
  const allowInsecureHttp = insecure === undefined ? false : parseBoolean(insecure);
  if (allowInsecureHttp === undefined) fail("allowInsecureHttp", insecure as string, messages.expectedBoolean());
  for (const name of Object.keys(NUMBER_RULES) as (keyof typeof NUMBER_RULES)[]) {
    const value = raw(name);
    const problem = value === undefined ? undefined : numberProblem(value, NUMBER_RULES[name]);
    if (problem) fail(name, value as string, problem);
  }
  for (const name of URL_SETTINGS) {
    const value = raw(name);
    const problem = value === undefined ? undefined : urlProblem(value, allowInsecureHttp ?? false);
    if (problem) fail(name, shownUrl(value as string), problem);
  }
  return review;
}

let reviewed = false;

/** Once per program: logs the warnings and throws the errors of `reviewConfig`. */
export function checkStackConfig(): void {
  if (reviewed) return;
  reviewed = true;
  const { warnings, errors } = reviewConfig(pulumi.runtime.allConfig(), process.env);
  for (const warning of warnings) void pulumi.log.warn(warning);
  if (errors.length > 0) throw new pulumi.RunError(errors.join("\n"));
}
