/**
 * What every handler sees: the emulator's state and knobs (`App`), and one request (`Ctx`).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Credentials } from "./auth";
import { type DefaultDependencyEra, MAX_VERSION_BYTES, QUOTAS, type Visibility } from "./facts";
import { FAULT_KINDS, type FaultKind, Faults } from "./faults";
import type { Params } from "./forms";
import type { BlobStore } from "./store/blobs";
import type { BuildRec, EnvironmentRec, VersionRec } from "./store/records";
import type { Store } from "./store/store";
import type { WriteGate } from "./writeGate";

/** The limits the emulator enforces: Twilio's (facts.ts) unless overridden. */
export type EmulatorLimits = { -readonly [K in keyof typeof QUOTAS]: number } & {
  maxVersionBytes: Record<Visibility, number>;
};

export type LimitOverrides = Partial<Omit<EmulatorLimits, "maxVersionBytes">> & {
  maxVersionBytes?: Partial<Record<Visibility, number>>;
};

export function resolveLimits(overrides: LimitOverrides = {}): EmulatorLimits {
  const { maxVersionBytes, ...counts } = overrides;
  return { ...QUOTAS, ...counts, maxVersionBytes: { ...MAX_VERSION_BYTES, ...maxVersionBytes } };
}

export interface EmulatorStats {
  requests: number;
  /** POST and DELETE requests that reached a handler. */
  writes: number;
  uploads: number;
  uploadBytes: number;
  /** API requests refused with 429 because too many were in flight at once. */
  concurrencyRefusals: number;
  /** The most API requests seen in flight at once. */
  peakConcurrentRequests: number;
  /** Requests that reached a handler, by operationId (e.g. "CreateAssetVersion"). */
  byOperation: Record<string, number>;
  /** Faults injected, by kind. */
  faults: Record<FaultKind, number>;
}

export function emptyStats(): EmulatorStats {
  const faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  return { requests: 0, writes: 0, uploads: 0, uploadBytes: 0, concurrencyRefusals: 0, peakConcurrentRequests: 0, byOperation: {}, faults };
}

export interface AppOptions {
  buildDurationMs: number;
  latencyMs: number;
  maxConcurrentRequests: number;
  /** Whether CreateBuild resolves Dependencies in npm (else it checks only their form). */
  resolveDependencies: boolean;
  /** Which Dependencies CreateBuild adds to the build's list (facts.ts, ADDED_DEPENDENCIES_2021). */
  defaultDependencies: DefaultDependencyEra;
  /** The `@twilio/runtime-handler` versions CreateBuild accepts (facts.ts, RUNTIME_HANDLER_VERSIONS). */
  runtimeHandlerVersions: readonly string[];
  /** How long a Function execution may run (Twilio: 10 s, facts.ts). */
  functionTimeoutMs: number;
  /** Function executions the account may have in flight at once (Twilio: 30, facts.ts). */
  maxConcurrentFunctionExecutions: number;
  /** The data dir, where built Functions are laid out too; undefined = in memory. */
  dataDir: string | undefined;
  /** Where the emulator's log lines go, already prefixed (index.ts). */
  log: (line: string) => void;
}

/**
 * What runs deployed Functions: `FunctionHost` (functions/host.ts), started by the first request
 * to one. Declared here, as the App sees it, because the host depends on the App.
 */
export interface FunctionRunner {
  execute(env: EnvironmentRec, build: BuildRec, version: VersionRec, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void>;
  /** Drops what no build uses any more. */
  tidy(): Promise<void>;
  close(): Promise<void>;
}

export class App {
  buildDurationMs: number;
  latencyMs: number;
  /** API requests in flight at once above which the account is answered 429 (README, R10). */
  maxConcurrentRequests: number;
  /** Whether CreateBuild resolves Dependencies in npm (dependencies.ts). */
  resolveDependencies: boolean;
  readonly defaultDependencies: DefaultDependencyEra;
  readonly runtimeHandlerVersions: readonly string[];
  functionTimeoutMs: number;
  maxConcurrentFunctionExecutions: number;
  readonly dataDir: string | undefined;
  /** What runs Functions (functions/host.ts), started by the first request to one. */
  functionHost: Promise<FunctionRunner> | undefined;
  /** Set at close: no Function host starts any more. */
  functionsStopped = false;
  /** API requests in flight now, from arrival to the end of the answer. */
  apiInFlight = 0;
  readonly faults = new Faults();
  /** Set by `holdWritesAfter`: holds writes past a count (interruption tests). */
  writeGate: WriteGate | undefined = undefined;
  /** How many of the next builds end in `failed`. */
  failNextBuilds = 0;
  stats: EmulatorStats = emptyStats();
  /** The emulator's own address (`http://127.0.0.1:PORT`), once it listens. */
  selfUrl = "";
  private gcTimer: NodeJS.Timeout | undefined;
  private gcRun: Promise<unknown> = Promise.resolve();
  private gcStopped = false;
  readonly log: (line: string) => void;

  constructor(
    readonly store: Store,
    readonly blobs: BlobStore,
    readonly creds: Credentials,
    readonly limits: EmulatorLimits,
    options: AppOptions,
  ) {
    this.buildDurationMs = options.buildDurationMs;
    this.latencyMs = options.latencyMs;
    this.maxConcurrentRequests = options.maxConcurrentRequests;
    this.resolveDependencies = options.resolveDependencies;
    this.defaultDependencies = options.defaultDependencies;
    this.runtimeHandlerVersions = options.runtimeHandlerVersions;
    this.functionTimeoutMs = options.functionTimeoutMs;
    this.maxConcurrentFunctionExecutions = options.maxConcurrentFunctionExecutions;
    this.dataDir = options.dataDir;
    this.log = options.log;
  }

  /** Content blobs every stored version and build still names. */
  referencedBlobs(): Set<string> {
    const keep = new Set<string>();
    for (const v of this.store.all("assetVersions")) keep.add(v.sha256);
    for (const v of this.store.all("functionVersions")) keep.add(v.sha256);
    for (const b of this.store.all("builds")) {
      for (const v of b.assetVersions) keep.add(v.sha256);
      for (const v of b.functionVersions) keep.add(v.sha256);
    }
    return keep;
  }

  /** Soon removes the content that deletes (or refused uploads) left unreferenced. */
  scheduleGc(): void {
    if (this.gcTimer || this.gcStopped) return;
    this.gcTimer = setTimeout(() => {
      this.gcTimer = undefined;
      this.gcRun = this.blobs
        .collect(() => this.referencedBlobs())
        .then(async () => (await this.functionHost)?.tidy())
        .catch((err: Error) => this.log(`content cleanup failed: ${err.message}`));
    }, 50);
    this.gcTimer.unref();
  }

  /**
   * At close: no collection starts any more (a request finishing meanwhile would otherwise
   * schedule one on a data dir the next emulator may already own), and a running one ends first.
   */
  async stopGc(): Promise<void> {
    this.gcStopped = true;
    if (this.gcTimer) clearTimeout(this.gcTimer);
    this.gcTimer = undefined;
    await this.gcRun;
  }

  /** At close: ends every Function instance, and removes a temporary workspace. */
  async stopFunctions(): Promise<void> {
    this.functionsStopped = true;
    const host = await this.functionHost?.catch(() => undefined);
    this.functionHost = undefined;
    await host?.close();
  }
}

export interface Ctx {
  app: App;
  req: IncomingMessage;
  /** The request path as received (not decoded). */
  path: string;
  /** Decoded path parameters, by the spec's names (ServiceSid, Sid, ...). */
  params: Record<string, string>;
  query: Params;
  /** Scheme and host the request came in on, e.g. `http://127.0.0.1:8787`; URLs are built on it. */
  base: string;
  /** The form body (read once, bounded). */
  form(): Promise<Params>;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export type Method = "GET" | "POST" | "DELETE";

export interface Route {
  method: Method;
  /** The spec's path template, e.g. `/v1/Services/{ServiceSid}/Environments/{Sid}`. */
  template: string;
  operationId: string;
  handler: (ctx: Ctx) => Promise<Reply> | Reply;
}

/** ISO 8601 at second precision, as Twilio writes dates (`2018-11-10T20:00:00Z`). */
export function isoDate(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
