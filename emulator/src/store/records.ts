/**
 * What the emulator stores, one record type per resource. Records are plain JSON (they are
 * journaled and snapshotted as they are) and immutable: a change replaces the whole record.
 * Dates are ISO 8601 strings at second precision, as Twilio returns them.
 */
import type { Runtime, Visibility } from "../facts";

export interface ServiceRec {
  sid: string;
  uniqueName: string;
  friendlyName: string;
  includeCredentials: boolean;
  uiEditable: boolean;
  /** `{unique name}-{4 digits}`; environments' domains start with it. */
  domainBase: string;
  dateCreated: string;
  dateUpdated: string;
}

export interface EnvironmentRec {
  sid: string;
  serviceSid: string;
  uniqueName: string;
  domainSuffix: string | null;
  domainName: string;
  /** The build this environment serves, or null when nothing is deployed. */
  buildSid: string | null;
  dateCreated: string;
  dateUpdated: string;
}

export interface VariableRec {
  sid: string;
  serviceSid: string;
  environmentSid: string;
  key: string;
  value: string;
  dateCreated: string;
  dateUpdated: string;
}

export interface DeploymentRec {
  sid: string;
  serviceSid: string;
  environmentSid: string;
  buildSid: string | null;
  isPlugin: boolean;
  dateCreated: string;
  dateUpdated: string;
}

export interface LogRec {
  sid: string;
  serviceSid: string;
  environmentSid: string;
  buildSid: string;
  deploymentSid: string;
  functionSid: string;
  requestSid: string;
  level: string;
  message: string;
  dateCreated: string;
}

/** A Function or an Asset: only a name; the content lives in its versions. */
export interface ContainerRec {
  sid: string;
  serviceSid: string;
  friendlyName: string;
  dateCreated: string;
  dateUpdated: string;
}

export interface VersionRec {
  sid: string;
  serviceSid: string;
  /** The Function's or Asset's SID. */
  parentSid: string;
  path: string;
  visibility: Visibility;
  /** Content-Type of the uploaded Content part, served with the bytes. */
  contentType: string;
  size: number;
  /** Key of the content in the blob store. */
  sha256: string;
  dateCreated: string;
}

export type BuildOutcome = "completed" | "failed";

export interface Dependency {
  name: string;
  version: string;
}

export interface BuildRec {
  sid: string;
  serviceSid: string;
  /**
   * Copies of the versions at build time: a build is an artifact, so it keeps serving what it
   * was built from even after its versions' parents are deleted.
   */
  assetVersions: VersionRec[];
  functionVersions: VersionRec[];
  /** As declared: what the build installs (functions/workspace.ts). */
  dependencies: Dependency[];
  /**
   * What Twilio adds to the list it answers with (facts.ts, ADDED_DEPENDENCIES): shown, never
   * installed. Absent in records written before the emulator added them.
   */
  addedDependencies?: Dependency[];
  runtime: Runtime;
  /** How the build ends, decided when it is created; it is `building` until `completeAt`. */
  outcome: BuildOutcome;
  /** Epoch milliseconds at which the build leaves `building`. */
  completeAt: number;
  dateCreated: string;
}

/** One build start, kept after the build is deleted, for the builds-per-hour quota. */
export interface BuildStartRec {
  sid: string;
  at: number;
}

export interface Records {
  services: ServiceRec;
  environments: EnvironmentRec;
  variables: VariableRec;
  deployments: DeploymentRec;
  logs: LogRec;
  functions: ContainerRec;
  functionVersions: VersionRec;
  assets: ContainerRec;
  assetVersions: VersionRec;
  builds: BuildRec;
  buildStarts: BuildStartRec;
}

export type Kind = keyof Records;

export const KINDS: readonly Kind[] = [
  "services",
  "environments",
  "variables",
  "deployments",
  "logs",
  "functions",
  "functionVersions",
  "assets",
  "assetVersions",
  "builds",
  "buildStarts",
];

export type Change =
  | { op: "put"; kind: Kind; rec: Records[Kind] }
  | { op: "del"; kind: Kind; sid: string };

export function put<K extends Kind>(kind: K, rec: Records[K]): Change {
  return { op: "put", kind, rec };
}

export function del(kind: Kind, sid: string): Change {
  return { op: "del", kind, sid };
}

/** A whole state, as snapshotted: records per kind, in insertion order. */
export interface Snapshot {
  seq: number;
  tables: { [K in Kind]?: Records[K][] };
}
