/**
 * A build's Dependencies, checked at CreateBuild as Twilio does: "Some dependencies could not be
 * validated. No matching version found for …" is a 400/20001 answer to the create
 * (serverless-toolkit#538), so Twilio resolves every dependency against npm before it accepts
 * the build. The emulator does the same with npm's own resolver (pacote), from the local npm
 * cache first, then the registry.
 *
 * Readings (README, "Differences from Twilio"): a malformed list, and a dependency that is not a
 * registry version, range or tag (git, file, URL), are refused with the same 400/20001; with
 * resolution turned off (`--no-resolve-dependencies`) only the form is checked.
 *
 * `@twilio/runtime-handler` is never looked up in npm: Twilio checks it against its own list of
 * versions (`runtimeHandlerFailure`, README R8 and R9).
 */
import { homedir } from "node:os";
import { join } from "node:path";
import npa from "npm-package-arg";
import pacote from "pacote";
import { invalid, MESSAGES, type TwilioError } from "./errors";
import { DEFAULT_DEPENDENCIES, NODE24_OLDEST_HANDLER, RUNTIME_HANDLER_PAGE } from "./facts";
import type { Dependency } from "./store/records";

/** Spec types that name something in the npm registry. */
const REGISTRY_TYPES = new Set(["version", "range", "tag"]);

/**
 * Dependencies as Twilio's docs send them (a JSON list of `{name, version}`) or as its toolkit
 * does (the same JSON wrapped in literal double quotes, serverless-api.md §6). Throws the 400.
 */
export function parseDependencies(raw: string | undefined): Dependency[] {
  if (raw === undefined || raw.trim() === "") return [];
  let text = raw.trim();
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      const decoded: unknown = JSON.parse(text);
      if (typeof decoded === "string") text = decoded;
    } catch {
      text = text.slice(1, -1);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalid(MESSAGES.malformedDependencies(`not JSON (${(err as Error).message})`));
  }
  if (!Array.isArray(value)) throw invalid(MESSAGES.malformedDependencies("must be a JSON list of {name, version} objects"));
  return value.map((entry: unknown, index) => {
    const { name, version } = (entry ?? {}) as Record<string, unknown>;
    if (typeof name !== "string" || name === "" || typeof version !== "string") {
      throw invalid(MESSAGES.malformedDependencies(`entry ${index} is ${JSON.stringify(entry)}, not {name, version} strings`));
    }
    return { name, version };
  });
}

/** The registry spec of one dependency; throws the 400 for a bad name or a non-registry spec. */
function registrySpec(dep: Dependency): npa.Result {
  const spec = `${dep.name}@${dep.version}`;
  let parsed: npa.Result;
  try {
    parsed = npa.resolve(dep.name, dep.version);
  } catch (err) {
    throw invalid(MESSAGES.dependencyUnresolvable(spec, (err as Error).message));
  }
  if (!REGISTRY_TYPES.has(parsed.type)) {
    throw invalid(MESSAGES.dependencyUnresolvable(spec, `a ${parsed.type} dependency; only npm registry versions, ranges and tags are resolved`));
  }
  return parsed;
}

/** pacote hands fetch options on to npm-registry-fetch; @types/pacote does not list them. */
type ResolveOptions = pacote.Options & { fetchRetries: number; timeout: number };

/** The npm cache and registry the emulator uses, to resolve here and to install (functions/workspace.ts). */
export function npmSettings(): { cacheRoot: string; registry: string } {
  return {
    cacheRoot: process.env.npm_config_cache ?? join(homedir(), ".npm"),
    registry: process.env.npm_config_registry ?? "https://registry.npmjs.org/",
  };
}

function pacoteOptions(): ResolveOptions {
  const { cacheRoot, registry } = npmSettings();
  return {
    cache: join(cacheRoot, "_cacache"),
    registry,
    preferOffline: true,
    fetchRetries: 1,
    timeout: 30_000,
  };
}

/** Why npm could not resolve `spec`, as the 400 Twilio answers. */
function unresolved(spec: string, err: unknown): TwilioError {
  const code = (err as { code?: unknown }).code;
  if (code === "ETARGET") return invalid(MESSAGES.dependencyNotFound(spec));
  if (code === "E404") return invalid(MESSAGES.dependencyUnresolvable(spec, "no such package in the npm registry"));
  return invalid(
    MESSAGES.dependencyUnresolvable(
      spec,
      `the npm registry could not be asked (${(err as Error).message}); start the emulator with --no-resolve-dependencies to check only their form`,
    ),
  );
}

/** `a` before `b`, for exact versions `x.y.z` (Twilio's handler list has no pre-releases). */
function olderThan(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
}

/**
 * The declared `@twilio/runtime-handler`, checked as Twilio checks it: against Twilio's own list of
 * versions (`versions`, facts.ts), never npm's. An exact version not on the list, or a tag, is the
 * 400/20001 of serverless-toolkit#538 and #564. What Twilio accepts and then fails to build answers
 * why (the build ends `failed`, the reason in the emulator's log): a range, which Twilio's builds
 * fail on ("we'll only fail when the API fails down the line", serverless-toolkit#273, 2021-05; the
 * toolkit checks for an exact version since, #280), and on node24 a handler older than 1.2.0
 * (changelog, 2026-07-08). Undefined: nothing to fail for.
 */
export function runtimeHandlerFailure(deps: readonly Dependency[], runtime: string, versions: readonly string[]): string | undefined {
  const dep = deps.find((d) => d.name === DEFAULT_DEPENDENCIES.runtimeHandler);
  if (!dep) return undefined;
  const spec = registrySpec(dep);
  if (spec.type === "range") return `${spec.raw} is a range; Twilio builds only an exact version of its list (${RUNTIME_HANDLER_PAGE})`;
  const version = spec.fetchSpec ?? dep.version;
  if (spec.type !== "version" || !versions.includes(version)) throw invalid(MESSAGES.runtimeHandlerNotFound(spec.raw, RUNTIME_HANDLER_PAGE));
  if (runtime === "node24" && olderThan(version, NODE24_OLDEST_HANDLER)) {
    return `${spec.raw} is older than ${NODE24_OLDEST_HANDLER}, which node24 builds need at least: upgrade it before deploying to node24`;
  }
  return undefined;
}

/** Checks that every dependency resolves in npm; throws the first 400, in the list's order. */
export async function resolveDependencies(deps: readonly Dependency[]): Promise<void> {
  const specs = deps.map(registrySpec);
  const options = pacoteOptions();
  const outcomes = await Promise.allSettled(specs.map((spec) => pacote.manifest(spec.raw, options)));
  outcomes.forEach((outcome, i) => {
    if (outcome.status === "rejected") throw unresolved(specs[i].raw, outcome.reason);
  });
}

/** The form check alone, for an emulator that does not resolve. */
export function checkDependencyForms(deps: readonly Dependency[]): void {
  deps.forEach(registrySpec);
}
