/**
 * What a new AssetBundle takes over instead of creating: the Assets of the build that the site's
 * environment serves, each one whose version there is at a file's path, and that version where it
 * still holds the file. That is how a site moves from the per-file layout (an Asset and an AssetVersion
 * resource per file) to one bundle in place: the one `up` after the change creates no Asset and
 * deletes none (the per-file Asset resources leave the state and their Assets stay: `claims.ts`,
 * `heldByBundle`), uploads only the files that may differ from what is live, and the Build, of the
 * same versions, stays live as it was.
 *
 * A live version stands for the file when its path and visibility are the file's and Twilio
 * received it after the file was last modified, with a minute's margin for the two clocks. Twilio
 * keeps no hash of a version and cannot give back a private one, and a new resource cannot read
 * the per-file resources' state (which has the hashes), so this is what can be known. A file
 * modified since, or checked out afresh (as in CI), is uploaded again, into the Asset it had.
 */
import { stat } from "node:fs/promises";
import type { AssetBundleFile } from "../../resources/assetBundle";
import type { TwilioClient } from "../client/client";
import { fetchBuild } from "../client/builds";
import { assetsApi } from "../client/containers";
import { fetchEnvironment } from "../client/environments";
import { hasContainers } from "./claims";

/** How much earlier than Twilio's upload time a file must have been modified for the live version to stand for it. */
export const CLOCK_MARGIN_MS = 60_000;

/** A file's Asset in the live build, and its live version when that still holds the file. */
export interface TakenOver {
  assetSid: string;
  versionSid?: string;
}

interface LiveVersion {
  sid: string;
  assetSid: string;
  visibility: string;
  dateCreated: string;
}

/** What a new bundle takes over, by file name, and the uniqueName of the environment it comes from. */
export interface TakeoverPlan {
  environment: string;
  files: Map<string, TakenOver>;
}

interface LiveBuild {
  environment: string;
  versions: Map<string, LiveVersion>;
}

/** By `serviceSid/environmentSid`: the live build's asset versions by path (check and create ask once per process). */
const liveBuilds = new Map<string, Promise<LiveBuild>>();

async function liveVersions(client: TwilioClient, serviceSid: string, environmentSid: string): Promise<LiveBuild> {
  const key = `${serviceSid}/${environmentSid}`;
  let found = liveBuilds.get(key);
  if (!found) {
    found = (async () => {
      const env = await fetchEnvironment(client, serviceSid, environmentSid);
      if (env.buildSid === undefined) return { environment: env.uniqueName, versions: new Map<string, LiveVersion>() };
      const build = await fetchBuild(client, serviceSid, env.buildSid);
      const versions = new Map(build.assetVersionEntries.map((v) => [v.path, { sid: v.sid, assetSid: v.parentSid, visibility: v.visibility, dateCreated: v.dateCreated }]));
      return { environment: env.uniqueName, versions };
    })();
    liveBuilds.set(key, found);
    found.catch(() => liveBuilds.delete(key));
  }
  return found;
}

/**
 * What a new bundle of `files` takes over from the build the environment `environmentSid` (the
 * site's own: its SID is known only once the stack has it, so no bundle takes over from an
 * environment another stack or tool made) serves in the service: nothing, at the cost of one
 * request (the service's Assets, which a create lists anyway), in a service with no Asset, as a
 * new one; else two more (the environment, the build).
 */
export async function planTakeover(
  client: TwilioClient,
  serviceSid: string,
  environmentSid: string,
  files: Readonly<Record<string, AssetBundleFile>>,
): Promise<TakeoverPlan> {
  const plan = new Map<string, TakenOver>();
  if (!(await hasContainers(client, assetsApi, serviceSid))) return { environment: environmentSid, files: plan };
  const { environment, versions: live } = await liveVersions(client, serviceSid, environmentSid);
  await Promise.all(
    Object.entries(files).map(async ([name, file]) => {
      const version = live.get(file.path);
      if (!version) return;
      const modified = (await stat(file.contentFile)).mtimeMs;
      const holdsFile = version.visibility === file.visibility && modified < Date.parse(version.dateCreated) - CLOCK_MARGIN_MS;
      plan.set(name, holdsFile ? { assetSid: version.assetSid, versionSid: version.sid } : { assetSid: version.assetSid });
    }),
  );
  return { environment, files: plan };
}
