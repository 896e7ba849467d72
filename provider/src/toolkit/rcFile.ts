/**
 * The Serverless Toolkit's configuration file (`.twilioserverlessrc` and its alternatives), read
 * as twilio-run reads it for `deploy`: the file is found in the project directory in the order of
 * the toolkit's loader (cosmiconfig's search places for "twilioserverless"), and the deploy
 * settings are the top level, then `commands.deploy`, then `environments[<environment>]`, each
 * overriding the one before. Plain file-system logic, no Pulumi.
 *
 * Formats: JSON5 (`.twilioserverlessrc`, `.twilioserverlessrc.json`), YAML (`.yaml`, `.yml`) and
 * the `twilioserverless` key of package.json. JavaScript and TypeScript files are refused: they
 * would have to run to be read. Differences from the toolkit are listed in provider/README.md.
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import * as yaml from "js-yaml";
import JSON5 from "json5";
import { DeclarationError } from "../components/declarationError";
import { projectMessages as msg } from "../core/messages";

const NAME = "twilioserverless";

/** Where the toolkit looks, in its order (cosmiconfig 8, as twilio-run 5 configures it). */
const RC_NAMES = [`.${NAME}rc`, `.${NAME}rc.json`, `.${NAME}rc.yaml`, `.${NAME}rc.yml`, `.${NAME}rc.js`, `.${NAME}rc.ts`, `.${NAME}rc.cjs`, `.${NAME}rc.mjs`];
export const RC_SEARCH_PLACES: readonly string[] = [
  "package.json",
  ...RC_NAMES,
  ...RC_NAMES.map((n) => `.config/${n.slice(1)}`),
  ...["js", "ts", "cjs", "mjs"].map((ext) => `${NAME}.config.${ext}`),
];

/** The settings that decide what `deploy` deploys; every other key is not read. */
export interface ToolkitSettings {
  serviceName?: string;
  serviceSid?: string;
  /** The domain suffix ("" for none); or the toolkit's `--environment` value. */
  environment?: string;
  functionsFolder?: string;
  assetsFolder?: string;
  /** false: deploy no Functions (`--no-functions`). */
  functions?: boolean;
  /** false: deploy no Assets (`--no-assets`). */
  assets?: boolean;
  runtime?: string;
  /** The env file, relative to the project (`--env`). Default `.env`. */
  env?: string;
}

const STRING_SETTINGS = ["serviceName", "serviceSid", "environment", "functionsFolder", "assetsFolder", "runtime", "env"] as const;
const BOOLEAN_SETTINGS = ["functions", "assets"] as const;

/**
 * Settings that change what the toolkit deploys but that the component does not follow, with why
 * (a warning names each one present).
 */
export const IGNORED_SETTINGS: Readonly<Record<string, string>> = {
  projects: "per-account overrides are not applied (the account is the provider's, not known when the program runs)",
  loadSystemEnv: "Variables come only from the env file, never from the environment of the program",
  region: "set the provider's twilio:serverlessBaseUrl instead",
  edge: "set the provider's twilio:serverlessBaseUrl instead",
  cwd: "the project directory is the component's dir argument",
};

export interface RcFile {
  /** The file, relative to the project directory (`.twilioserverlessrc`, `package.json`), or undefined when there is none. */
  file?: string;
  settings: ToolkitSettings;
  /** Keys of IGNORED_SETTINGS present in the file (top level, commands.deploy or the environment's entry). */
  ignored: string[];
}

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses one candidate file; undefined when the toolkit would skip it (empty, or a package.json without the key). */
function load(abs: string, rel: string): Raw | undefined {
  const base = nodePath.basename(abs);
  if (/\.(c|m)?(js|ts)$/.test(base)) throw new DeclarationError(msg.unsupportedRc(rel));
  const text = fs.readFileSync(abs, "utf8");
  let parsed: unknown;
  try {
    if (base === "package.json") parsed = (JSON.parse(text) as Raw)[NAME];
    else if (/\.ya?ml$/.test(base)) parsed = yaml.load(text);
    else parsed = text.trim() === "" ? undefined : JSON5.parse(text);
  } catch (err) {
    throw new DeclarationError(msg.unparseableRc(rel, (err as Error).message));
  }
  if (parsed === undefined || parsed === null) return undefined;
  if (!isObject(parsed)) throw new DeclarationError(msg.rcNotObject(rel));
  return parsed;
}

/** Finds the project's rc file (or loads `explicit`, relative to the project), as the toolkit does. */
function find(projectDir: string, explicit?: string): { file?: string; raw: Raw } {
  if (explicit !== undefined) {
    const abs = nodePath.resolve(projectDir, explicit);
    if (!fs.existsSync(abs)) throw new DeclarationError(msg.missingRc(explicit));
    return { file: explicit, raw: load(abs, explicit) ?? {} };
  }
  for (const place of RC_SEARCH_PLACES) {
    const abs = nodePath.join(projectDir, place);
    if (!fs.statSync(abs, { throwIfNoEntry: false })?.isFile()) continue;
    const raw = load(abs, place);
    if (raw) return { file: place, raw };
  }
  return { raw: {} };
}

/**
 * The deploy settings of the project's rc file for `environmentKey` (the toolkit's
 * `--environment` value: "dev" when none is given, "*" for production). Throws on a file it
 * cannot read, a refused format, or a setting of the wrong type, naming the file and the field.
 */
export function readRcFile(projectDir: string, environmentKey: string, explicit?: string): RcFile {
  const { file, raw } = find(projectDir, explicit);
  const { projects, environments, commands, ...base } = raw;
  const layers: Array<[string, unknown]> = [
    ["", base],
    ["commands.deploy.", isObject(commands) ? commands.deploy : undefined],
    [`environments[${JSON.stringify(environmentKey)}].`, isObject(environments) ? environments[environmentKey] : undefined],
  ];
  const settings: Record<string, unknown> = {};
  const ignored = new Set<string>(projects !== undefined ? ["projects"] : []);
  for (const [prefix, layer] of layers) {
    if (!isObject(layer)) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (key in IGNORED_SETTINGS) ignored.add(key);
      const expected = (STRING_SETTINGS as readonly string[]).includes(key)
        ? "string"
        : (BOOLEAN_SETTINGS as readonly string[]).includes(key)
          ? "boolean"
          : undefined;
      if (!expected) continue;
      if (typeof value !== expected) throw new DeclarationError(msg.badSetting(prefix + key, file ?? "", value, expected === "string" ? "a string" : "true or false"));
      settings[key] = value;
    }
  }
  return { file, settings: settings as ToolkitSettings, ignored: [...ignored].sort() };
}
