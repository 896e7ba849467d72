/**
 * Build (ZB) and Build Status.
 *   ListBuild         GET    /v1/Services/{ServiceSid}/Builds (newest first)
 *   CreateBuild       POST   /v1/Services/{ServiceSid}/Builds
 *   FetchBuild        GET    /v1/Services/{ServiceSid}/Builds/{Sid}
 *   DeleteBuild       DELETE /v1/Services/{ServiceSid}/Builds/{Sid}
 *   FetchBuildStatus  GET    /v1/Services/{ServiceSid}/Builds/{Sid}/Status
 * CreateBuild checks what Twilio checks when it accepts a build: the versions, the per-build
 * limits, the runtime and the Dependencies (dependencies.ts). A build is then `building` for the
 * configured duration, then `completed`, or `failed`: for what real Twilio accepts and then fails
 * to build (`runtimeHandlerFailure`), or when a failure was asked for (`failNextBuilds`). The
 * outcome is decided at creation and the status derived from the clock, so builds finish across
 * restarts without timers. A build read back lists the Dependencies Twilio adds, and its versions
 * in no fixed order.
 */
import { createHash } from "node:crypto";
import { type App, isoDate, type Ctx, type Reply, type Route } from "../context";
import { checkDependencyForms, parseDependencies, resolveDependencies, runtimeHandlerFailure } from "../dependencies";
import type { Params } from "../forms";
import { conflict, invalid, MESSAGES, TwilioError } from "../errors";
import {
  ADDED_DEPENDENCIES_2021,
  DEFAULT_DEPENDENCIES,
  DEFAULT_RUNTIME,
  DEFAULT_RUNTIME_HANDLER,
  isSupportedRuntime,
  type Runtime,
  UNSUPPORTED_RUNTIME,
} from "../facts";
import { findOwned, findService, ofService, serviceUrl } from "../lookup";
import { listRoute, newestFirst } from "../paging";
import { del, put, type BuildRec, type Change, type Dependency, type ServiceRec, type VersionRec } from "../store/records";
import { newSid, PREFIX } from "../sids";

const HOUR_MS = 60 * 60 * 1000;

export type BuildStatus = "building" | "completed" | "failed";

export function buildStatus(b: BuildRec, now = Date.now()): BuildStatus {
  return now >= b.completeAt ? b.outcome : "building";
}

function buildUrl(base: string, b: BuildRec): string {
  return `${serviceUrl(base, b.serviceSid)}/Builds/${b.sid}`;
}

/** Versions inside a build: Twilio writes visibility in upper case there (spec example). */
function renderBuildVersion(v: VersionRec, parentField: string, accountSid: string) {
  return {
    sid: v.sid,
    account_sid: accountSid,
    service_sid: v.serviceSid,
    [parentField]: v.parentSid,
    date_created: v.dateCreated,
    path: v.path,
    visibility: v.visibility.toUpperCase(),
  };
}

const shuffled = new WeakMap<readonly VersionRec[], VersionRec[]>();

/**
 * A build's versions as Twilio answers them: "in a random order" (RJPearson94/terraform-provider-twilio
 * CHANGELOG v0.10.0, 2021-04-25, drift seen in use). Here an order of the build's own, fixed (so
 * answers repeat) and never the order the versions were sent in, so that a client relying on the
 * order fails here too.
 */
function unordered(b: BuildRec, versions: readonly VersionRec[]): readonly VersionRec[] {
  if (versions.length < 2) return versions;
  let result = shuffled.get(versions);
  if (!result) {
    const key = (v: VersionRec) => createHash("sha256").update(`${b.sid}/${v.sid}`).digest("hex");
    const keyed = versions.map((v) => ({ v, key: key(v) })).sort((x, y) => (x.key < y.key ? -1 : 1));
    result = keyed.map((k) => k.v);
    if (result.every((v, i) => v === versions[i])) result.reverse();
    shuffled.set(versions, result);
  }
  return result;
}

export function renderBuild(base: string, b: BuildRec, accountSid: string) {
  const url = buildUrl(base, b);
  const status = buildStatus(b);
  return {
    sid: b.sid,
    account_sid: accountSid,
    service_sid: b.serviceSid,
    status,
    asset_versions: unordered(b, b.assetVersions).map((v) => renderBuildVersion(v, "asset_sid", accountSid)),
    function_versions: unordered(b, b.functionVersions).map((v) => renderBuildVersion(v, "function_sid", accountSid)),
    dependencies: [...b.dependencies, ...(b.addedDependencies ?? [])],
    runtime: b.runtime,
    date_created: b.dateCreated,
    date_updated: status === "building" ? b.dateCreated : isoDate(b.completeAt),
    url,
    links: { build_status: `${url}/Status` },
  };
}

export function findBuild(ctx: Ctx, service: ServiceRec = findService(ctx)): BuildRec {
  return findOwned(ctx, "builds", ctx.params.Sid, PREFIX.build, (b) => b.serviceSid === service.sid);
}

/** The versions a build names, which must all be this service's, with at most one per parent. */
function resolveVersions(
  ctx: Ctx,
  form: Params,
  service: ServiceRec,
  param: "AssetVersions" | "FunctionVersions",
  kind: "assetVersions" | "functionVersions",
): VersionRec[] {
  const byParent = new Map<string, string>();
  return [...new Set(form.sidList(param, PREFIX.version))].map((sid) => {
    const v = ctx.app.store.get(kind, sid);
    if (!v || v.serviceSid !== service.sid) throw invalid(MESSAGES.unknownVersion(param, sid));
    const other = byParent.get(v.parentSid);
    if (other !== undefined) {
      throw invalid(
        kind === "assetVersions" ? MESSAGES.conflictingAssetVersions(other, sid) : MESSAGES.conflictingFunctionVersions(other, sid),
      );
    }
    byParent.set(v.parentSid, sid);
    return v;
  });
}

/** The per-build limits (serverless-api.md §11) and one version per path. */
function checkBuildContents(ctx: Ctx, assets: VersionRec[], functions: VersionRec[]): void {
  const { limits } = ctx.app;
  if (assets.length + functions.length === 0) throw invalid(MESSAGES.buildWithoutVersions);
  const privateAssets = assets.filter((v) => v.visibility === "private").length;
  if (assets.length - privateAssets > limits.publicAssetVersionsPerBuild) {
    throw invalid(MESSAGES.buildVersionsLimit(limits.publicAssetVersionsPerBuild, "public and protected Asset Versions"));
  }
  if (privateAssets > limits.privateAssetVersionsPerBuild) {
    throw invalid(MESSAGES.buildVersionsLimit(limits.privateAssetVersionsPerBuild, "private Asset Versions"));
  }
  if (functions.length > limits.functionVersionsPerBuild) {
    throw invalid(MESSAGES.buildVersionsLimit(limits.functionVersionsPerBuild, "Function Versions"));
  }
  const paths = new Set<string>();
  for (const v of [...functions, ...assets]) {
    if (paths.has(v.path)) throw invalid(MESSAGES.duplicatePathInBuild(v.path));
    paths.add(v.path);
  }
}

/**
 * The named runtime, else the one of the service's last completed build, else Twilio's default
 * (facts.ts). One Twilio does not run is 400/20001 "unsupported runtime: …", as a real run answered
 * (facts.ts, UNSUPPORTED_RUNTIME).
 */
function parseRuntime(ctx: Ctx, form: Params, service: ServiceRec): Runtime {
  const named = form.string("Runtime");
  if (named === undefined || named === "") {
    const builds = ctx.app.store.filter("builds", (b) => b.serviceSid === service.sid && buildStatus(b) === "completed");
    return builds.at(-1)?.runtime ?? DEFAULT_RUNTIME;
  }
  if (!isSupportedRuntime(named)) throw new TwilioError(UNSUPPORTED_RUNTIME.status, UNSUPPORTED_RUNTIME.code, MESSAGES.unsupportedRuntime(named));
  return named;
}

let providedSdkVersion: string | undefined;

/** The version of `twilio` the emulator runs Functions with (functions/workspace.ts). */
function sdkVersion(): string {
  providedSdkVersion ??= (require(`${DEFAULT_DEPENDENCIES.sdk}/package.json`) as { version: string }).version;
  return providedSdkVersion;
}

/** What Twilio adds to the build's list, of what it did not declare (facts.ts, ADDED_DEPENDENCIES_2021). */
function addedDependencies(app: App, runtime: Runtime, declared: readonly Dependency[]): Dependency[] {
  const handler = runtime === "node24" ? DEFAULT_RUNTIME_HANDLER.node24 : DEFAULT_RUNTIME_HANDLER.default;
  const added: readonly Dependency[] = [
    { name: DEFAULT_DEPENDENCIES.sdk, version: sdkVersion() },
    ...(app.defaultDependencies === "2021" ? ADDED_DEPENDENCIES_2021 : [{ name: DEFAULT_DEPENDENCIES.runtimeHandler, version: handler }]),
  ];
  const named = new Set(declared.map((d) => d.name));
  return added.filter((d) => !named.has(d.name));
}

async function create(ctx: Ctx): Promise<Reply> {
  const form = await ctx.form();
  const service = findService(ctx);
  const { app } = ctx;
  const assets = resolveVersions(ctx, form, service, "AssetVersions", "assetVersions");
  const functions = resolveVersions(ctx, form, service, "FunctionVersions", "functionVersions");
  checkBuildContents(ctx, assets, functions);
  const runtime = parseRuntime(ctx, form, service);
  const dependencies = parseDependencies(form.string("Dependencies"));
  const handlerFailure = runtimeHandlerFailure(dependencies, runtime, app.runtimeHandlerVersions);
  // The handler is checked against Twilio's own list above, never in npm.
  const fromNpm = dependencies.filter((d) => d.name !== DEFAULT_DEPENDENCIES.runtimeHandler);
  if (app.resolveDependencies) await resolveDependencies(fromNpm);
  else checkDependencyForms(fromNpm);
  // From here on nothing waits, so the quota and the commit see the same state.
  const now = Date.now();
  const starts = app.store.all("buildStarts");
  const recent = starts.filter((s) => s.at > now - HOUR_MS);
  if (recent.length >= app.limits.buildsPerHourPerAccount) throw invalid(MESSAGES.buildsPerHourLimit(app.limits.buildsPerHourPerAccount));
  let failureReason = handlerFailure;
  if (!failureReason && app.failNextBuilds > 0) {
    app.failNextBuilds -= 1;
    failureReason = "failure requested with failNextBuilds()";
  }
  const build: BuildRec = {
    sid: newSid(PREFIX.build),
    serviceSid: service.sid,
    assetVersions: assets,
    functionVersions: functions,
    dependencies,
    addedDependencies: addedDependencies(app, runtime, dependencies),
    runtime,
    outcome: failureReason ? "failed" : "completed",
    completeAt: now + app.buildDurationMs,
    dateCreated: isoDate(now),
  };
  if (failureReason) app.log(`Build ${build.sid} will fail: ${failureReason}`);
  // Starts older than an hour no longer count; they are dropped in the same transaction.
  const changes: Change[] = [put("builds", build), put("buildStarts", { sid: build.sid, at: now })];
  for (const old of starts) if (old.at <= now - HOUR_MS) changes.push(del("buildStarts", old.sid));
  await app.store.commit(changes);
  return { status: 201, body: renderBuild(ctx.base, build, app.creds.accountSid) };
}

async function remove(ctx: Ctx): Promise<Reply> {
  const build = findBuild(ctx);
  if (ctx.app.store.find("environments", (e) => e.buildSid === build.sid)) throw conflict(MESSAGES.buildInUse);
  await ctx.app.store.commit([del("builds", build.sid)]);
  ctx.app.scheduleGc();
  return { status: 204 };
}

export const routes: Route[] = [
  listRoute(
    "/v1/Services/{ServiceSid}/Builds",
    "ListBuild",
    "builds",
    newestFirst(ofService("builds")),
    (ctx, b) => renderBuild(ctx.base, b, ctx.app.creds.accountSid),
  ),
  { method: "POST", template: "/v1/Services/{ServiceSid}/Builds", operationId: "CreateBuild", handler: create },
  {
    method: "GET",
    template: "/v1/Services/{ServiceSid}/Builds/{Sid}",
    operationId: "FetchBuild",
    handler: (ctx) => ({ status: 200, body: renderBuild(ctx.base, findBuild(ctx), ctx.app.creds.accountSid) }),
  },
  { method: "DELETE", template: "/v1/Services/{ServiceSid}/Builds/{Sid}", operationId: "DeleteBuild", handler: remove },
  {
    method: "GET",
    template: "/v1/Services/{ServiceSid}/Builds/{Sid}/Status",
    operationId: "FetchBuildStatus",
    handler: (ctx) => {
      const build = findBuild(ctx);
      return {
        status: 200,
        body: {
          sid: build.sid,
          account_sid: ctx.app.creds.accountSid,
          service_sid: build.serviceSid,
          status: buildStatus(build),
          url: `${buildUrl(ctx.base, build)}/Status`,
        },
      };
    },
  },
];
