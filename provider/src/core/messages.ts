/**
 * Every user-facing message of the provider, its REST client and the AssetFolder component, built
 * in one place so the wording cannot drift between resources and tests import it instead of
 * repeating it. No message ever receives a credential: callers pass SIDs, names, HTTP methods and
 * URL paths (never a full URL, which could carry userinfo).
 */

/** Longest value quoted verbatim in a message; longer ones are cut with an ellipsis. */
const MAX_QUOTED = 80;

export function quote(value: unknown): string {
  if (typeof value === "string") {
    const shown = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
    return JSON.stringify(shown);
  }
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json;
}

export function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString("en-US")} bytes`;
}

// ---- REST client -------------------------------------------------------------------------------

export interface ApiErrorFacts {
  status: number;
  code?: number;
  twilioMessage: string;
  method: string;
  path: string;
  tries: number;
}

function afterTries(tries: number): string {
  return tries > 1 ? ` after ${tries} tries` : "";
}

/** `HTTP 409, Twilio 20409: Environment has already requested deployment (POST /v1/…)` */
export function apiError(e: ApiErrorFacts): string {
  const code = e.code === undefined ? "" : `, Twilio ${e.code}`;
  return `HTTP ${e.status}${code}: ${e.twilioMessage} (${e.method} ${e.path})${afterTries(e.tries)}`;
}

/** `ACa1b2c3…9f3e`: enough of a SID to compare with the Console, never a secret. */
function shortSid(sid: string): string {
  return sid.length > 12 ? `${sid.slice(0, 6)}…${sid.slice(-4)}` : sid;
}

/**
 * After a 401, once per failed operation (`OperationError`): which credentials were sent (the user
 * SID shortened, the settings by name: a config key has a namespace, `ns`, a variable none) and how
 * to check them.
 */
export function refusedCredentials(user: string, settings: readonly string[], ns: string): string {
  const what = user.startsWith("SK") ? `API key ${shortSid(user)} with its secret` : `Account SID ${shortSid(user)} with its auth token`;
  const from = settings.length ? `, from ${settings.join(" and ")}` : "";
  const [userSetting, secretSetting] = settings;
  const fromConfig = (setting: string | undefined) => setting?.startsWith(`${ns}:`) ?? false;
  const fix = fromConfig(secretSetting)
    ? ` (pulumi config set --secret ${secretSetting} sets the secret again${fromConfig(userSetting) ? `; pulumi config get ${userSetting} shows the SID` : ""})`
    : secretSetting
      ? " (they are read from the environment of the pulumi command)"
      : "";
  return (
    `Twilio refused the credentials: ${what}${from}. ` +
    `Check that they belong together and to the account: the Twilio Console's Account Info and API keys, or what the emulator printed${fix}. ` +
    `The provider reads stack config first (${ns}:accountSid and ${ns}:authToken, or ${ns}:apiKey and ${ns}:apiSecret), ` +
    "then the environment (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET)"
  );
}

export function connectionError(method: string, path: string, origin: string, cause: string, tries: number): string {
  return `Could not reach ${origin}: ${cause} (${method} ${path})${afterTries(tries)}`;
}

export function unparseableResponse(status: number, method: string, path: string): string {
  return `Twilio answered HTTP ${status} with a body that is not JSON (${method} ${path})`;
}

export function unexpectedResponse(method: string, path: string, what: string): string {
  return `Unexpected response from Twilio (${method} ${path}): ${what}`;
}

// ---- configuration -----------------------------------------------------------------------------

/** `ns`: the config namespace the provider reads (`twilio`, or the plugin's `twilio-serverless`). */
export function missingCredentials(ns: string): string {
  return (
    `No Twilio credentials. Set stack config ${ns}:accountSid and ${ns}:authToken ` +
    `(pulumi config set --secret ${ns}:authToken …), or ${ns}:apiKey and ${ns}:apiSecret; ` +
    "or the environment variables TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET."
  );
}

export function invalidSetting(key: string, envName: string, value: string, expected: string): string {
  return `Setting ${key} (or ${envName}) is ${quote(value)}: ${expected}`;
}

export function expectedNumber(min: number, whole: boolean): string {
  return `expected ${whole ? "a whole number" : "a number"} of at least ${min}`;
}

export function expectedBoolean(): string {
  return "expected true or false";
}

export function expectedUrl(): string {
  return "expected an http(s) URL";
}

export function expectedUrlWithoutCredentials(): string {
  return "expected an http(s) URL without credentials";
}

export function insecureUrl(optInKey: string): string {
  return (
    "plain http to a host other than this machine would send the Twilio credentials in clear text; " +
    `use https, or set ${optInKey} to true for a host you trust (an emulator in docker-compose, say)`
  );
}

/**
 * A key in our config namespace (`twilio:*`) that is not ours but nearly is: the setting meant would silently keep its
 * default (Twilio's hosts, say), so nothing runs until it is renamed.
 */
export function configNearMiss(given: string, meant: string): string {
  return (
    `Stack config ${given} is not a setting of pulumi-twilio-serverless; did you mean ${meant}? ` +
    `Rename it (pulumi config get ${given}, then pulumi config rm ${given} and pulumi config set ${meant} …, with --secret for a credential)`
  );
}

/** A credential's secret in plain text in `Pulumi.<stack>.yaml`, which teams commit. */
export function plainTextSecret(key: string): string {
  return (
    `Stack config ${key} is stored in plain text in Pulumi.<stack>.yaml, which is usually committed: ` +
    `set it again with pulumi config set --secret ${key} … (and rotate it if the file was shared)`
  );
}

export interface NamedSetting {
  key: string;
  env: string;
}

/** The upload URL names a host that is not Twilio's, and the API URL is left at Twilio's. */
export function uploadUrlWithoutBaseUrl(upload: NamedSetting, shownUpload: string, base: NamedSetting): string {
  return (
    `Setting ${upload.key} (or ${upload.env}) is ${quote(shownUpload)}, but ${base.key} (or ${base.env}) is not set, ` +
    "so API calls would go to Twilio and uploads elsewhere, each with the account's credentials. " +
    `Set ${base.key} to the same host (the emulator's URL, say), or remove ${upload.key}`
  );
}

/** One URL at Twilio, the other not. */
export function mixedBaseUrls(base: NamedSetting, shownBase: string, upload: NamedSetting, shownUpload: string): string {
  return (
    `Setting ${base.key} (or ${base.env}) is ${quote(shownBase)} and ${upload.key} (or ${upload.env}) is ${quote(shownUpload)}: ` +
    "one is Twilio's and the other is not, so one account's requests would be split between two places. " +
    `Point both at Twilio or both at the emulator (with ${upload.key} unset, uploads go where ${base.key} points)`
  );
}

// ---- resource operations -----------------------------------------------------------------------

export type Verb = "create" | "read" | "update" | "delete";

/**
 * `Failed to create Environment "staging" in Service ZS…: HTTP 409, Twilio 20409: … (POST /v1/…)`
 * `subject` is whatever identifies the object best (a unique name, a path, a SID).
 */
export function operationFailed(verb: Verb, kind: string, subject: string, where: string | undefined, cause: string): string {
  const location = where ? ` in ${where}` : "";
  return `Failed to ${verb} ${kind} ${subject}${location}: ${cause}`;
}

/** An info line: a create took over what an interrupted update left instead of making another. */
export function adoptedOrphan(kind: string, friendlyName: string, sid: string, serviceSid: string): string {
  return `${kind} ${quote(friendlyName)}: took over ${sid} in Service ${serviceSid}, which an interrupted update left (same friendly name, no versions)`;
}

/** An info line: a create took over the object `adoptSid` names instead of failing on its name. */
export function adoptedBySid(kind: string, sid: string, field: string, value: string): string {
  return `${kind}: took over ${sid} (adoptSid), which has ${field} ${quote(value)}`;
}

export function adoptedBuild(sid: string, serviceSid: string): string {
  return `Build: took over ${sid} in Service ${serviceSid}, which an interrupted update started with exactly these versions`;
}

export function unknownResourceKind(kind: string, known: readonly string[]): string {
  return `Unknown resource kind ${quote(kind)}; expected one of ${known.join(", ")}`;
}

// ---- the provider plugin ------------------------------------------------------------------------

/** A type the plugin does not serve (a newer version's, or a typo in a program). */
export function unknownPluginType(type: string, known: readonly string[]): string {
  return `The twilio-serverless plugin does not serve ${quote(type)}; it serves ${known.join(", ")}`;
}

/**
 * `pulumi import` (or a resource's `get`) of a kind whose state Twilio cannot give back: an
 * AssetVersion's content, a bundle's files or a cleanup's bookkeeping exist only in the program.
 */
export function notImportable(kind: string, why: string): string {
  return `${/^[AEIOU]/.test(kind) ? "An" : "A"} ${kind} cannot be imported: ${why}. Declare it in the program instead; pulumi up uploads or records it anew`;
}

/** A component input the program must know while it runs (a folder, a setting), given as another resource's output. */
export function componentInputUnknown(component: string, name: string, field: string): string {
  return `${component} ${quote(name)}: ${field} must be a value the program knows when it runs (a string, list or map written in it), not another resource's output`;
}

export function componentServiceTwice(component: string, name: string): string {
  return `${component} ${quote(name)}: give service (a Service resource) or serviceSid (a SID), not both`;
}

export function componentServiceMissing(component: string, name: string): string {
  return `${component} ${quote(name)}: service (a Service resource) or serviceSid (a SID, ZS…) is required`;
}

/** An import ID without the parents a kind's read needs: `ZS…/ZE…` for an Environment. */
export function badImportId(kind: string, id: string, format: string): string {
  return `Cannot import ${kind} ${quote(id)}: expected ${format} (the SIDs from the Twilio Console or API, joined by "/")`;
}

// ---- check failures: `AssetVersion "logo": path "/a b.png" contains whitespace` ----------------

export function invalidInput(kind: string, name: string, field: string, value: unknown, problem: string): string {
  return `${kind} ${quote(name)}: ${field} ${quote(value)} ${problem}`;
}

export function missingInput(kind: string, name: string, field: string): string {
  return `${kind} ${quote(name)}: ${field} is required`;
}

export function resourceRule(kind: string, name: string, text: string): string {
  return `${kind} ${quote(name)}: ${text}`;
}

export const problems = {
  tooLong: (length: number, limit: number, unit = "characters") =>
    `is ${length} ${unit} long, over the limit of ${limit}`,
  empty: () => "is empty",
  notOneOf: (allowed: readonly string[]) => `is not one of ${allowed.join(", ")}`,
  notString: () => "is not a string",
  notBoolean: () => "is not a boolean (true or false)",
  notSid: (prefix: string) => `is not a ${prefix} SID (${prefix} followed by 32 hexadecimal digits)`,
  notArrayOfSids: (prefix: string) => `is not a list of ${prefix} SIDs`,
  notMapOfSids: (prefix: string) => `is not a map from paths to ${prefix} SIDs`,
  tooMany: (count: number, limit: number, what: string) => `has ${count} ${what}, over the limit of ${limit}`,
  noVersions: () => "is empty, and so are assetVersionsByPath and functionVersions: a build needs at least one version",
  domainLabel: () => "may contain only letters, digits and dashes (it becomes part of a domain name)",
  pathWhitespace: () => "contains whitespace",
  pathControl: () => "contains a control character",
  pathForbiddenCharacter: (ch: string, all: string) => `contains the forbidden character '${ch}' (none of ${all} are allowed)`,
  pathFragment: () => "contains '#': Twilio paths must be without fragments, and browsers never send one",
  pathPercent: () => "contains '%': browsers read it as an escape, so the file could never be fetched under this path",
  pathBackslash: () => "contains '\\': browsers read it as '/', so the file could never be fetched under this path",
  pathEmptySegment: () => "contains '//' (an empty segment), which could never be fetched as written",
  pathDotSegment: () => "contains a '.' or '..' segment, which browsers remove, so the file could never be fetched",
  notRelease: () =>
    "is not a release: a site's release output ({ serviceSid, buildSid, environment, files, functions }), as AssetFolder and ServerlessProject export it",
  releaseOfAnotherBuild: (buildSid: string) => `is not the build this deploys (buildSid ${buildSid}): pass the release whose buildSid you deploy`,
  releaseOfAnotherService: (serviceSid: string) =>
    `is not the service this deploys to (serviceSid ${serviceSid}): a build deploys only to an environment of the service that made it`,
  dependencies: () => "must map package names to version strings, e.g. { \"lodash\": \"4.17.21\" }",
  dependencyName: (reasons: readonly string[]) => `is not an npm package name (${reasons.join("; ")})`,
  dependencyVersion: () =>
    "is not an npm version, range or dist-tag: Twilio resolves dependencies from the npm registry (git, file and URL specs are not)",
  duplicateSids: (sid: string) => `lists ${sid} more than once`,
  runtimeHandlerRange: () =>
    "is not an exact version: Twilio takes @twilio/runtime-handler only as one of the exact versions it lists " +
    "(https://www.twilio.com/docs/serverless/functions-assets/handler), and a build given a range fails after Twilio accepted it",
  contentChoice: () => "set exactly one of content (a FileAsset or StringAsset) and contentFile (a file path)",
  unsupportedAsset: () => "is not supported: use a FileAsset, a StringAsset or contentFile",
  valueNotString: () => "value is not a string",
  valueTooLong: (bytes: number, limit: number) => `value is ${bytes} bytes long, over the limit of ${limit} (the value is not shown)`,
  fileMissing: () => "does not exist",
  notAFile: () => "is not a regular file",
  unreadable: (reason: string) => `cannot be read: ${reason}`,
  fileTooLarge: (size: number, limit: number, visibility: string) =>
    `is ${formatBytes(size)}, over the limit of ${formatBytes(limit)} for ${visibility} versions`,
  /** A unique name Twilio already has, e.g. left by an interrupted `pulumi up`: what to do about it. */
  serviceNameTaken: (sid: string) =>
    `is taken: the account already has Service ${sid} by that name (unique names are unique per account, in any case). ` +
    `If an interrupted pulumi up created it, take it over with adoptSid: "${sid}" on this Service ` +
    "(dynamic providers cannot use pulumi import); otherwise choose another uniqueName, or delete that Service",
  environmentNameTaken: (sid: string, serviceSid: string, domainName: string) =>
    `is taken: Service ${serviceSid} already has Environment ${sid} (${domainName}) with it ` +
    "(an environment's uniqueName and domainSuffix are each unique in its service). " +
    `If an interrupted pulumi up created it with this uniqueName and domainSuffix, take it over with adoptSid: "${sid}" on this Environment ` +
    "(in an AssetFolder: environment: { uniqueName, domainSuffix, adoptSid }); otherwise choose another, or delete that Environment",
  variableKeyTaken: (sid: string, environmentSid: string) =>
    `is taken: Environment ${environmentSid} already has Variable ${sid} with it (keys are unique in an environment); ` +
    "delete that Variable (e.g. left by an interrupted pulumi up), or choose another key",
} as const;

// ---- builds and deployments --------------------------------------------------------------------

export function concurrencyCut(limit: number, max: number): string {
  return `Twilio answered 429 (20429, too many requests at once): now at most ${limit} of ${max} requests in flight, growing back as answers succeed`;
}

/** A resource's status line: what its step is doing, then what the REST client had to do meanwhile. */
export function statusLine(step: string, retries: number, concurrencyCut: string | undefined): string {
  const retried = retries > 0 ? `${retries.toLocaleString("en-US")} ${retries === 1 ? "request" : "requests"} retried` : "";
  return [step, retried, concurrencyCut ?? ""].filter(Boolean).join("; ");
}

/** `1.2 MB`, `340 KB`, `12 bytes`: sizes in status lines. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${+(bytes / 1000).toFixed(1)} KB`;
  return `${+(bytes / 1_000_000).toFixed(1)} MB`;
}

/** The first status line of every delete: `deleting Build ZB…`. */
export function deletingResource(kind: string, id: string): string {
  return `deleting ${kind} ${id}`;
}

export function buildProgress(sid: string, status: string, elapsedMs: number): string {
  return `Build ${sid}: ${status} (${Math.round(elapsedMs / 1000)}s)`;
}

/**
 * Twilio's Build Status says only `failed`: its API gives no reason. Dependencies and the runtime
 * are checked when the build is created, so a failure here is Twilio's packaging or health check.
 */
export function buildFailed(sid: string, serviceSid: string): string {
  return (
    `Build ${sid} of Service ${serviceSid} failed: Twilio reports status "failed" and no reason. ` +
    `Look for the build's errors in the Twilio Console, under Monitor > Logs > Errors (the Debugger) ` +
    `and on the service's page under Functions and Assets > Services; fix the cause and run pulumi up again. ` +
    `Causes seen before: a dependency Twilio could not install, and on node24 a @twilio/runtime-handler older than 1.2.0`
  );
}

/** An environment that still serves a build when its Service is to be deleted. */
export interface LiveEnvironment {
  sid: string;
  uniqueName: string;
  domainName: string;
  buildSid: string;
}

/**
 * The Service's delete refused: Twilio would delete it with environments that still serve sites,
 * which this stack does not manage (its own are un-deployed and deleted before the Service).
 */
export function serviceStillServes(sid: string, uniqueName: string, live: readonly LiveEnvironment[]): string {
  const list = live.map((e) => `Environment ${quote(e.uniqueName)} (${e.sid}, https://${e.domainName}) serves Build ${e.buildSid}`).join("; ");
  return (
    `Service ${quote(uniqueName)} (${sid}) still serves ${live.length === 1 ? "a site" : `${live.length} sites`} that this stack does not manage: ${list}. ` +
    "Twilio deletes a Service with everything in it, live sites included, so this stack does not delete it. " +
    `Un-deploy ${live.length === 1 ? "that environment" : "those environments"} first, in the stack or tool that deployed to it, and run this again; ` +
    `or, if they are to go down, delete the Service yourself (Twilio Console, or twilio api:serverless:v1:services:remove --sid ${sid}) ` +
    "and run pulumi refresh, which drops it from this stack"
  );
}

export function buildTimedOut(sid: string, timeoutMs: number, lastStatus: string): string {
  return `Build ${sid} did not complete within ${+(timeoutMs / 1000).toFixed(1)}s (last status: ${lastStatus})`;
}

export function buildCleanupFailed(sid: string, cause: string): string {
  return `Could not delete the unfinished Build ${sid}; Twilio removes undeployed builds on its own: ${cause}`;
}

/** `production (prod-1234-prod.twil.io, ZE…)`: an environment as a note names it. */
function environmentLabel(env: { sid: string; uniqueName: string; domainName: string }): string {
  return `${env.uniqueName} (${env.domainName}, ${env.sid})`;
}

/** An info line: an Asset or Function this stack removed stays in Twilio while a build another environment serves holds it. */
export function containerStillServed(kind: string, name: string | undefined, sid: string, serving: ReadonlyArray<{ sid: string; uniqueName: string; domainName: string }>): string {
  const envs = serving.map(environmentLabel).join(" and ");
  return (
    `${kind} ${name === undefined ? sid : `${quote(name)} (${sid})`} stays in Twilio: Environment ${envs} serves a build that holds it, and no Deployment of this stack put it there. ` +
    "It leaves this stack's state; the site's BuildCleanup deletes it with the last such build once no environment serves that build"
  );
}

/** An info line: a Build this stack lets go of, which another environment still serves, stays live in Twilio. */
export function buildStillServed(sid: string, serving: ReadonlyArray<{ sid: string; uniqueName: string; domainName: string }>): string {
  const envs = serving.map(environmentLabel).join(" and ");
  return (
    `Build ${sid} stays in Twilio: Environment ${envs} serves it, and no Deployment of this stack put it there, so it is left live. ` +
    "It leaves this stack's state; the site's BuildCleanup deletes it at the site's next `pulumi up` after no environment serves it, or the Service's delete takes it along (Twilio deletes such builds after 7 days)"
  );
}

const count = (n: number, one: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : `${one}s`}`;

/** `2 changed, 1 added, 0 removed`, or `unchanged`. */
function changeCounts(changes: ReadonlyArray<{ kind: string }>): string {
  if (changes.length === 0) return "unchanged";
  const n = (kind: string) => changes.filter((c) => c.kind === kind).length;
  return `${n("changed")} changed, ${n("added")} added, ${n("removed")} removed`;
}

/**
 * A promotion, on its Deployment's row in the preview: `Deployment "production": deploys Build ZB…
 * from dev (17 files, 3 Functions); it served Build ZB… from dev before: files 2 changed, 1 added,
 * 0 removed; Functions unchanged`.
 */
export function promotion(
  name: string,
  release: { buildSid: string; environment: string; files: Record<string, unknown>; functions: Record<string, unknown> },
  oldBuildSid: string | undefined,
  before: { environment: string; fileChanges: ReadonlyArray<{ kind: string }>; functionChanges: ReadonlyArray<{ kind: string }> } | undefined,
): string {
  const what = `${count(Object.keys(release.files).length, "file")}, ${count(Object.keys(release.functions).length, "Function")}`;
  const head = `Deployment ${quote(name)}: deploys Build ${release.buildSid} from ${release.environment} (${what})`;
  if (oldBuildSid === undefined) return head;
  const from = before ? ` from ${before.environment}` : "";
  const diff = before ? `: files ${changeCounts(before.fileChanges)}; Functions ${changeCounts(before.functionChanges)}` : "";
  return `${head}; it served Build ${oldBuildSid}${from} before${diff}`;
}

/** An info line: a build the site let go of, served by no environment any more, is deleted now. */
export function releasedBuildDeleted(sid: string, containers: number): string {
  const held = containers === 0 ? "" : `, with the ${containers} of its Assets and Functions the site no longer has`;
  return `deleted Build ${sid}, which this site let go of while another environment served it, and which none serves any more${held}`;
}

/** An info line at destroy: a released build still served stays in Twilio. */
export function releasedBuildLeft(sid: string): string {
  return `Build ${sid} stays in Twilio: another environment still serves it (Twilio deletes a build 7 days after its last deployment ends)`;
}

export function contentChangedDuringUpload(kind: string, path: string, expected: string, actual: string): string {
  return `${kind} ${quote(path)}: the file changed after preview (sha256 ${expected.slice(0, 12)}… became ${actual.slice(0, 12)}…); the uploaded content is recorded`;
}

// ---- AssetBundle and AssetCleanup ---------------------------------------------------------------

/** One file in a bundle's info line: changed (`~`), added (`+`) or removed (`-`), by its path in the build. */
export interface FileChangeLine {
  mark: "~" | "+" | "-";
  path: string;
  /** What else changed: `protected → public`, `was /index.html`. */
  detail?: string;
}

const FILE_CHANGE_WORDS = { "~": "changed", "+": "added", "-": "removed" } as const;

function fileChangeLine(line: FileChangeLine): string {
  return `  ${line.mark} ${line.path}${line.detail ? ` (${line.detail})` : ""}`;
}

export const bundleMessages = {
  notFileMap: () => "is not a map from each file's name to { path, visibility, contentFile }",
  notFileEntry: () => "is not an object { path, visibility, contentFile }",
  duplicatePath: (path: string, files: string[]) =>
    `${files.map((f) => quote(f)).join(" and ")} are all at path ${quote(path)}, and a build holds one version per path`,
  /** One failed file in `filesFailed`: `"img/a.png": HTTP 500 …`. */
  fileFailed: (file: string, cause: string) => `${quote(file)}: ${cause}`,
  /**
   * `Failed to update AssetBundle "site": 2 of 3 files to upload failed; the 1 Asset this run
   * created was deleted again, so the bundle is as it was:` followed by one line per file (at most
   * `shown`). `total`: the files this run uploads (new or changed), not the bundle's. `undoFailures`:
   * the created Assets whose delete failed too, listed apart.
   */
  filesFailed: (verb: Verb, name: string, failures: string[], total: number, created: number, undoFailures: string[] = [], shown = 10) => {
    const list = (items: string[]) => {
      const lines = items.slice(0, shown).map((f) => `  - ${f}`);
      if (items.length > shown) lines.push(`  - and ${items.length - shown} more`);
      return lines.join("\n");
    };
    const assets = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "Asset" : "Assets"}`;
    const undone =
      created === 0
        ? "no Asset was created, so the bundle is as it was"
        : undoFailures.length === 0
          ? `the ${assets(created)} this run created ${created === 1 ? "was" : "were"} deleted again, so the bundle is as it was`
          : `of the ${assets(created)} this run created, ${undoFailures.length.toLocaleString("en-US")} could not be deleted again (listed last)`;
    const undoLines = undoFailures.length === 0 ? "" : `\nNot deleted again:\n${list(undoFailures)}`;
    return (
      `Failed to ${verb} AssetBundle ${quote(name)}: ${failures.length.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} ${total === 1 ? "file" : "files"} to upload failed; ` +
      `${undone}:\n${list(failures)}${undoLines}`
    );
  },
  /**
   * Status line of an upload: `uploading 120 of 300 files, 1.2 MB of 3.4 MB`, and while the new
   * files' Assets are being created, `(118 of 290 new Assets created)`.
   */
  uploading: (files: number, totalFiles: number, bytes: number, totalBytes: number, creating?: { assets: number; newAssets: number }) =>
    `uploading ${files.toLocaleString("en-US")} of ${totalFiles.toLocaleString("en-US")} ${totalFiles === 1 ? "file" : "files"}, ` +
    `${formatSize(bytes)} of ${formatSize(totalBytes)}` +
    (creating ? ` (${creating.assets.toLocaleString("en-US")} of ${creating.newAssets.toLocaleString("en-US")} new Assets created)` : ""),
  /** Status line of a delete: `deleting 120 of 300 Assets`. */
  deleting: (assets: number, total: number) => `deleting ${assets.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} Assets`,
  /**
   * The info line a bundle's preview and update show on its row, naming every file that changes by
   * its path in the build: `AssetBundle "site": 1 file changed, 1 added, 1 removed:`, then one line
   * per file (`~ /about.html`, `+ /contact.html`, `- /notes.txt`, `~ /a.mp3 (protected → public)`).
   */
  fileChanges: (name: string, lines: readonly FileChangeLine[]) => {
    const counts = (["~", "+", "-"] as const)
      .map((mark) => [mark, lines.filter((l) => l.mark === mark).length] as const)
      .filter(([, n]) => n > 0)
      .map(([mark, n], i) => `${n.toLocaleString("en-US")}${i === 0 ? (n === 1 ? " file" : " files") : ""} ${FILE_CHANGE_WORDS[mark]}`);
    return `AssetBundle ${quote(name)}: ${counts.join(", ")}:\n${lines.map(fileChangeLine).join("\n")}`;
  },
  /**
   * A new bundle's info line: `AssetBundle "site": 20 files to upload, 1.2 MB:` and a `+ /path` line
   * per file; taking over a live build's Assets, it says so first (`takes over the 16 Assets of the
   * build "dev" serves, with 15 of their versions; 1 file to upload, 350 bytes:`).
   */
  filesToUpload: (name: string, lines: readonly FileChangeLine[], bytes: number, taken?: { environment: string; assets: number; versions: number }) => {
    const upload = `${lines.length.toLocaleString("en-US")} ${lines.length === 1 ? "file" : "files"} to upload${lines.length > 0 ? `, ${formatSize(bytes)}` : ""}`;
    const head = taken
      ? `takes over the ${taken.assets.toLocaleString("en-US")} ${taken.assets === 1 ? "Asset" : "Assets"} of the build ${quote(taken.environment)} serves, ` +
        `with ${taken.versions.toLocaleString("en-US")} of their versions; ${upload}`
      : upload;
    return `AssetBundle ${quote(name)}: ${head}${lines.length > 0 ? `:\n${lines.map(fileChangeLine).join("\n")}` : ""}`;
  },
  /**
   * An info line of a new bundle's create: it took over Assets of the live build instead of creating
   * new ones (a site leaving the per-file layout); their per-file resources leave the state, the
   * Assets stay.
   */
  tookOver: (name: string, environment: string, assets: number, uploads: number) =>
    `AssetBundle ${quote(name)}: took over the ${assets.toLocaleString("en-US")} ${assets === 1 ? "Asset" : "Assets"} of the build ${quote(environment)} serves ` +
    `(${uploads === 0 ? "each with its live version: nothing uploaded" : `${uploads.toLocaleString("en-US")} uploaded again, modified since or of another visibility`}); ` +
    "Asset resources that held them before leave the state and leave the Assets in Twilio",
  /** An info line: new files went to Assets an interrupted update left instead of new ones. */
  adoptedOrphans: (name: string, count: number, serviceSid: string) =>
    `AssetBundle ${quote(name)}: took over ${count.toLocaleString("en-US")} ${count === 1 ? "Asset" : "Assets"} in Service ${serviceSid} ` +
    "that an interrupted update left (the file's path as friendly name, in no build)",
  deleteFailed: (name: string, failures: string[], total: number) =>
    `Failed to delete AssetBundle ${quote(name)}: ${failures.length} of ${total.toLocaleString("en-US")} Assets could not be deleted ` +
    `(the others were; run pulumi destroy again):\n${failures.map((f) => `  - ${f}`).join("\n")}`,
  /** Assets of removed files that could not be deleted after the new deployment. */
  cleanupFailed: (name: string, failures: string[]) =>
    `AssetCleanup ${quote(name)}: ${failures.length} retired ${failures.length === 1 ? "Asset" : "Assets"} could not be deleted; ` +
    `the next pulumi up tries again:\n${failures.map((f) => `  - ${f}`).join("\n")}`,
} as const;

// ---- AssetFolder: the folder scan and the component (program time) ----------------------------

export const folderMessages = {
  /** Prefix of every error: `AssetFolder "site": …`. */
  subject: (label: string) => `AssetFolder ${quote(label)}`,
  notADirectory: (dir: string) => `${quote(dir)} is not a directory`,
  missingDirectory: (dir: string) => `the directory ${quote(dir)} does not exist`,
  symlinkOutside: (file: string, target: string) =>
    `${quote(file)} is a symbolic link to ${quote(target)}, outside the folder; ` +
    "copy the file into the folder or exclude the link",
  brokenSymlink: (file: string) => `${quote(file)} is a symbolic link whose target does not exist`,
  symlinkCycle: (dir: string, target: string) =>
    `${quote(dir)} is a symbolic link to ${quote(target)}, which contains it (a cycle); exclude the link`,
  notAFile: (file: string) => `${quote(file)} is neither a regular file nor a directory; exclude it`,
  notUtf8: (file: string) =>
    `${quote(file)} is a name that is not valid UTF-8 (its bad bytes shown as %XX), and Twilio paths are text; rename it or exclude it`,
  badPath: (file: string, path: string, problem: string) =>
    `${quote(file)} would be served at ${quote(path)}, which ${problem}; rename the file or exclude it`,
  duplicatePath: (path: string, files: string[]) =>
    `${files.map((f) => quote(f)).join(" and ")} would all be served at ${quote(path)}, and a build holds one version per path; ` +
    "rename or exclude all but one",
  fileTooLarge: (file: string, size: number, limit: number, visibility: string) =>
    `${quote(file)} is ${formatBytes(size)}, over Twilio's limit of ${formatBytes(limit)} for ${visibility} files; shrink it or exclude it`,
  /** More files of a kind than one build holds: `51 private files, over Twilio's limit of 50 per build`. */
  tooManyFiles: (count: number, limit: number, what: string) =>
    `the folder publishes ${count.toLocaleString("en-US")} ${what}, over Twilio's limit of ${limit.toLocaleString("en-US")} per build; ` +
    "exclude some, or split the folder between builds",
  tooManyFunctionVersions: (count: number, limit: number) =>
    `functionVersions lists ${count.toLocaleString("en-US")} function versions, over Twilio's limit of ${limit.toLocaleString("en-US")} per build`,
  rootPageMissing: (rootPage: string) =>
    `rootPage ${quote(rootPage)} is not one of the folder's published files (missing, hidden or excluded)`,
  rootPageNotPublic: (rootPage: string, visibility: string) =>
    `rootPage ${quote(rootPage)} is ${visibility}, and Twilio serves only a public asset at the root`,
  rootPathNotHtml: (rootPage: string, contentType: string) =>
    `rootPage ${quote(rootPage)} is ${contentType}, and Twilio serves only HTML from /assets/index.html; use rootPath "/"`,
  badRootPath: (rootPath: string) => `rootPath must be "/" or "/assets/index.html", got ${quote(rootPath)}`,
  badVisibility: (key: string, value: unknown) =>
    `the visibility override ${quote(key)} is ${quote(value)}; it must be "public", "protected" or "private"`,
  /** Joins the problems of one scan into one error message. */
  problems: (label: string, problems: string[]) =>
    problems.length === 1
      ? `${folderMessages.subject(label)}: ${problems[0]}.`
      : `${folderMessages.subject(label)} has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
} as const;

// ---- ServerlessProject: a Serverless Toolkit project read at program time ---------------------

export const projectMessages = {
  /** Prefix of every error: `ServerlessProject "app": …`. */
  subject: (label: string) => `ServerlessProject ${quote(label)}`,
  missingProject: (dir: string) => `the project directory ${quote(dir)} does not exist or is not a directory`,
  /** A folder named by the rc file or an argument (functionsFolder, assetsFolder) that is not there. */
  missingFolder: (field: string, folder: string, dir: string) =>
    `${field} is ${quote(folder)}, but ${quote(dir)} is not a directory`,
  noFiles: (dir: string) =>
    `${quote(dir)} has neither a functions/ (or src/) nor an assets/ (or static/) folder with files: nothing to deploy`,
  unsupportedRc: (file: string) =>
    `the configuration file ${quote(file)} is JavaScript or TypeScript, which would have to run to be read; ` +
    "ServerlessProject reads .twilioserverlessrc (JSON5), .twilioserverlessrc.json, .twilioserverlessrc.yaml/.yml " +
    'or package.json\'s "twilioserverless" key: write the same settings in one of those',
  unparseableRc: (file: string, cause: string) => `the configuration file ${quote(file)} cannot be parsed: ${cause}`,
  rcNotObject: (file: string) => `the configuration file ${quote(file)} does not hold an object of settings`,
  missingRc: (file: string) => `the configuration file ${quote(file)} (argument config) does not exist`,
  /** A setting of the wrong type: `environment in .twilioserverlessrc is 3; expected a string`. */
  badSetting: (field: string, file: string, value: unknown, expected: string) =>
    `${field} in ${quote(file)} is ${quote(value)}; expected ${expected}`,
  missingEnvFile: (file: string) => `the env file ${quote(file)} (setting env) does not exist`,
  variableKeyTooLong: (file: string, key: string, limit: number) =>
    `${quote(file)}: the key ${quote(key)} is ${key.length} characters long, over Twilio's limit of ${limit} for Variable keys`,
  variableValueTooLong: (file: string, key: string, bytes: number, limit: number) =>
    `${quote(file)}: the value of ${quote(key)} is ${formatBytes(bytes)}, over Twilio's limit of ${formatBytes(limit)} for Variable values (the value is not shown)`,
  badPackageJson: (file: string, cause: string) => `${quote(file)} cannot be read as JSON: ${cause}`,
  badDependency: (name: string, value: unknown) =>
    `package.json dependencies: ${quote(name)} is ${quote(value)}; expected a version string`,
  /** `package.json dependencies.lodash: "git+ssh://…" is not an npm version, range or dist-tag: …`. */
  dependencyProblem: (field: string, value: string, problem: string) => `package.json ${field}: ${quote(value)} ${problem}`,
  runtimeHandlerNotExact: (version: string) =>
    `package.json dependencies: "@twilio/runtime-handler" is ${quote(version)}; the Serverless Toolkit (and so this component) ` +
    "takes only an exact version, e.g. \"2.0.0\" (npm install @twilio/runtime-handler --save-exact)",
  runtimeHandlerInDevDependencies: () =>
    'package.json declares "@twilio/runtime-handler" in devDependencies; it has to be in "dependencies" to reach Twilio, as the Serverless Toolkit requires',
  badRuntime: (field: string, value: unknown, allowed: readonly string[]) =>
    `${field} is ${quote(value)}; Twilio builds only ${allowed.join(", ")}`,
  noServiceName: () =>
    'no service: pass service (a Service or its SID), or set serviceName or serviceSid in the rc file, or "name" in package.json',
  /** A value that becomes part of a domain name: `environment is "my_env", which may contain only …`. */
  badName: (field: string, value: string, problem: string) => `${field} is ${quote(value)}, which ${problem}`,
  environmentSid: (value: string) =>
    `environment is the Environment SID ${quote(value)}; pass the Environment resource instead (a string is the toolkit's --environment, a domain suffix)`,
  badPath: (file: string, path: string, problem: string) =>
    `${quote(file)} would be served at ${quote(path)}, which ${problem}; rename the file`,
  duplicatePath: (path: string, files: string[]) =>
    `${files.map((f) => quote(f)).join(" and ")} would all be served at ${quote(path)}, and a build holds one version per path; rename all but one`,
  fileTooLarge: (file: string, size: number, limit: number, visibility: string) =>
    `${quote(file)} is ${formatBytes(size)}, over Twilio's limit of ${formatBytes(limit)} for ${visibility} files`,
  tooMany: (count: number, limit: number, what: string) =>
    `the project has ${count.toLocaleString("en-US")} ${what}, over Twilio's limit of ${limit.toLocaleString("en-US")} per build`,
  notUtf8: (file: string) => `${quote(file)} is a name that is not valid UTF-8 (its bad bytes shown as %XX), and Twilio paths are text; rename it`,
  unreadable: (file: string, cause: string) => `${quote(file)} cannot be read: ${cause}`,
  /** A warning: a setting that changes what the toolkit deploys, which the component does not follow. */
  ignoredSetting: (label: string, field: string, file: string, why: string) =>
    `${projectMessages.subject(label)}: ${field} in ${quote(file)} is ignored: ${why}`,
  problems: (label: string, problems: string[]) =>
    problems.length === 1
      ? `${projectMessages.subject(label)}: ${problems[0]}.`
      : `${projectMessages.subject(label)} has ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
} as const;
