/**
 * Where the provider finds Twilio credentials, in order:
 * 1. stack config read in the provider's `configure`: `twilio:accountSid` with `twilio:authToken`
 *    (set it with `--secret`), or `twilio:apiKey` with `twilio:apiSecret` (the plugin's are
 *    `twilio-serverless:accountSid` and so on: `config.ts`, `keyOf`);
 * 2. the environment of the provider process, read at call time: `TWILIO_ACCOUNT_SID` with
 *    `TWILIO_AUTH_TOKEN`, or `TWILIO_API_KEY` with `TWILIO_API_SECRET`.
 * An API key wins over an auth token from the same source. Empty values count as unset.
 * Credentials never leave the provider process: they are not inputs, outputs or state, and no
 * message includes them.
 */
import { configNamespace, CREDENTIAL_SETTINGS, keyOf, type Setting } from "./config";
import * as messages from "./messages";

export interface Credentials {
  /** Basic-auth user: the API key SID when a key is used, else the Account SID. */
  username: string;
  password: string;
  accountSid?: string;
  /** The settings they came from (`twilio:accountSid`, `TWILIO_AUTH_TOKEN`, …), for messages: names only. */
  settings: string[];
}

export interface CredentialValues {
  accountSid?: string;
  authToken?: string;
  apiKey?: string;
  apiSecret?: string;
}

type Source = "config" | "env";

function settingName(field: keyof CredentialValues, source: Source): string {
  const setting = CREDENTIAL_SETTINGS[field];
  return source === "config" ? keyOf(setting) : setting.env;
}

/** The credentials of one source, its Account SID possibly from the other (`other`). */
function fromValues(v: CredentialValues, source: Source, other: CredentialValues, otherSource: Source): Credentials | undefined {
  const accountSidSource = v.accountSid ? source : otherSource;
  const accountSid = v.accountSid || other.accountSid || undefined;
  if (v.apiKey && v.apiSecret) {
    return { username: v.apiKey, password: v.apiSecret, accountSid, settings: [settingName("apiKey", source), settingName("apiSecret", source)] };
  }
  if (accountSid && v.authToken) {
    return { username: accountSid, password: v.authToken, accountSid, settings: [settingName("accountSid", accountSidSource), settingName("authToken", source)] };
  }
  return undefined;
}

/** The credential values one source holds, read by setting (empty values count as unset). */
export function credentialValues(read: (setting: Setting) => string | undefined): CredentialValues {
  const values: CredentialValues = {};
  for (const [field, setting] of Object.entries(CREDENTIAL_SETTINGS)) {
    const value = read(setting);
    if (value) values[field as keyof CredentialValues] = value;
  }
  return values;
}

/** Config first (a config auth token may pair with an env Account SID), then the environment. */
export function resolveCredentials(config: CredentialValues, env: NodeJS.ProcessEnv): Credentials {
  const fromEnv = credentialValues((setting) => env[setting.env]);
  const credentials = fromValues(config, "config", fromEnv, "env") ?? fromValues(fromEnv, "env", config, "config");
  if (!credentials) throw new Error(messages.missingCredentials(configNamespace()));
  return credentials;
}
