/** Builds: `/v1/Services/{ServiceSid}/Builds` and `…/Builds/{Sid}/Status` (no update operation). */
import type { TwilioClient } from "./client";
import { listAll, newestFirst } from "./paging";

export type BuildStatus = "building" | "completed" | "failed";

interface VersionRef {
  sid: string;
  asset_sid?: string;
  function_sid?: string;
  path?: string;
  /** Upper case inside a build (`PUBLIC`), as Twilio's spec example shows. */
  visibility?: string;
  date_created?: string;
}

interface BuildWire {
  sid: string;
  service_sid: string;
  status: BuildStatus;
  asset_versions: VersionRef[] | null;
  function_versions: VersionRef[] | null;
  dependencies: Array<{ name: string; version: string }> | null;
  runtime: string | null;
  date_created: string;
  url: string;
}

export interface BuildRecord {
  sid: string;
  serviceSid: string;
  status: BuildStatus;
  assetVersions: string[];
  functionVersions: string[];
  /** The Assets and Functions whose versions it holds (both kinds' SIDs start with ZH). */
  containerSids: string[];
  /** Of those, the Assets, and the Functions. */
  assetSids: string[];
  functionSids: string[];
  /** Each asset version it holds: its Asset, path, visibility (lower case) and when it was uploaded. */
  assetVersionEntries: BuiltVersion[];
  dependencies: Array<{ name: string; version: string }>;
  runtime?: string;
  dateCreated: string;
  url: string;
}

/** One version inside a build. */
export interface BuiltVersion {
  sid: string;
  parentSid: string;
  path: string;
  visibility: string;
  dateCreated: string;
}

/** The status answer; fields beyond the spec's (a reason for a failure) are kept as given. */
/** Build Status (spec `build_status`): `sid`, `account_sid`, `service_sid`, `status`, `url`; no reason. */
export interface BuildStatusRecord {
  sid: string;
  status: BuildStatus;
}

function fromWire(w: BuildWire): BuildRecord {
  const assetSids = (w.asset_versions ?? []).flatMap((v) => v.asset_sid ?? []);
  const functionSids = (w.function_versions ?? []).flatMap((v) => v.function_sid ?? []);
  return {
    sid: w.sid,
    serviceSid: w.service_sid,
    status: w.status,
    assetVersions: (w.asset_versions ?? []).map((v) => v.sid),
    functionVersions: (w.function_versions ?? []).map((v) => v.sid),
    containerSids: [...assetSids, ...functionSids],
    assetSids,
    functionSids,
    assetVersionEntries: (w.asset_versions ?? []).flatMap((v) =>
      v.asset_sid && v.path && v.visibility && v.date_created
        ? [{ sid: v.sid, parentSid: v.asset_sid, path: v.path, visibility: v.visibility.toLowerCase(), dateCreated: v.date_created }]
        : [],
    ),
    dependencies: w.dependencies ?? [],
    runtime: w.runtime ?? undefined,
    dateCreated: w.date_created,
    url: w.url,
  };
}

export interface BuildRequest {
  assetVersions: readonly string[];
  functionVersions: readonly string[];
  /** Package name → version. */
  dependencies?: Readonly<Record<string, string>>;
  runtime?: string;
}

export const buildsPath = (serviceSid: string) => `/v1/Services/${encodeURIComponent(serviceSid)}/Builds`;
const buildPath = (serviceSid: string, sid: string) => `${buildsPath(serviceSid)}/${encodeURIComponent(sid)}`;

/** Dependencies go as a JSON array of `{name, version}` in one form field. */
export function encodeDependencies(dependencies: Readonly<Record<string, string>> | undefined): string | undefined {
  if (dependencies === undefined) return undefined;
  return JSON.stringify(Object.entries(dependencies).map(([name, version]) => ({ name, version })));
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Whether `build` is what `request` asks for: the same versions, the same runtime (when asked
 * for), and every dependency asked for (Twilio adds its own defaults to the list it keeps).
 */
export function buildMatches(build: BuildRecord, request: BuildRequest): boolean {
  const deps = new Map(build.dependencies.map((d) => [d.name, d.version]));
  return (
    sameSet(build.assetVersions, request.assetVersions) &&
    sameSet(build.functionVersions, request.functionVersions) &&
    (request.runtime === undefined || build.runtime === request.runtime) &&
    Object.entries(request.dependencies ?? {}).every(([name, version]) => deps.get(name) === version)
  );
}

/** Every build of the service (all pages). */
export async function listBuilds(client: TwilioClient, serviceSid: string): Promise<BuildRecord[]> {
  return (await listAll<BuildWire>(client, buildsPath(serviceSid), "builds")).map(fromWire);
}

/**
 * Starts a build. After a failure that may have been applied, a build that matches the request
 * and for which `isNew(sid)` holds (one that was not there before) is the one that try made, and
 * it is the answer.
 */
export async function createBuild(client: TwilioClient, serviceSid: string, build: BuildRequest, isNew: (sid: string) => boolean): Promise<BuildRecord> {
  const form = {
    AssetVersions: build.assetVersions,
    FunctionVersions: build.functionVersions,
    Dependencies: encodeDependencies(build.dependencies),
    Runtime: build.runtime,
  };
  const path = buildsPath(serviceSid);
  const made = async () =>
    newestFirst(await listAll<BuildWire>(client, path, "builds"), (w) => w.date_created).find((w) => isNew(w.sid) && buildMatches(fromWire(w), build));
  return fromWire(await client.request<BuildWire>({ method: "POST", path, form }, made));
}

export async function fetchBuild(client: TwilioClient, serviceSid: string, sid: string): Promise<BuildRecord> {
  return fromWire(await client.request<BuildWire>({ method: "GET", path: buildPath(serviceSid, sid) }));
}

export async function fetchBuildStatus(client: TwilioClient, serviceSid: string, sid: string): Promise<BuildStatusRecord> {
  return client.request<BuildStatusRecord>({ method: "GET", path: `${buildPath(serviceSid, sid)}/Status` });
}

export async function deleteBuild(client: TwilioClient, serviceSid: string, sid: string): Promise<void> {
  await client.request<void>({ method: "DELETE", path: buildPath(serviceSid, sid) });
}
