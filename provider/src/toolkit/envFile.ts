/**
 * The project's Variables, from its env file as twilio-run reads it for `deploy`: the file is
 * `.env` (or the `env` setting, relative to the project), parsed by dotenv 6 (the toolkit's own
 * parser, so quoting, `#` and blank values mean what they meant there); a missing `.env` is no
 * Variables, a missing named file an error. Entries with an empty value, and ACCOUNT_SID and
 * AUTH_TOKEN (the toolkit's local credentials), are left out, as the toolkit leaves them out.
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { parse } from "dotenv";
import { FIELD_LIMITS } from "../core/limits";
import { projectMessages as msg } from "../core/messages";

export const DEFAULT_ENV_FILE = ".env";

/** Keys the toolkit never deploys: its credentials for local runs. */
export const LOCAL_ONLY_KEYS: readonly string[] = ["ACCOUNT_SID", "AUTH_TOKEN"];

export interface EnvFile {
  /** The file, relative to the project; undefined when there is none. */
  file?: string;
  /** Key → value, in the file's order. */
  variables: Record<string, string>;
}

/** Reads the env file; problems (a missing named file, keys or values over Twilio's limits) go to `problems`. */
export function readEnvFile(projectDir: string, envSetting: string | undefined, problems: string[]): EnvFile {
  const rel = envSetting ?? DEFAULT_ENV_FILE;
  const abs = nodePath.resolve(projectDir, rel);
  if (!fs.statSync(abs, { throwIfNoEntry: false })?.isFile()) {
    if (envSetting !== undefined) problems.push(msg.missingEnvFile(rel));
    return { variables: {} };
  }
  const variables: Record<string, string> = {};
  for (const [key, value] of Object.entries(parse(fs.readFileSync(abs, "utf8")))) {
    if (value === "" || LOCAL_ONLY_KEYS.includes(key)) continue;
    if (key.length > FIELD_LIMITS.variableKey) problems.push(msg.variableKeyTooLong(rel, key, FIELD_LIMITS.variableKey));
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes > FIELD_LIMITS.variableValueBytes) problems.push(msg.variableValueTooLong(rel, key, bytes, FIELD_LIMITS.variableValueBytes));
    variables[key] = value;
  }
  return { file: rel, variables };
}
