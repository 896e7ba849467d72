/**
 * What a provider process knows of the Assets and Functions in each service, so that a create
 * never makes a second object and a recovery takes over only what is certainly its own:
 * - A create whose answer was lost (a 5xx or a dropped connection after Twilio applied it) takes
 *   the object that try made: one with its friendly name that was not in the service when the
 *   process first created there (`before`) and that no other create of the process has claimed.
 *   Friendly names are not unique in Twilio, so nothing else could tell.
 * - With an `Adoption`, a create first takes over what an interrupted update left behind: an
 *   object with its friendly name that was there `before`, is claimed by nothing else in this
 *   process, and that the adoption accepts (no versions; in no build).
 * - A version upload whose answer was lost takes the version that try made: one at its path that
 *   the Asset or Function did not have before (known without a request for one this process made).
 * - A build of a version this process uploaded cannot be one that existed before the process: its
 *   create needs no look-up of what an interrupted update left (`uploadedHere`, handlers/build.ts).
 * - An Asset a new AssetBundle took over from the live build (a site leaving the per-file layout,
 *   `takeover.ts`) is the bundle's: the delete of the per-file Asset resource that held it before,
 *   later in the same update, leaves it alone (`heldByBundle`).
 * Creates with one friendly name in one service, and uploads to one Asset or Function, run one
 * at a time, so two of them never claim the same object. One ledger per client, that is per
 * provider process and settings (Pulumi starts one provider process per update).
 */
import type { TwilioClient, UploadPart } from "../client/client";
import { newestFirst } from "../client/paging";
import { listBuilds } from "../client/builds";
import { isNotFound } from "../client/errors";
import type { ContainerApi, ContainerRecord } from "../client/containers";
import type { VersionApi, VersionRecord } from "../client/versions";

interface ServiceLedger {
  /** The service's objects of one collection when the process first created there. */
  before: readonly ContainerRecord[];
  /** Created or taken over by this process. */
  claimed: Set<string>;
}

interface Ledger {
  /** By `Assets/ZS…` or `Functions/ZS…`. */
  services: Map<string, Promise<ServiceLedger>>;
  /** By Asset or Function SID: the versions it is known to have. */
  versions: Map<string, Promise<Set<string>>>;
  /** By service SID: the Assets and Functions some build holds a version of. */
  built: Map<string, Promise<Set<string>>>;
  /** The versions this process uploaded, and the builds it started. */
  uploaded: Set<string>;
  started: Set<string>;
  /** The Assets a new bundle took over from the live build. */
  heldByBundles: Set<string>;
  /** Tails of the calls that must not overlap, by key. */
  queues: Map<string, Promise<unknown>>;
}

const ledgers = new WeakMap<TwilioClient, Ledger>();

function ledgerOf(client: TwilioClient): Ledger {
  let ledger = ledgers.get(client);
  if (!ledger) {
    ledger = { services: new Map(), versions: new Map(), built: new Map(), queues: new Map(), uploaded: new Set(), started: new Set(), heldByBundles: new Set() };
    ledgers.set(client, ledger);
  }
  return ledger;
}

/** `load()` once per key; a failed load is forgotten, so the next call tries again. */
function memo<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) {
    value = load();
    map.set(key, value);
    value.catch(() => map.delete(key));
  }
  return value;
}

/** Runs `task` after every earlier task with the same key has settled. */
function oneAtATime<T>(queues: Map<string, Promise<unknown>>, key: string, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(task);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => queues.get(key) === tail && queues.delete(key));
  return run;
}

/** What a create may take over instead of creating. */
export interface Adoption {
  /** Whether this object, left by an interrupted update (same friendly name, there before), is certainly the resource's. */
  accepts(candidate: ContainerRecord): Promise<boolean>;
}

/** The service's objects of one collection when the process first looked (listed once), and those it claimed. */
function serviceLedger(client: TwilioClient, api: ContainerApi, serviceSid: string): Promise<ServiceLedger> {
  return memo(ledgerOf(client).services, `${api.collection}/${serviceSid}`, async () => ({ before: await api.list(client, serviceSid), claimed: new Set<string>() }));
}

/** Whether the service had Assets or Functions when the process first looked (one request, the first time), or the process made some. */
export async function hasContainers(client: TwilioClient, api: ContainerApi, serviceSid: string): Promise<boolean> {
  const service = await serviceLedger(client, api, serviceSid);
  return service.before.length > 0 || service.claimed.size > 0;
}

/**
 * Claims these objects for a new AssetBundle that takes them over from the live build: no create
 * of this process takes them, and the per-file Asset resources that held them before leave them in
 * Twilio when Pulumi deletes them (`heldByBundle`).
 */
export async function holdForBundle(client: TwilioClient, api: ContainerApi, serviceSid: string, sids: readonly string[]): Promise<void> {
  const service = await serviceLedger(client, api, serviceSid);
  for (const sid of sids) {
    service.claimed.add(sid);
    ledgerOf(client).heldByBundles.add(sid);
  }
}

/** Whether a bundle of this process took this Asset over (see `holdForBundle`). */
export function heldByBundle(client: TwilioClient, sid: string): boolean {
  return ledgerOf(client).heldByBundles.has(sid);
}

/**
 * Creates an Asset or Function, or takes over the one that `adoption` accepts. Answers whether it
 * took one over.
 */
export function createContainer(
  client: TwilioClient,
  api: ContainerApi,
  serviceSid: string,
  friendlyName: string,
  adoption?: Adoption,
): Promise<{ record: ContainerRecord; adopted: boolean }> {
  const ledger = ledgerOf(client);
  const key = `${api.collection}/${serviceSid}`;
  return oneAtATime(ledger.queues, `${key}/${friendlyName}`, async () => {
    const service = await serviceLedger(client, api, serviceSid);
    // Newest first, so that which of several candidates is tried first never rests on Twilio's list order.
    const candidates = adoption ? newestFirst(service.before, (r) => r.dateCreated).filter((r) => r.friendlyName === friendlyName) : [];
    for (const candidate of candidates) {
      if (service.claimed.has(candidate.sid) || !(await adoption!.accepts(candidate))) continue;
      service.claimed.add(candidate.sid);
      return { record: candidate, adopted: true };
    }
    const before = new Set(service.before.map((r) => r.sid));
    const record = await api.create(client, serviceSid, friendlyName, (sid) => !before.has(sid) && !service.claimed.has(sid));
    service.claimed.add(record.sid);
    ledger.versions.set(record.sid, Promise.resolve(new Set()));
    return { record, adopted: false };
  });
}

/**
 * The versions an Asset or Function has: listed once, then kept up to date by `createVersion`.
 * None for one that does not exist (an upload to it then fails with Twilio's own answer).
 */
export function versionsOf(client: TwilioClient, api: VersionApi, serviceSid: string, parentSid: string): Promise<Set<string>> {
  return memo(ledgerOf(client).versions, parentSid, async () => {
    try {
      return new Set((await api.list(client, serviceSid, parentSid)).map((v) => v.sid));
    } catch (err) {
      if (isNotFound(err)) return new Set<string>();
      throw err;
    }
  });
}

/** Uploads a version; after a lost answer, the one that try made is the answer (see the top). */
export function createVersion(
  client: TwilioClient,
  api: VersionApi,
  serviceSid: string,
  parentSid: string,
  path: string,
  visibility: string,
  part: UploadPart,
): Promise<VersionRecord> {
  return oneAtATime(ledgerOf(client).queues, `versions/${parentSid}`, async () => {
    const known = await versionsOf(client, api, serviceSid, parentSid);
    const record = await api.create(client, serviceSid, parentSid, path, visibility, part, (sid) => !known.has(sid));
    known.add(record.sid);
    ledgerOf(client).uploaded.add(record.sid);
    return record;
  });
}

/** Whether this process uploaded any of these versions. */
export function uploadedHere(client: TwilioClient, versionSids: readonly string[]): boolean {
  const { uploaded } = ledgerOf(client);
  return versionSids.some((sid) => uploaded.has(sid));
}

/** The builds this process started: a build it starts later is none of them. */
export function startedHere(client: TwilioClient): Set<string> {
  return ledgerOf(client).started;
}

/** The Assets and Functions of the service that some build holds a version of (listed once per process). */
export function builtContainers(client: TwilioClient, serviceSid: string): Promise<Set<string>> {
  return memo(ledgerOf(client).built, serviceSid, async () => new Set((await listBuilds(client, serviceSid)).flatMap((b) => b.containerSids)));
}
