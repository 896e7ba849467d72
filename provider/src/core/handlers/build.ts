/**
 * Build: check/diff/create/read/delete (the resource class is in `../build.ts`). `create` waits for
 * the build to finish; a failed or timed-out build is deleted again so nothing is left behind. It
 * never starts a second build for one request: it takes over the build an interrupted update
 * started, and after a lost answer the build that try started (`startBuild`).
 */
import type { TwilioClient } from "../client/client";
import { isApiError } from "../client/errors";
import {
  buildMatches,
  type BuildRecord,
  createBuild,
  deleteBuild,
  fetchBuild,
  fetchBuildStatus,
  listBuilds,
} from "../client/builds";
import { type EnvironmentRecord, listEnvironments } from "../client/environments";
import { newestFirst } from "../client/paging";
import type { BuildInputs, BuildOutputs } from "../../resources/build";
import semver from "semver";
import { dependencyProblems } from "../dependencies";
import { RUNTIME_HANDLER } from "../../toolkit/packageJson";
import { LIMITS, RUNTIMES } from "../limits";
import { BUNDLE_KEY } from "../kinds";
import * as messages from "../messages";
import { type BuildWaitSettings, buildWaitSettings, getClient } from "../settings";
import { startedHere, uploadedHere } from "./claims";
import { withKnownVersions } from "./bundleVersions";
import { diffByRules, shownByEngine } from "./diffing";
import { attempt, attemptUnlessGone, type Operation, operationError } from "./failures";
import { GONE, type Handler, type Hidden, keepOutputs, withoutProvider } from "./handler";
import { reportNote, reportStep, reportWarning } from "../progress";
import { Checker, isUnknown, resourceName, UNKNOWN } from "./validation";

const KIND = "Build";
const REPLACE_ON = ["serviceSid", "assetVersions", "assetVersionsByPath", "functionVersions", "dependencies", "runtime"] as const;
/** Twilio keeps no order among a build's versions. */
const UNORDERED = ["assetVersions", "functionVersions"] as const;

function op(verb: messages.Verb, props: BuildInputs & Hidden, sid?: string): Operation {
  return { verb, kind: KIND, subject: sid ?? messages.quote(resourceName(props, "build")), where: `Service ${props.serviceSid}` };
}

function outputs(inputs: BuildInputs & Hidden, build: BuildRecord, status: string) {
  return { ...withoutProvider(inputs), sid: build.sid, status, url: build.url } satisfies BuildOutputs & Hidden;
}

/**
 * An import reads with no state (the plugin's `pulumi import`): the build's inputs as Twilio
 * holds them, its versions, its dependencies (with those Twilio added) and its runtime.
 */
function importedInputs(build: BuildRecord): Omit<BuildInputs, "serviceSid"> {
  return {
    assetVersions: build.assetVersions,
    functionVersions: build.functionVersions,
    dependencies: build.dependencies.length ? Object.fromEntries(build.dependencies.map((d) => [d.name, d.version])) : undefined,
    runtime: RUNTIMES.find((r) => r === build.runtime),
  };
}

/**
 * What can be known of dependencies before Twilio resolves them at CreateBuild (it answers
 * 400/20001 "Some dependencies could not be validated…"): their shape, that each name is an npm
 * package name, and that each version is an npm version, range or dist-tag.
 */
function checkDependencies(c: Checker): Record<string, string> | string | undefined {
  const deps = c.value("dependencies");
  if (deps === undefined || deps === UNKNOWN) return deps;
  const entries = typeof deps === "object" && deps !== null && !Array.isArray(deps) ? Object.entries(deps) : undefined;
  if (!entries || entries.some(([name, version]) => name === "" || !(isUnknown(version) || (typeof version === "string" && version !== "")))) {
    c.fail("dependencies", deps, messages.problems.dependencies());
    return undefined;
  }
  for (const [name, version] of entries) {
    const known = typeof version === "string" && !isUnknown(version) ? version : undefined;
    const found = dependencyProblems(name, known);
    for (const p of found) c.fail(p.field, p.value, p.problem);
    // Twilio accepts a range for its runtime handler, then fails the build (emulator/README).
    if (name === RUNTIME_HANDLER && known !== undefined && found.length === 0 && semver.valid(known) === null) {
      c.fail(`dependencies.${name}`, known, messages.problems.runtimeHandlerRange());
    }
  }
  return Object.fromEntries(entries);
}

/** Versions by path add to the list: together they are within the limit, and none is named twice. */
function checkByPath(c: Checker, list: string[], byPath: Record<string, string>, limit: number): void {
  const seen = new Set(list);
  for (const [path, sid] of Object.entries(byPath)) {
    if (sid === UNKNOWN) continue;
    if (seen.has(sid)) c.fail(`assetVersionsByPath[${JSON.stringify(path)}]`, sid, messages.problems.duplicateSids(sid));
    seen.add(sid);
  }
  const total = list.length + Object.keys(byPath).length;
  if (list.length <= limit && total > limit) c.fail("assetVersionsByPath", `[${total} SIDs]`, messages.problems.tooMany(total, limit, "asset versions"));
}

/** Every asset version of the build: the list and the map's values. */
function allAssetVersions(i: BuildInputs): string[] {
  return [...i.assetVersions, ...Object.values(i.assetVersionsByPath ?? {})];
}

/** The wait after a status poll that said `building`: the last one × 1.5, at most `maxIntervalMs`. */
export function nextPollInterval(intervalMs: number, maxIntervalMs: number): number {
  return Math.min(maxIntervalMs, Math.ceil(intervalMs * 1.5));
}

/** Polls the build's status until it is final, backing off from 50 ms to `maxIntervalMs`; each answer is the status line. */
export async function waitForBuild(client: TwilioClient, serviceSid: string, sid: string, wait: BuildWaitSettings): Promise<void> {
  const started = Date.now();
  let interval = wait.firstIntervalMs;
  for (;;) {
    const status = await fetchBuildStatus(client, serviceSid, sid);
    const elapsed = Date.now() - started;
    reportStep(messages.buildProgress(sid, status.status, elapsed));
    if (status.status === "completed") return;
    if (status.status === "failed") throw new Error(messages.buildFailed(sid, serviceSid));
    if (elapsed >= wait.timeoutMs) throw new Error(messages.buildTimedOut(sid, wait.timeoutMs, status.status));
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, wait.timeoutMs - elapsed)));
    interval = nextPollInterval(interval, wait.maxIntervalMs);
  }
}

/** Best effort: a build that failed or took too long should not linger (Twilio expires it anyway). */
async function discardBuild(client: TwilioClient, serviceSid: string, sid: string): Promise<void> {
  try {
    await deleteBuild(client, serviceSid, sid);
  } catch (err) {
    reportWarning(messages.buildCleanupFailed(sid, (err as Error).message));
  }
}

/**
 * Deletes a build, unless an environment still serves it. This stack's own environments are
 * un-deployed by its Deployment resources, whose deletes come first (a Deployment depends on its
 * Build), so an environment that still serves the build here is one this stack does not manage: a
 * promotion's (another stack's) or the toolkit's. It stays live: the build is left in Twilio, and
 * leaves this stack's state with an info line naming who serves it. A site's BuildCleanup deletes
 * it once none does (Twilio itself deletes a build 7 days after its last deployment ends).
 */
export async function deleteUnlessServed(client: TwilioClient, serviceSid: string, sid: string): Promise<void> {
  try {
    await deleteBuild(client, serviceSid, sid);
  } catch (err) {
    if (!isApiError(err) || err.status === 404 || err.status >= 500 || err.status === 429) throw err;
    const serving = await servingEnvironments(client, serviceSid, [sid]);
    if (!serving.has(sid)) throw err;
    reportNote(messages.buildStillServed(sid, serving.get(sid)!));
  }
}

/**
 * Deletes an Asset or Function (`remove`), unless a build an environment serves holds a version of
 * it: Twilio refuses that delete (409), and a stack that removed a file must not fail, nor take
 * the file from the environment, while another stack's environment serves an older build with it.
 * It stays in Twilio and leaves this stack's state with an info line naming who serves it; the
 * site's BuildCleanup deletes it with the last released build that holds it.
 */
export async function deleteContainerUnlessServed(
  client: TwilioClient,
  container: { kind: "Asset" | "Function"; sid: string; name?: string; serviceSid: string; fetchName?: () => Promise<string> },
  remove: () => Promise<void>,
  holders: () => Promise<Map<string, EnvironmentRecord[]>> = () => servingHolders(client, container.serviceSid),
): Promise<void> {
  try {
    await remove();
  } catch (err) {
    if (!isApiError(err) || err.status !== 409) throw err;
    const serving = (await holders()).get(container.sid) ?? [];
    if (serving.length === 0) throw err;
    // A bundle's cleanup knows only SIDs: the note names the file (its path) at the cost of one GET, here only.
    const name = container.name ?? (await container.fetchName?.().catch(() => undefined));
    reportNote(messages.containerStillServed(container.kind, name, container.sid, serving));
  }
}

/**
 * By Asset or Function SID, the environments of the service that serve a build holding a version
 * of it. One look at the builds and one at the environments, however many deletes ask (pass the
 * same promise to each).
 */
export async function servingHolders(client: TwilioClient, serviceSid: string): Promise<Map<string, EnvironmentRecord[]>> {
  const builds = new Map((await listBuilds(client, serviceSid)).map((b) => [b.sid, b]));
  const holders = new Map<string, EnvironmentRecord[]>();
  for (const env of await listEnvironments(client, serviceSid)) {
    const build = env.buildSid === undefined ? undefined : builds.get(env.buildSid);
    for (const sid of build?.containerSids ?? []) holders.set(sid, [...(holders.get(sid) ?? []), env]);
  }
  return holders;
}

/** By build SID, the environments of the service that serve each of `sids` (those served by none are left out). */
export async function servingEnvironments(client: TwilioClient, serviceSid: string, sids: readonly string[]): Promise<Map<string, EnvironmentRecord[]>> {
  const wanted = new Set(sids);
  const serving = new Map<string, EnvironmentRecord[]>();
  for (const env of await listEnvironments(client, serviceSid)) {
    if (env.buildSid === undefined || !wanted.has(env.buildSid)) continue;
    serving.set(env.buildSid, [...(serving.get(env.buildSid) ?? []), env]);
  }
  return serving;
}

/**
 * Starts the build, or takes over the one an interrupted update started: a build of exactly these
 * versions (the stack's own, so certainly its build), dependencies and runtime, that has not
 * failed and that no environment serves (a live one is what a replacement replaces). A build of a
 * version this process uploaded has nothing to take over, and no build from before could be
 * mistaken for it after a lost answer: it starts without the look-up (one request less).
 */
async function startBuild(client: TwilioClient, request: BuildInputs): Promise<BuildRecord> {
  const started = startedHere(client);
  if (uploadedHere(client, [...request.assetVersions, ...request.functionVersions])) {
    const build = await createBuild(client, request.serviceSid, request, (sid) => !started.has(sid));
    started.add(build.sid);
    return build;
  }
  const [builds, environments] = await Promise.all([listBuilds(client, request.serviceSid), listEnvironments(client, request.serviceSid)]);
  const live = new Set(environments.map((env) => env.buildSid));
  const left = newestFirst(builds, (b) => b.dateCreated).find((b) => buildMatches(b, request) && b.status !== "failed" && !live.has(b.sid));
  if (left) {
    reportNote(messages.adoptedBuild(left.sid, request.serviceSid));
    return left;
  }
  const before = new Set(builds.map((b) => b.sid));
  const build = await createBuild(client, request.serviceSid, request, (sid) => !before.has(sid) && !started.has(sid));
  started.add(build.sid);
  return build;
}

export const buildHandler: Handler<BuildInputs, BuildOutputs> = {
  async check(_olds, news) {
    const c = new Checker(KIND, news, "build");
    const limit = LIMITS.publicAssetVersionsPerBuild + LIMITS.privateAssetVersionsPerBuild;
    const assetVersions = c.sidList("assetVersions", "ZN", limit, "asset versions");
    // In a preview, the versions an updated bundle keeps are known to its diff (bundleVersions.ts).
    const assetVersionsByPath = withKnownVersions(news[BUNDLE_KEY], c.sidMap("assetVersionsByPath", "ZN"));
    const functionVersions = c.sidList("functionVersions", "ZN", LIMITS.functionVersionsPerBuild, "function versions");
    if (Array.isArray(assetVersions) && typeof assetVersionsByPath === "object") checkByPath(c, assetVersions, assetVersionsByPath, limit);
    const byPathCount = typeof assetVersionsByPath === "object" ? Object.keys(assetVersionsByPath).length : assetVersionsByPath === UNKNOWN ? 1 : 0;
    if (Array.isArray(assetVersions) && Array.isArray(functionVersions) && assetVersions.length + byPathCount + functionVersions.length === 0) {
      c.fail("assetVersions", assetVersions, messages.problems.noVersions());
    }
    return c.result({
      serviceSid: c.string("serviceSid", true),
      assetVersions,
      // An empty map is left out, as an absent one: a Build made before this input existed stays as it is.
      assetVersionsByPath: byPathCount === 0 ? undefined : assetVersionsByPath,
      functionVersions,
      dependencies: checkDependencies(c),
      runtime: c.oneOf("runtime", RUNTIMES, false),
      [BUNDLE_KEY]: typeof news[BUNDLE_KEY] === "string" ? news[BUNDLE_KEY] : undefined,
    });
  },

  async diff(_id, olds, news) {
    return shownByEngine(diffByRules(olds, news, { replaceOn: REPLACE_ON, unordered: UNORDERED }));
  },

  async create(i) {
    const client = getClient();
    const build = await attempt(op("create", i), () => startBuild(client, { ...i, assetVersions: allAssetVersions(i) }));
    try {
      await waitForBuild(client, i.serviceSid, build.sid, buildWaitSettings());
    } catch (err) {
      await discardBuild(client, i.serviceSid, build.sid);
      throw operationError(op("create", i, build.sid), err);
    }
    return { id: build.sid, outs: outputs(i, build, "completed") };
  },

  async read(id, props) {
    const client = getClient();
    const build = await attemptUnlessGone(op("read", props, id), () => fetchBuild(client, props.serviceSid, id));
    if (!build) return GONE;
    return { id, props: outputs(props.assetVersions === undefined ? { ...props, ...importedInputs(build) } : props, build, build.status) };
  },

  update: keepOutputs,

  async delete(id, props) {
    const client = getClient();
    await attemptUnlessGone(op("delete", props, id), () => deleteUnlessServed(client, props.serviceSid, id));
  },
};
