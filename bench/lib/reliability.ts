/**
 * What the reliability tests (test/reliability/) and `bench/interrupt.ts` share: a generated site
 * published by bench/program through the real Pulumi CLI, against an emulator in this process; a
 * `pulumi up` killed with its whole process tree at a point fixed by the emulator's count of
 * writes; the recovery that provider/README.md documents; and the figures that say whether Twilio
 * holds exactly what the program declares (`Figures`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { listBuilds } from "../../provider/src/core/client/builds";
import { TwilioClient } from "../../provider/src/core/client/client";
import { assetsApi } from "../../provider/src/core/client/containers";
import { assetVersionsApi } from "../../provider/src/core/client/versions";
import { listEnvironments } from "../../provider/src/core/client/environments";
import { listServices } from "../../provider/src/core/client/services";
import { scanFolder } from "../../provider/src/components/folder";
import { checkSite } from "../../scripts/siteCheck";
import { type Dataset, generateDataset } from "./dataset";
import { processTree } from "./procTree";
import { PulumiStack } from "./pulumi";
import { tunedParallel } from "../run";

export type Layout = "per-file" | "bundle";
export const LAYOUTS: readonly Layout[] = ["per-file", "bundle"];

/**
 * Kill points by the emulator's count of writes for a folder of `files` files. The Service comes
 * first, then the Environment and an Asset per file, then an upload per file (in either layout
 * every Asset is created before the first upload), then the Build and the Deployment. The emulator holds
 * the answer to the write that completes the count, so the killed update never learns of it.
 */
export function killPoints(files: number): Record<"early" | "mid-assets" | "mid-upload" | "build" | "deployment", number> {
  return {
    early: 1,
    "mid-assets": 2 + Math.round(files / 2),
    "mid-upload": 2 + Math.round(1.5 * files),
    build: 2 + 2 * files + 1,
    deployment: 2 + 2 * files + 2,
  };
}

export interface SiteStackOptions {
  emulator: RunningEmulator;
  layout: Layout;
  files: number;
  /** A fresh directory inside the repository (the program's copy must find its node_modules): the site, the program, the state. */
  workDir: string;
  seed?: number;
}

export interface CliResult {
  code: number;
  output: string;
}

export interface Kill {
  /** Writes the emulator applied before the kill. */
  writes: number;
  /** Processes killed at once: the CLI, its language host and program, its provider. */
  processes: number;
}

export interface Recovery {
  /** The commands and settings of the recovery, in order. */
  steps: string[];
  /** `pulumi up` runs until one succeeded. */
  ups: number;
  /** The output of each of those runs. */
  outputs: string[];
}

/** What Twilio holds against what the program declares. */
export interface Figures {
  files: number;
  assets: number;
  /** Assets no resource in the state holds. */
  orphanAssets: number;
  /** Assets beyond the first with one friendly name in one service. */
  duplicateAssets: number;
  versions: number;
  /** Versions of the declared Assets that no build holds (Twilio drops them; its API cannot delete them). */
  unbuiltVersions: number;
  builds: number;
  /** Services, Environments and Builds no resource in the state holds. */
  orphanOthers: number;
  /** Site answers checked, and how many were not as expected (none checked without a deployment). */
  siteChecks: number;
  siteFailures: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Steps at once: the provider's 25 requests in flight plus a few (bench/run.ts's `tunedParallel`). */
const PARALLEL = ["--parallel", String(tunedParallel())];

/** Whether a process still runs (a zombie waiting for init does not). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** SIGKILL to `rootPid` and every process below it at once; resolves when all are gone. Answers how many. */
export async function killTree(rootPid: number): Promise<number> {
  const tree = processTree(rootPid);
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  while ([...tree].some(alive)) await sleep(20);
  return tree.size;
}

export class SiteStack {
  private readonly client: TwilioClient;

  private constructor(
    readonly emulator: RunningEmulator,
    readonly layout: Layout,
    readonly dataset: Dataset,
    readonly stack: PulumiStack,
  ) {
    this.client = new TwilioClient({
      baseUrl: emulator.url,
      uploadBaseUrl: emulator.url,
      username: emulator.accountSid,
      password: emulator.authToken,
    });
  }

  static async create(opts: SiteStackOptions): Promise<SiteStack> {
    const dataset = generateDataset(path.join(opts.workDir, "site"), { files: opts.files, large: 0, seed: opts.seed ?? 7 });
    const { emulator } = opts;
    const stack = await PulumiStack.create({
      workDir: path.join(opts.workDir, "stack"),
      target: { apiUrl: emulator.url, accountSid: emulator.accountSid, authToken: emulator.authToken },
      config: {
        "bench:dir": dataset.assetsDir,
        "bench:serviceName": `site-${opts.layout}-${Date.now().toString(36)}`,
        "bench:resourcePerFile": String(opts.layout === "per-file"),
        "twilio:retryBaseDelayMs": "5",
        "twilio:buildPollMaxIntervalMs": "20",
      },
      env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
      args: PARALLEL,
    });
    return new SiteStack(emulator, opts.layout, dataset, stack);
  }

  up(): Promise<CliResult> {
    return this.stack.attempt(["up", "--yes", "--skip-preview", "--non-interactive", ...PARALLEL]);
  }

  destroy(): Promise<CliResult> {
    return this.stack.attempt(["destroy", "--yes", "--skip-preview", "--non-interactive", ...PARALLEL]);
  }

  /**
   * `pulumi up`, killed with its whole tree (`kill -9`) once the emulator has applied `writes`
   * writes; the writes it holds meanwhile die with their client.
   */
  async killedUp(writes: number): Promise<Kill> {
    const reached = this.emulator.holdWritesAfter(writes);
    const child = this.stack.startUp();
    let output = "";
    child.stdout?.on("data", (c: Buffer) => (output += c));
    child.stderr?.on("data", (c: Buffer) => (output += c));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      const first = await Promise.race([reached.then(() => "reached"), exited.then(() => "exited")]);
      if (first === "exited") throw new Error(`pulumi up ended before the emulator had applied ${writes} writes:\n${output.split("\n").slice(-30).join("\n")}`);
      const processes = await killTree(child.pid!);
      await exited;
      // a held write's client is gone, and it with it, once the emulator has seen its connection close
      for (let waited = 0; this.emulator.heldWrites() > 0 && waited < 5000; waited += 20) await sleep(20);
      return { writes, processes };
    } finally {
      this.emulator.releaseWrites();
    }
  }

  /**
   * The recovery provider/README.md documents, after the interrupted update's processes are gone:
   * when the state cannot be read (`failed to load checkpoint: EOF`: the kill landed in the file
   * backend's write of a metadata sidecar), the empty sidecar deleted; `pulumi cancel` (the
   * update's lock outlives it), then `pulumi up`; when that refuses a Service or Environment name
   * the interrupted update took, printing its SID, that SID as `adoptSid`, and `pulumi up` again.
   */
  async recover(): Promise<Recovery> {
    const steps: string[] = [];
    const outputs: string[] = [];
    let cancel = await this.stack.attempt(["cancel", "--yes", "--non-interactive"]);
    if (cancel.code !== 0 && /failed to load checkpoint: EOF/.test(cancel.output)) {
      const removed = this.stack.removeEmptySidecars();
      steps.push(`deleted ${removed.length} empty state sidecar${removed.length === 1 ? "" : "s"}`);
      cancel = await this.stack.attempt(["cancel", "--yes", "--non-interactive"]);
    }
    steps.push(cancel.code === 0 ? "pulumi cancel" : "pulumi cancel (no lock)");
    for (let ups = 1; ups <= 3; ups++) {
      const { code, output } = await this.up();
      steps.push("pulumi up");
      outputs.push(output);
      if (code === 0) return { steps, ups, outputs };
      const taken = /(Service|Environment) "[^"]*": \w+ "[^"]*" is taken: .*?adoptSid: "(Z[SE][0-9a-f]{32})"/.exec(output);
      if (!taken) throw new Error(`pulumi up failed after the recovery steps ${steps.join(", ")}:\n${output.split("\n").slice(-40).join("\n")}`);
      const key = taken[1] === "Service" ? "bench:adoptServiceSid" : "bench:adoptEnvironmentSid";
      await this.stack.setConfig(key, taken[2]);
      steps.push(`${key} ${taken[2]}`);
    }
    throw new Error(`pulumi up did not succeed after the recovery steps ${steps.join(", ")}`);
  }

  /** Twilio's account (the emulator's, through its API) against the stack's state. */
  async figures(): Promise<Figures> {
    const resources = await this.stack.resources();
    const tracked = new Set<string>();
    let url: string | undefined;
    for (const r of resources) {
      if (r.id) tracked.add(r.id);
      const outs = r.outputs ?? {};
      for (const entry of Object.values((outs.assets as Record<string, { assetSid: string }> | undefined) ?? {})) tracked.add(entry.assetSid);
      for (const sid of (outs.retiredAssetSids as string[] | undefined) ?? []) tracked.add(sid);
      if (r.type === "pulumi:pulumi:Stack") url = (outs.url as string | undefined) ?? url;
    }
    const figures: Figures = {
      files: this.dataset.files.length,
      assets: 0,
      orphanAssets: 0,
      duplicateAssets: 0,
      versions: 0,
      unbuiltVersions: 0,
      builds: 0,
      orphanOthers: 0,
      siteChecks: 0,
      siteFailures: 0,
    };
    for (const service of await listServices(this.client)) {
      const [assets, builds, environments] = await Promise.all([
        assetsApi.list(this.client, service.sid),
        listBuilds(this.client, service.sid),
        listEnvironments(this.client, service.sid),
      ]);
      const built = new Set(builds.flatMap((b) => b.assetVersions));
      figures.assets += assets.length;
      figures.orphanAssets += assets.filter((a) => !tracked.has(a.sid)).length;
      figures.duplicateAssets += assets.length - new Set(assets.map((a) => a.friendlyName)).size;
      figures.builds += builds.length;
      figures.orphanOthers += [service, ...builds, ...environments].filter((o) => !tracked.has(o.sid)).length;
      for (const asset of assets) {
        const versions = await assetVersionsApi.list(this.client, service.sid, asset.sid);
        figures.versions += versions.length;
        figures.unbuiltVersions += versions.filter((v) => !built.has(v.sid)).length;
      }
    }
    if (url) {
      const files = Object.fromEntries(scanFolder(this.dataset.assetsDir).map((f) => [f.servedPath, { visibility: f.visibility, file: f.file }]));
      const checks = await checkSite({
        apiUrl: this.emulator.url,
        domainName: url.replace(/^https:\/\//, ""),
        authToken: this.emulator.authToken,
        siteDir: this.dataset.assetsDir,
        files,
      });
      figures.siteChecks = checks.length;
      figures.siteFailures = checks.filter((c) => !c.ok).length;
    }
    return figures;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** One line of figures: `200 files: 200 Assets (0 orphaned, 0 duplicated), 200 versions (0 unbuilt), 1 build, 0 other orphans, site 221/221 as expected`. */
export function formatFigures(f: Figures): string {
  const site = f.siteChecks > 0 ? `site ${f.siteChecks - f.siteFailures}/${f.siteChecks} answers as expected` : "no site deployed";
  return (
    `${f.files} files: ${f.assets} Assets (${f.orphanAssets} orphaned, ${f.duplicateAssets} duplicated), ` +
    `${f.versions} versions (${f.unbuiltVersions} unbuilt), ${f.builds} ${f.builds === 1 ? "build" : "builds"}, ` +
    `${f.orphanOthers} other orphans, ${site}`
  );
}
