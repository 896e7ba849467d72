/**
 * AssetBundle: check/diff/create/read/update/delete (the resource class, and what each step does
 * in Twilio, is in `../assetBundle.ts`). Each file is compared by path, visibility and SHA-256,
 * like an AssetVersion: only files whose entry changed are uploaded.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  type AssetBundleEntry,
  type AssetBundleFile,
  type AssetBundleInputs,
  type AssetBundleOutputs,
  bundleFiles,
  type FileKey,
  fileProperties,
  fileProperty,
} from "../../resources/assetBundle";
import { FILE_PROPERTY_PREFIX, URN_KEY } from "../kinds";
import type { TwilioClient } from "../client/client";
import { assetsApi } from "../client/containers";
import { assetVersionsApi } from "../client/versions";
import { isNotFound } from "../client/errors";
import { Limiter } from "../client/limiter";
import { LIMITS } from "../limits";
import * as messages from "../messages";
import { getClient } from "../settings";
import { deleteContainerUnlessServed, servingHolders } from "./build";
import type { EnvironmentRecord } from "../client/environments";
import { type Adoption, builtContainers, createContainer, createVersion, holdForBundle } from "./claims";
import { changedFields } from "./diffing";
import { attempt, attemptUnlessGone, causeText, type Operation, OperationError } from "./failures";
import { GONE, type Handler, type Hidden, withoutProvider } from "./handler";
import { reportNote, reportStep, withStatus } from "../progress";
import { recordBundleVersions } from "./bundleVersions";
import { Checker, isUnknown, type Props, resourceName, UNKNOWN } from "./validation";
import { checkVersion, uploadVersion } from "./versionContent";
import { planTakeover, type TakeoverPlan } from "./takeover";

const KIND = "AssetBundle";
const { bundleMessages: msg } = messages;

/** What makes a file's version: a change to any of these means a new upload. */
const VERSION_FIELDS = ["path", "visibility", "contentSha256"] as const;

/** Files hashed at once in `check` (each holds a file descriptor). */
const CHECK_CONCURRENCY = 16;

type Files = Record<string, AssetBundleFile>;

function op(verb: messages.Verb, props: AssetBundleInputs & Hidden, sid?: string): Operation {
  return { verb, kind: KIND, subject: sid ?? messages.quote(nameOf(props)), where: `Service ${props.serviceSid}` };
}

function sameVersion(a: AssetBundleFile | undefined, b: AssetBundleFile): boolean {
  return a !== undefined && VERSION_FIELDS.every((field) => a[field] === b[field]);
}

/** The files whose entry differs between the old outputs and the new inputs (added and removed included). */
function changedFiles(before: Files, after: Props): string[] {
  const changed = Object.keys(after).filter((key) => isUnknown(after[key]) || !sameVersion(before[key], after[key] as AssetBundleFile));
  return [...changed, ...Object.keys(before).filter((key) => !Object.hasOwn(after, key))];
}

/** A path as an info line shows it; one not known yet (preview) by the file's name. */
function pathOf(file: unknown, name: string): string {
  const path = (file as Partial<AssetBundleFile> | undefined)?.path;
  return typeof path === "string" && !isUnknown(path) ? path : name;
}

/** The info line's entry for each of `changed` (names from `changedFiles`), in path order. */
function fileChangeLines(before: Files, after: Props, changed: readonly string[]): messages.FileChangeLine[] {
  const lines = changed.map((name): messages.FileChangeLine => {
    const old = before[name];
    if (!Object.hasOwn(after, name)) return { mark: "-", path: old.path };
    const next = after[name] as Partial<AssetBundleFile>;
    if (!old) return { mark: "+", path: pathOf(next, name) };
    const path = pathOf(next, name);
    const details = [
      ...(path !== old.path ? [`was ${old.path}`] : []),
      ...(typeof next.visibility === "string" && !isUnknown(next.visibility) && next.visibility !== old.visibility ? [`${old.visibility} → ${next.visibility}`] : []),
    ];
    return { mark: "~", path, ...(details.length > 0 ? { detail: details.join(", ") } : {}) };
  });
  return lines.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The bundle's versions by path once its update is done, as far as the diff can know them: a kept
 * file's version from the old outputs, UNKNOWN for one that gets a new upload.
 */
function versionsAfter(olds: Partial<AssetBundleOutputs>, before: Files, after: Props, changed: ReadonlySet<string>): Record<string, string> {
  const byPath: Record<string, string> = {};
  for (const [name, file] of Object.entries(after)) {
    const path = (file as Partial<AssetBundleFile>)?.path;
    if (typeof path !== "string" || isUnknown(path)) continue;
    const kept = !changed.has(name) ? olds.assets?.[name]?.versionSid : undefined;
    byPath[path] = kept ?? UNKNOWN;
  }
  return byPath;
}

/** An info line on the bundle's row (its preview's and its update's): which files change, by path. */
async function announce(props: Props, message: string): Promise<void> {
  const urn = typeof props[URN_KEY] === "string" ? props[URN_KEY] : undefined;
  await withStatus(urn, `${KIND} ${messages.quote(nameOf(props))}`, async () => reportNote(message));
}

/** One file's entry, checked as an AssetVersion's path, visibility and contentFile are. */
async function checkFile(c: Checker, value: unknown): Promise<Partial<AssetBundleFile> | string | undefined> {
  if (isUnknown(value)) return UNKNOWN;
  const { path, visibility, size, contentSha256, contentType, contentFile } = await checkVersion(c, "application/octet-stream");
  const file = { path, visibility, size, contentSha256, contentType, contentFile };
  return Object.fromEntries(Object.entries(file).filter(([, v]) => v !== undefined)) as Partial<AssetBundleFile>;
}

/** Twilio's per-build limits on asset versions, and its one version per path. */
function checkBuildRules(c: Checker, files: Record<string, Partial<AssetBundleFile> | string | undefined>): void {
  const byPath = new Map<string, string[]>();
  let publicOrProtected = 0;
  let privateCount = 0;
  for (const [key, file] of Object.entries(files)) {
    if (!file || typeof file === "string") continue;
    if (file.visibility === "private") privateCount++;
    else if (file.visibility) publicOrProtected++;
    if (typeof file.path === "string" && file.path !== UNKNOWN) byPath.set(file.path, [...(byPath.get(file.path) ?? []), key]);
  }
  for (const [path, keys] of byPath) if (keys.length > 1) c.failRule(fileProperty(keys[0]), msg.duplicatePath(path, keys));
  const { publicAssetVersionsPerBuild, privateAssetVersionsPerBuild } = LIMITS;
  if (publicOrProtected > publicAssetVersionsPerBuild) {
    c.fail("files", `${publicOrProtected} files`, messages.problems.tooMany(publicOrProtected, publicAssetVersionsPerBuild, "public and protected files"));
  }
  if (privateCount > privateAssetVersionsPerBuild) {
    c.fail("files", `${privateCount} files`, messages.problems.tooMany(privateCount, privateAssetVersionsPerBuild, "private files"));
  }
}

/** What one create or update did to one file. */
interface FileResult {
  entry: AssetBundleEntry;
  /** Size and SHA-256 of the bytes sent, when it was uploaded (the file may have changed since `check`). */
  sent?: { size: number; contentSha256: string };
  /** The Asset this run created (or took over) for the file, if it did. */
  createdAssetSid?: string;
  /** Whether that Asset was one an interrupted update left. */
  adopted?: boolean;
}

async function upload(client: TwilioClient, serviceSid: string, assetSid: string, file: AssetBundleFile) {
  const { record, size, contentSha256 } = await uploadVersion(KIND, { kind: "file", file: file.contentFile }, file, (part) =>
    createVersion(client, assetVersionsApi, serviceSid, assetSid, file.path, file.visibility, part),
  );
  return { versionSid: record.sid, sent: { size, contentSha256 } };
}

/**
 * Uploads a new version of the file: to its Asset if it has one (and it still exists), else to a
 * new Asset, or to one an interrupted update left that `adoption` accepts. An Asset is named after
 * its file's path, so a new path renames it.
 */
async function syncFile(
  client: TwilioClient,
  serviceSid: string,
  file: AssetBundleFile,
  progress: SyncProgress,
  adoption: Adoption | undefined,
  previous?: AssetBundleEntry,
  previousPath?: string,
): Promise<FileResult> {
  if (previous) {
    try {
      const { versionSid, sent } = await upload(client, serviceSid, previous.assetSid, file);
      if (previousPath !== file.path) await assetsApi.update(client, serviceSid, previous.assetSid, file.path);
      return { entry: { assetSid: previous.assetSid, versionSid }, sent };
    } catch (err) {
      if (!isNotFound(err)) throw err;
      // Deleted outside Pulumi since the last refresh: the file gets a new Asset below.
    }
  }
  const { record: asset, adopted } = await createContainer(client, assetsApi, serviceSid, file.path, adoption);
  progress.assetCreated();
  try {
    const { versionSid, sent } = await upload(client, serviceSid, asset.sid, file);
    return { entry: { assetSid: asset.sid, versionSid }, sent, createdAssetSid: asset.sid, adopted };
  } catch (err) {
    throw Object.assign(err as Error, { createdAssetSid: asset.sid });
  }
}

/** What a sync tells its status line. */
interface SyncProgress {
  assetCreated(): void;
  uploaded(size: number): void;
}

/**
 * The status line of a sync: files and bytes uploaded out of the total, and while new files'
 * Assets are being created (their uploads queue behind them), how many are (nothing when nothing is
 * uploaded).
 */
function syncProgress(sizes: number[], newAssets: number): SyncProgress {
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  let files = 0;
  let bytes = 0;
  let assets = 0;
  const report = () => reportStep(msg.uploading(files, sizes.length, bytes, totalBytes, assets < newAssets ? { assets, newAssets } : undefined));
  if (sizes.length > 0) report();
  return {
    assetCreated() {
      assets++;
      newAssets = Math.max(newAssets, assets); // a file whose Asset was deleted outside Pulumi gets a new one
      report();
    },
    uploaded(size) {
      files++;
      bytes += size;
      report();
    },
  };
}

/**
 * Deletes Assets (one already gone counts as deleted; one a build another environment serves holds
 * stays, with a note); answers the failures as message lines.
 * `onDone(n)` hears how many deletes have finished, for a status line.
 */
export async function deleteAssets(client: TwilioClient, serviceSid: string, sids: readonly string[], onDone?: (done: number) => void): Promise<string[]> {
  let done = 0;
  const fetchName = (sid: string) => async () => (await assetsApi.fetch(client, serviceSid, sid)).friendlyName;
  // Looked up once for the whole batch, and only if a delete is refused.
  let lookup: Promise<Map<string, EnvironmentRecord[]>> | undefined;
  const holders = () => (lookup ??= servingHolders(client, serviceSid));
  const remove = (sid: string) =>
    deleteContainerUnlessServed(client, { kind: "Asset", sid, serviceSid, fetchName: fetchName(sid) }, () => assetsApi.remove(client, serviceSid, sid), holders);
  const results = await Promise.allSettled(sids.map((sid) => remove(sid).finally(() => onDone?.(++done))));
  return results.flatMap((r, i) => (r.status === "rejected" && !isNotFound(r.reason) ? [msg.fileFailed(sids[i], causeText(r.reason))] : []));
}

/**
 * With `adoptOrphans`: a new file's Asset may be one an interrupted update left, with the file's
 * path as its friendly name, that no build holds and that is not already one of the bundle's own.
 */
function orphanAdoption(client: TwilioClient, serviceSid: string, own: readonly string[]): Adoption {
  const mine = new Set(own);
  return { accepts: async (candidate) => !mine.has(candidate.sid) && !(await builtContainers(client, serviceSid)).has(candidate.sid) };
}

/**
 * Brings Twilio to `files`: a version for every file that is new or whose version fields changed,
 * the previous entry for the rest. On any failure, the Assets this run created are deleted and
 * the whole call fails, so the bundle's state stays what it was. `own`: the Assets the bundle
 * already holds (current and retired), for `adoption`.
 */
async function sync(
  verb: messages.Verb,
  props: AssetBundleInputs & Hidden,
  files: Files,
  previous: Files,
  entries: Record<string, AssetBundleEntry>,
  own: readonly string[],
) {
  const client = getClient();
  const name = nameOf(props);
  const serviceSid = props.serviceSid;
  const adoption = props.adoptOrphans === true ? orphanAdoption(client, serviceSid, own) : undefined;
  const keys = Object.keys(files).sort();
  const unchanged = (key: string) => entries[key] !== undefined && sameVersion(previous[key], files[key]);
  const changed = keys.filter((key) => !unchanged(key));
  const progress = syncProgress(
    changed.map((key) => files[key].size),
    changed.filter((key) => entries[key] === undefined).length,
  );
  const results = await Promise.allSettled(
    keys.map(async (key): Promise<FileResult> => {
      const file = files[key];
      if (unchanged(key)) return { entry: entries[key] };
      const result = await syncFile(client, serviceSid, file, progress, adoption, entries[key], previous[key]?.path);
      progress.uploaded(file.size);
      return result;
    }),
  );
  const created = results.flatMap((r) => {
    const sid = r.status === "fulfilled" ? r.value.createdAssetSid : (r.reason as { createdAssetSid?: string })?.createdAssetSid;
    return sid ? [sid] : [];
  });
  const rejected = results.flatMap((r, i) => (r.status === "rejected" ? [{ key: keys[i], reason: r.reason as unknown }] : []));
  if (rejected.length > 0) {
    const undoFailures = await deleteAssets(client, serviceSid, created);
    const failures = rejected.map((r) => msg.fileFailed(r.key, causeText(r.reason)));
    // The first failure is the cause, so its Twilio status and code stay on the error.
    throw new OperationError(msg.filesFailed(verb, name, failures, changed.length, created.length, undoFailures), rejected[0].reason);
  }
  const done = results as PromiseFulfilledResult<FileResult>[];
  const adopted = done.filter((r) => r.value.adopted).length;
  if (adopted > 0) reportNote(msg.adoptedOrphans(name, adopted, serviceSid));
  const outFiles: Files = {};
  const outEntries: Record<string, AssetBundleEntry> = {};
  keys.forEach((key, i) => {
    const { entry, sent } = done[i].value;
    outFiles[key] = sent ? { ...files[key], ...sent } : files[key];
    outEntries[key] = entry;
  });
  return { files: outFiles, assets: outEntries, assetVersionSids: keys.map((key) => outEntries[key].versionSid) };
}

/** Retired Assets that still exist (those a cleanup deleted drop out; one that cannot be looked up stays). */
async function stillRetired(client: TwilioClient, serviceSid: string, sids: readonly string[]): Promise<string[]> {
  const gone = await Promise.all(
    sids.map((sid) =>
      assetsApi.fetch(client, serviceSid, sid).then(
        () => false,
        (err) => isNotFound(err),
      ),
    ),
  );
  return sids.filter((_, i) => !gone[i]);
}

/** The props without the files (`file:<name>`). */
function withoutFiles<T extends object>(props: T): Omit<T, FileKey> {
  // Object.fromEntries loses the keys' types; only the file keys were left out.
  return Object.fromEntries(Object.entries(props).filter(([key]) => !key.startsWith(FILE_PROPERTY_PREFIX))) as Omit<T, FileKey>;
}

/**
 * The outputs: the inputs (or old outputs) with each file as `synced` has it (uploaded, or still
 * there when read), where each one lives, and the retired Assets.
 */
function outputs(
  inputs: AssetBundleInputs & Hidden,
  synced: { files: Files; assets: Record<string, AssetBundleEntry>; assetVersionSids: string[] },
  retiredAssetSids: string[],
) {
  const { assets, assetVersionSids } = synced;
  const outs = { ...withoutFiles(withoutProvider(inputs)), ...fileProperties(synced.files), assets, assetVersionSids, retiredAssetSids };
  return outs satisfies AssetBundleOutputs & Hidden;
}

/**
 * A new bundle has no diff: its preview and create name here the files it uploads, and what it
 * takes over from the live build (which costs the look-ups the create makes anyway, once the
 * Service exists; a preview that cannot make them says nothing of a takeover). The versions taken
 * over are known to the Build's check from here on (`bundleVersions.ts`).
 */
async function announceNew(news: Props, files: Record<string, unknown>, serviceSid: string | undefined, takeOverFrom: string | undefined): Promise<void> {
  const checked = Object.fromEntries(Object.entries(files).filter((e): e is [string, AssetBundleFile] => typeof e[1] === "object" && e[1] !== null));
  let takeover: TakeoverPlan | undefined;
  if (takeOverFrom !== undefined && !isUnknown(takeOverFrom) && serviceSid !== undefined && !isUnknown(serviceSid) && Object.keys(checked).length === Object.keys(files).length) {
    // A look-up that fails (no credentials in a preview, say) only leaves the takeover unsaid.
    takeover = await Promise.resolve()
      .then(() => planTakeover(getClient(), serviceSid, takeOverFrom, checked))
      .catch(() => undefined);
  }
  const plan = takeover?.files ?? new Map();
  const kept = [...plan].filter(([, t]) => t.versionSid);
  const uploads = Object.keys(files).filter((name) => !plan.get(name)?.versionSid).sort();
  if (typeof news[URN_KEY] === "string") {
    recordBundleVersions(news[URN_KEY], Object.fromEntries(Object.entries(checked).map(([name, f]) => [f.path, plan.get(name)?.versionSid ?? UNKNOWN])));
  }
  const bytes = uploads.reduce((sum, name) => sum + (checked[name]?.size ?? 0), 0);
  const taken = takeover && plan.size > 0 ? { environment: takeover.environment, assets: plan.size, versions: kept.length } : undefined;
  await announce(news, msg.filesToUpload(nameOf(news), fileChangeLines({}, files, uploads), bytes, taken));
}

function nameOf(props: Hidden): string {
  return resourceName(props, "bundle");
}

export const assetBundleHandler: Handler<AssetBundleInputs, AssetBundleOutputs> = {
  async check(olds, news) {
    const c = new Checker(KIND, news, "bundle");
    const serviceSid = c.string("serviceSid", true);
    const adoptOrphans = c.boolean("adoptOrphans", false);
    const takeOverFrom = c.sid("takeOverFrom", "ZE", false);
    const entries = bundleFiles<unknown>(news);
    const limiter = new Limiter(CHECK_CONCURRENCY);
    const names = Object.keys(entries).sort();
    const checked = await Promise.all(
      names.map((name) =>
        limiter.run(async () => {
          const value = entries[name];
          if (!isUnknown(value) && (!value || typeof value !== "object" || Array.isArray(value))) {
            c.fail(fileProperty(name), value, msg.notFileEntry());
            return undefined;
          }
          return checkFile(c.entry(fileProperty(name), `file ${messages.quote(name)}`, value as Props), value);
        }),
      ),
    );
    const files = Object.fromEntries(names.map((name, i) => [name, checked[i]]));
    checkBuildRules(c, files);
    // Left out when false, so the inputs of bundles that never set it stay as they were.
    const result = c.result({ serviceSid, adoptOrphans: adoptOrphans === false ? undefined : adoptOrphans, takeOverFrom, ...fileProperties(files) });
    if (!result.failures && Object.keys(bundleFiles(olds)).length === 0) await announceNew(news, files, serviceSid, takeOverFrom);
    return result;
  },

  /**
   * Changed files are an update, and the diff leaves it to the engine to say which (`changes`
   * undefined): it then compares the old and new inputs itself, so `pulumi preview --diff` prints
   * the properties of the files that changed and nothing else (Pulumi's dynamic provider has no
   * detailed diff of its own; with `changes: true` it would print every file). A file that a refresh
   * found gone is in the stored inputs still when the SDK cannot rewrite them (before 3.216), where
   * the engine would see no change: then `true`.
   */
  async diff(_id, olds, news): Promise<pulumi.dynamic.DiffResult> {
    if (changedFields(olds, news, ["serviceSid"]).length > 0) return { changes: true, replaces: ["serviceSid"], deleteBeforeReplace: false };
    const before = bundleFiles(olds);
    const after = bundleFiles<unknown>(news);
    const changed = changedFiles(before, after);
    if (typeof news[URN_KEY] === "string") recordBundleVersions(news[URN_KEY], versionsAfter(olds, before, after, new Set(changed)));
    if (changed.length === 0) return { changes: false };
    await announce(news, msg.fileChanges(nameOf(news), fileChangeLines(before, after, changed)));
    const lost = new Set(olds.lostAtRefresh ?? []);
    return { changes: changed.some((name) => lost.has(name)) ? true : undefined };
  },

  /** With `takeOverFrom`, the Assets (and the versions that still hold the files) of the build that environment serves are the bundle's from the start. */
  async create(inputs) {
    const files = bundleFiles(inputs);
    const takeover = inputs.takeOverFrom ? await attempt(op("create", inputs), () => planTakeover(getClient(), inputs.serviceSid, inputs.takeOverFrom!, files)) : undefined;
    const plan = takeover?.files ?? new Map();
    const taken = [...plan.values()].map((t) => t.assetSid);
    await holdForBundle(getClient(), assetsApi, inputs.serviceSid, taken);
    // A version taken over is an unchanged file; an Asset taken over without one gets an upload.
    const entries: Record<string, AssetBundleEntry> = {};
    const previous: Files = {};
    for (const [key, t] of plan) {
      entries[key] = { assetSid: t.assetSid, versionSid: t.versionSid ?? "" };
      previous[key] = t.versionSid ? files[key] : { ...files[key], contentSha256: "" };
    }
    if (takeover && plan.size > 0) reportNote(msg.tookOver(nameOf(inputs), takeover.environment, plan.size, taken.length - [...plan.values()].filter((t) => t.versionSid).length));
    const synced = await sync("create", inputs, files, previous, entries, taken);
    return { id: `${inputs.serviceSid}/${nameOf(inputs)}`, outs: outputs(inputs, synced, []) };
  },

  async update(_id, o, news) {
    const serviceSid = news.serviceSid;
    const files = bundleFiles(news);
    const own = [...Object.values(o.assets ?? {}).map((e) => e.assetSid), ...(o.retiredAssetSids ?? [])];
    const synced = await sync("update", news, files, bundleFiles(o), o.assets ?? {}, own);
    const removed = Object.keys(o.assets ?? {}).filter((name) => !Object.hasOwn(files, name));
    const retired = await stillRetired(getClient(), serviceSid, o.retiredAssetSids ?? []);
    return { outs: outputs(news, synced, [...new Set([...retired, ...removed.map((name) => o.assets[name].assetSid)])]) };
  },

  async read(id, p) {
    const client = getClient();
    const listed = await attemptUnlessGone(op("read", p, id), () => assetsApi.list(client, p.serviceSid));
    if (!listed) return GONE;
    const existing = new Set(listed.map((a) => a.sid));
    const files = bundleFiles(p);
    const names = Object.keys(p.assets ?? {})
      .filter((name) => existing.has(p.assets[name].assetSid) && files[name])
      .sort();
    const synced = {
      files: Object.fromEntries(names.map((name) => [name, files[name]])),
      assets: Object.fromEntries(names.map((name) => [name, p.assets[name]])),
      assetVersionSids: names.map((name) => p.assets[name].versionSid),
    };
    const lost = Object.keys(files).filter((name) => !names.includes(name));
    const props = outputs(p, synced, (p.retiredAssetSids ?? []).filter((sid) => existing.has(sid)));
    // The stored inputs lose the files too (SDK 3.216 and later), so the next diff sees them added back.
    const inputs = { ...withoutFiles(withoutProvider(p)), ...fileProperties(synced.files) };
    for (const key of ["assets", "assetVersionSids", "retiredAssetSids", "lostAtRefresh"] as const) delete inputs[key];
    return { id, props: lost.length > 0 ? { ...props, lostAtRefresh: lost } : props, inputs };
  },

  async delete(id, p) {
    const sids = [...Object.values(p.assets ?? {}).map((e) => e.assetSid), ...(p.retiredAssetSids ?? [])];
    const failures = await deleteAssets(getClient(), p.serviceSid, sids, (done) => reportStep(msg.deleting(done, sids.length)));
    if (failures.length > 0) throw new OperationError(msg.deleteFailed(nameOf(p), failures, sids.length), undefined);
  },
};
