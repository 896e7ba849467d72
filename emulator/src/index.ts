/**
 * A local Twilio Serverless v1 API emulator: `startEmulator()` runs one on a port and returns
 * its URL (both the API and the upload base URL), the credentials it accepts, its knobs and
 * `close()`. See emulator/README.md.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promises as fsp } from "node:fs";
import { join, resolve } from "node:path";
import { App, resolveLimits, emptyStats, type EmulatorLimits, type EmulatorStats, type LimitOverrides } from "./context";
import type { Credentials } from "./auth";
import type { FaultOptions } from "./faults";
import { onClientError, requestHandler } from "./server";
import { type Deviation, withDeviations } from "./deviations";
import { WriteGate } from "./writeGate";
import { localSiteUrl } from "./site";
import { DiskBlobStore, MemoryBlobStore, type BlobStore } from "./store/blobs";
import { readIfExists, writeFileAtomic } from "./store/files";
import { Journal, loadState } from "./store/journal";
import { lockDataDir } from "./store/lock";
import { memoryPersistence, Store } from "./store/store";
import { newSecret, newSid, PREFIX } from "./sids";
import { type DefaultDependencyEra, FUNCTIONS, MAX_CONCURRENT_REQUESTS, RUNTIME_HANDLER_VERSIONS } from "./facts";

export { MESSAGES, CODES, MORE_INFO_BASE, PATH_PROBLEMS, TwilioError } from "./errors";
export { SITE_TEXT } from "./errors";
export { computeSignature } from "./signature";
export type { FaultOptions, FaultKind } from "./faults";
export type { Deviation } from "./deviations";
export type { EmulatorStats, EmulatorLimits, LimitOverrides } from "./context";

export interface EmulatorOptions {
  /** 0 = ephemeral (default 0). */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Keeps state and content on disk there; omitted = in memory. */
  dataDir?: string;
  /** Default: env TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN, else the data dir's, else generated. */
  accountSid?: string;
  authToken?: string;
  /** An API key the emulator also accepts (generated if omitted). */
  apiKeySid?: string;
  apiKeySecret?: string;
  /** How long a build stays `building` (default 1000 ms). */
  buildDurationMs?: number;
  /** Added to every request (default 0). */
  latencyMs?: number;
  /**
   * API requests the account may have in flight at once; above it Twilio answers 429, code 20429
   * (default 50, as real runs saw: facts.ts, MAX_CONCURRENT_REQUESTS).
   */
  maxConcurrentRequests?: number;
  /**
   * Whether CreateBuild resolves each dependency in npm, as Twilio does (default true): from the
   * local npm cache first, then the registry. Off, only their form is checked (for offline use).
   */
  resolveDependencies?: boolean;
  /**
   * Which Dependencies Twilio adds to a build's list (default "current": `twilio` and
   * `@twilio/runtime-handler`; "2021": also fs, lodash, util and xmldom, as real runs saw then).
   */
  defaultDependencies?: DefaultDependencyEra;
  /** The `@twilio/runtime-handler` versions CreateBuild accepts (default Twilio's list, facts.ts). */
  runtimeHandlerVersions?: readonly string[];
  /** How long a Function execution may run before it is stopped (default Twilio's 10,000 ms). */
  functionTimeoutMs?: number;
  /** Function executions in flight at once before 429 (default Twilio's 30 per account). */
  maxConcurrentFunctionExecutions?: number;
  /** Default none. */
  faults?: FaultOptions;
  /** Overrides of Twilio's limits (facts.ts), for an account with raised limits. */
  limits?: LimitOverrides;
  /**
   * Answers that differ from Twilio's on purpose (a changed error code, an extra key, a status),
   * for proving that a parity check finds them (test/live). Default none.
   */
  deviations?: Deviation[];
  /** No log lines on stderr. */
  quiet?: boolean;
  /** Where log lines go instead of stderr. */
  log?: (line: string) => void;
}

export interface Inventory {
  services: number;
  environments: number;
  assets: number;
  assetVersions: number;
  functions: number;
  functionVersions: number;
  builds: number;
  deployments: number;
  variables: number;
}

export interface RunningEmulator {
  /** "http://127.0.0.1:PORT": both the API and the upload base URL. */
  url: string;
  port: number;
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
  limits: EmulatorLimits;
  dataDir: string | undefined;
  stats(): EmulatorStats;
  resetStats(): void;
  /** Counts of every stored resource, for "the emulator holds nothing afterwards" assertions. */
  inventory(): Inventory;
  setFaults(f: FaultOptions | undefined): void;
  setLatency(ms: number): void;
  setMaxConcurrentRequests(n: number): void;
  setBuildDuration(ms: number): void;
  /** The next n builds created end in "failed" (with this reason in the emulator's log). */
  failNextBuilds(n: number): void;
  /**
   * Lets the next `n` writes (POST and DELETE requests) through and holds every later one before
   * it is processed, and the answer to the write that completes the `n`; resolves once those `n`
   * are applied. For killing a client at a point fixed by the count of writes (interruption tests).
   */
  holdWritesAfter(n: number): Promise<void>;
  /** Held writes proceed, except those whose client hung up, and no more are held. */
  releaseWrites(): void;
  /** Writes held now (a client that hangs up takes its held write with it). */
  heldWrites(): number;
  /** http://{domain without .twil.io}.localhost:PORT — the browser-openable URL of an environment. */
  localSiteUrl(domainName: string): string;
  close(): Promise<void>;
}

const CREDENTIALS_FILE = "credentials.json";

/** The account's concurrency limit by default (facts.ts, MAX_CONCURRENT_REQUESTS: what real runs saw). */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = MAX_CONCURRENT_REQUESTS;


/**
 * Options first, then the environment, then what a data dir remembers, then new ones; generated
 * credentials are saved in the data dir so that a restarted emulator accepts the same ones.
 */
async function resolveCredentials(opts: EmulatorOptions, dataDir: string | undefined): Promise<Credentials> {
  const saved = dataDir ? await readIfExists(join(dataDir, CREDENTIALS_FILE)) : undefined;
  const remembered: Partial<Credentials> = saved ? (JSON.parse(saved.toString("utf8")) as Partial<Credentials>) : {};
  const fromEnv = opts.accountSid === undefined && opts.authToken === undefined;
  const creds: Credentials = {
    accountSid: opts.accountSid ?? (fromEnv ? process.env.TWILIO_ACCOUNT_SID : undefined) ?? remembered.accountSid ?? newSid(PREFIX.account),
    authToken: opts.authToken ?? (fromEnv ? process.env.TWILIO_AUTH_TOKEN : undefined) ?? remembered.authToken ?? newSecret(),
    apiKeySid: opts.apiKeySid ?? remembered.apiKeySid ?? newSid(PREFIX.apiKey),
    apiKeySecret: opts.apiKeySecret ?? remembered.apiKeySecret ?? newSecret(),
  };
  if (dataDir && JSON.stringify(creds) !== JSON.stringify(remembered)) {
    await writeFileAtomic(join(dataDir, CREDENTIALS_FILE), JSON.stringify(creds, null, 2), 0o600);
  }
  return creds;
}

interface Opened {
  store: Store;
  blobs: BlobStore;
  unlock: () => Promise<void>;
}

async function openStore(dataDir: string | undefined, log: (line: string) => void): Promise<Opened> {
  if (!dataDir) return { store: new Store(memoryPersistence()), blobs: new MemoryBlobStore(), unlock: async () => undefined };
  await fsp.mkdir(dataDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  try {
    const loaded = await loadState(dataDir);
    if (loaded.droppedBytes > 0) log(`dropped ${loaded.droppedBytes} bytes of an unfinished write at the end of the journal`);
    const store = new Store(memoryPersistence(), loaded.tables, loaded.seq);
    store.setPersistence(await Journal.open(dataDir, () => store.snapshot()));
    return { store, blobs: await DiskBlobStore.open(dataDir), unlock };
  } catch (err) {
    await unlock();
    throw err;
  }
}

async function listen(app: App, port: number, host: string, deviations: Deviation[] | undefined): Promise<Server> {
  const server = createServer({ keepAliveTimeout: 5000 }, withDeviations(requestHandler(app), deviations));
  server.on("clientError", onClientError);
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolveListen();
    });
  });
  server.on("error", (err) => app.log(`server error: ${err.message}`));
  return server;
}

/** Handler versions are exact `x.y.z` versions, as on Twilio's list (dependencies.ts compares them). */
function checkHandlerVersions(versions: readonly string[] | undefined): void {
  const bad = versions?.find((v) => !/^\d+\.\d+\.\d+$/.test(v));
  if (bad !== undefined) throw new RangeError(`runtimeHandlerVersions holds exact versions (x.y.z), got "${bad}"`);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  checkHandlerVersions(opts.runtimeHandlerVersions);
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : undefined;
  const sink = opts.log ?? (opts.quiet ? () => undefined : (line: string) => console.error(line));
  const log = (line: string) => sink(`[twilio-emulator] ${line}`);
  const host = opts.host ?? "127.0.0.1";
  const { store, blobs, unlock } = await openStore(dataDir, log);
  let app: App;
  let server: Server;
  try {
    const creds = await resolveCredentials(opts, dataDir);
    app = new App(store, blobs, creds, resolveLimits(opts.limits), {
      buildDurationMs: opts.buildDurationMs ?? 1000,
      latencyMs: opts.latencyMs ?? 0,
      maxConcurrentRequests: opts.maxConcurrentRequests ?? MAX_CONCURRENT_REQUESTS,
      resolveDependencies: opts.resolveDependencies ?? true,
      defaultDependencies: opts.defaultDependencies ?? "current",
      runtimeHandlerVersions: opts.runtimeHandlerVersions ?? RUNTIME_HANDLER_VERSIONS,
      functionTimeoutMs: opts.functionTimeoutMs ?? FUNCTIONS.executionTimeLimitMs,
      maxConcurrentFunctionExecutions: opts.maxConcurrentFunctionExecutions ?? FUNCTIONS.concurrentExecutionsPerAccount,
      dataDir,
      log,
    });
    app.faults.set(opts.faults);
    // Content a crash left behind without the version that would have named it.
    await blobs.collect(() => app.referencedBlobs());
    server = await listen(app, opts.port ?? 0, host, opts.deviations);
  } catch (err) {
    await store.close();
    await unlock();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  app.selfUrl = url;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    accountSid: app.creds.accountSid,
    authToken: app.creds.authToken,
    apiKeySid: app.creds.apiKeySid,
    apiKeySecret: app.creds.apiKeySecret,
    limits: app.limits,
    dataDir,
    stats: () => structuredClone(app.stats),
    resetStats: () => {
      app.stats = emptyStats();
    },
    inventory: () => ({
      services: store.count("services"),
      environments: store.count("environments"),
      assets: store.count("assets"),
      assetVersions: store.count("assetVersions"),
      functions: store.count("functions"),
      functionVersions: store.count("functionVersions"),
      builds: store.count("builds"),
      deployments: store.count("deployments"),
      variables: store.count("variables"),
    }),
    setFaults: (f) => app.faults.set(f),
    setLatency: (ms) => {
      app.latencyMs = ms;
    },
    setMaxConcurrentRequests: (n) => {
      app.maxConcurrentRequests = n;
    },
    setBuildDuration: (ms) => {
      app.buildDurationMs = ms;
    },
    failNextBuilds: (n) => {
      app.failNextBuilds = n;
    },
    holdWritesAfter: (n) => {
      app.writeGate?.release();
      app.writeGate = new WriteGate(n);
      return app.writeGate.reached;
    },
    releaseWrites: () => {
      app.writeGate?.release();
      app.writeGate = undefined;
    },
    heldWrites: () => app.writeGate?.held ?? 0,
    localSiteUrl: (domainName) => localSiteUrl(domainName, port),
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
        await app.stopGc();
        await app.stopFunctions();
        await store.close();
        await unlock();
      })()),
  };
}
