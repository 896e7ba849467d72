/** Builds: `/v1/Services/{ServiceSid}/Builds` and `…/Builds/{Sid}/Status` (no update operation). */
import type { TwilioClient } from "./client";

export type BuildStatus = "building" | "completed" | "failed";

interface VersionRef {
  sid: string;
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
  runtime?: string;
  dateCreated: string;
  url: string;
}

/** The status answer; fields beyond the spec's (a reason for a failure) are kept as given. */
/** Build Status (spec `build_status`): `sid`, `account_sid`, `service_sid`, `status`, `url`; no reason. */
export interface BuildStatusRecord {
  sid: string;
  status: BuildStatus;
}

function fromWire(w: BuildWire): BuildRecord {
  return {
    sid: w.sid,
    serviceSid: w.service_sid,
    status: w.status,
    assetVersions: (w.asset_versions ?? []).map((v) => v.sid),
    functionVersions: (w.function_versions ?? []).map((v) => v.sid),
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

export async function createBuild(client: TwilioClient, serviceSid: string, build: BuildRequest): Promise<BuildRecord> {
  const form = {
    AssetVersions: build.assetVersions,
    FunctionVersions: build.functionVersions,
    Dependencies: encodeDependencies(build.dependencies),
    Runtime: build.runtime,
  };
  return fromWire(await client.request<BuildWire>({ method: "POST", path: buildsPath(serviceSid), form }));
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
