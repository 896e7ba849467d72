/**
 * Run prefixes and the sweeper. Every Service a live run makes has a unique name that starts with
 * the run's prefix, `ptslive-<start>-<4 hex digits>-` (`<start>`: the run's start in seconds, base
 * 36); everything else a run makes lives inside one of those Services. The sweeper deletes the
 * Services whose unique name has that shape, and nothing else: their environments first (real runs
 * show Twilio deleting a Service whose environment serves a build, emulator/README R6; this costs a
 * request per environment and holds if an account behaves otherwise), then the Service, which
 * takes its Functions, Assets, Builds and Variables with it.
 *
 * A run sweeps before it starts (what earlier runs left, even after a crash) and after it ends
 * (its own). Another run's Services are swept only once that run is older than `RUN_MAX_AGE_MS`,
 * so that two runs on one account do not delete each other's objects.
 */
import { randomBytes } from "node:crypto";
import type { TwilioClient } from "../../provider/src/core/client/client";
import { deleteEnvironment, listEnvironments } from "../../provider/src/core/client/environments";
import { deleteService, listServices } from "../../provider/src/core/client/services";
import { type LiveTarget, MAX_RUN_MINUTES } from "./gate";
import { Recorder } from "./recorder";

/** What every run's prefix starts with. */
export const LIVE_PREFIX = "ptslive-";

/** A run's Services: the prefix, the run's start, its random part, then the Service's own name. */
const RUN_SERVICE = /^ptslive-([0-9a-z]{1,10})-([0-9a-f]{4})-[a-z0-9-]+$/;

/**
 * After this long, a run has ended for sure: its time cap (at most `MAX_RUN_MINUTES`), its own
 * sweep, and a margin. Younger runs' Services are left alone.
 */
export const RUN_MAX_AGE_MS = (MAX_RUN_MINUTES + 15) * 60_000;

/** A new run's prefix, ending in a dash: `ptslive-t5k2ab-7f3a-`. */
export function newRunPrefix(now = Date.now()): string {
  return `${LIVE_PREFIX}${Math.floor(now / 1000).toString(36)}-${randomBytes(2).toString("hex")}-`;
}

/** The start (epoch ms) of the run that made a Service with this unique name; undefined when it is not a run's. */
export function runStartOf(uniqueName: string): number | undefined {
  const found = RUN_SERVICE.exec(uniqueName);
  return found ? parseInt(found[1], 36) * 1000 : undefined;
}

export interface SweepOptions {
  /** This run's prefix: its Services are swept whatever their age. */
  ownPrefix?: string;
  /** Sweep other runs' Services whatever their age too (`--sweep`, when no other run is going). */
  all?: boolean;
  now?: number;
}

export interface SweepResult {
  /** Unique names of the Services deleted. */
  deleted: string[];
  /** Services of runs that may still be going, left. */
  left: string[];
  /** Services that could not be deleted, with the error. */
  failed: Array<{ name: string; error: string }>;
}

/** Deletes the Services of earlier runs (and of this one) and what they hold; touches nothing else. */
export async function sweep(client: TwilioClient, opts: SweepOptions = {}): Promise<SweepResult> {
  const now = opts.now ?? Date.now();
  const result: SweepResult = { deleted: [], left: [], failed: [] };
  for (const service of await listServices(client)) {
    const started = runStartOf(service.uniqueName);
    if (started === undefined) continue;
    const own = opts.ownPrefix !== undefined && service.uniqueName.startsWith(opts.ownPrefix);
    if (!own && !opts.all && now - started < RUN_MAX_AGE_MS) {
      result.left.push(service.uniqueName);
      continue;
    }
    try {
      for (const environment of await listEnvironments(client, service.sid)) await deleteEnvironment(client, service.sid, environment.sid);
      await deleteService(client, service.sid);
      result.deleted.push(service.uniqueName);
    } catch (err) {
      result.failed.push({ name: service.uniqueName, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return result;
}

/** What a sweep may make at most: listing the Services, then a few requests per run's Service. */
const SWEEP_MAX_REQUESTS = 300;
const SWEEP_MAX_MS = 5 * 60_000;

/** A sweep through a proxy of its own (one request at a time, its own caps), recorded nowhere. */
export async function sweepVia(target: LiveTarget, opts: SweepOptions): Promise<SweepResult> {
  const recorder = new Recorder({ upstream: target.upstream, maxRequests: SWEEP_MAX_REQUESTS, deadline: Date.now() + SWEEP_MAX_MS, prefix: opts.ownPrefix ?? "" });
  await recorder.start();
  const client = recorder.client(target);
  try {
    return await sweep(client, opts);
  } finally {
    await client.close();
    await recorder.close();
  }
}
