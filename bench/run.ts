/**
 * Side-by-side benchmark: our AssetFolder through the real Pulumi CLI versus Twilio's Serverless
 * Toolkit (`@twilio-labs/serverless-api`, what `twilio serverless:deploy` runs), on the same
 * generated folder, against the same emulator (in its own process), in one run.
 *
 *   npm run bench -- [--files 1000] [--large 3] [--latency 0,50] [--scenarios 1,2,3] [--reps 3]
 *                    [--tools pulumi,pulumi-per-file,toolkit] [--build-ms 1000] [--seed 7] [--parallel N]
 *                    [--concurrency N] [--tuned] [--unsafe-skip-checkpoints] [--pulumi-env KEY=VALUE]...
 *                    [--json FILE] [--keep] [--verbose]
 *
 * Scenarios (each repetition starts from a new service and a new stack):
 *   1. first deploy of the folder        (pulumi up            | deployProject)
 *   2. one file edited, deploy again     (pulumi up            | deployProject)
 *   3. no change                         (pulumi preview       | deployProject: it has no preview)
 * Scenarios 2 and 3 need the deploy of scenario 1 (and 3 follows 2): those runs happen anyway and
 * are reported only when selected. With a Pulumi tool, every repetition also measures the floor:
 * an empty program's `up` and `preview` with the same CLI, backend and settings (bench/floor).
 * See bench/README.md.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_MAX_CONCURRENT_REQUESTS } from "pulumi-twilio-serverless";
import { findPulumiCli, REPO_ROOT } from "../scripts/pulumiCli";
import { editOneFile, generateDataset, type Dataset } from "./lib/dataset";
import { startEmulatorChild, type EmulatorChild } from "./lib/emulatorProcess";
import type { Measured } from "./lib/measure";
import { FLOOR_PROGRAM, PulumiStack } from "./lib/pulumi";
import {
  type BenchReport,
  type FloorRecord,
  formatReport,
  type RunRecord,
  isPulumi,
  type ScenarioId,
  type Tool,
  TOOLS,
  UNSAFE_PULUMI_ENV,
} from "./lib/report";
import { TOOLKIT_DEFAULT_CONCURRENCY, toolkitDeploy } from "./lib/toolkit";

/**
 * `--tuned`: settings a user may choose safely, each measured in bench/README.md. Without it,
 * Pulumi runs as it comes (checkpoints on, ts-node type-checking the program, the CLI's own
 * `--parallel`): what users get.
 */
export const TUNED_PULUMI_ENV: Record<string, string> = {
  // ts-node type-checks the program on every run; `tsc` (or the editor) already does.
  PULUMI_NODEJS_TRANSPILE_ONLY: "true",
};

/**
 * `--parallel` with --tuned: the CLI's default is 4 per CPU (8 here), fewer steps than our
 * provider's requests in flight (25 by default); with a resource per file each step waits on one
 * or two requests, so a few more steps than requests keep them all busy.
 */
export function tunedParallel(requestsInFlight = DEFAULT_MAX_CONCURRENT_REQUESTS): number {
  return requestsInFlight + 6;
}

export interface BenchOptions {
  files: number;
  large: number;
  latencies: number[];
  scenarios: ScenarioId[];
  reps: number;
  tools: Tool[];
  buildMs: number;
  seed: number;
  pulumiEnv: Record<string, string>;
  pulumiArgs: string[];
  /** Requests in flight for both tools; each tool's default when undefined (ours 25, the toolkit's 10). */
  concurrency?: number;
  json?: string;
  keep: boolean;
  verbose: boolean;
}

const USAGE = `Usage: npm run bench -- [options]
  --files N            small files (1–20 KB), default 1000
  --large N            large files (1–5 MB), default 3
  --latency L,L        emulator latency per request in ms, default 0,50
  --scenarios S,S      which scenarios to report (1 first deploy, 2 one file edited, 3 no change), default 1,2,3
  --reps N             repetitions, default 3
  --tools T,T          pulumi (AssetFolder in its default layout: one AssetBundle), pulumi-per-file
                       (resourcePerFile: true: an Asset and an AssetVersion resource per file), toolkit;
                       default pulumi,toolkit
  --build-ms N         how long the emulator's builds take, default 1000
  --seed N             dataset seed, default 7
  --concurrency N      requests in flight for both tools (ours: TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS,
                       the toolkit's: TWILIO_SERVERLESS_API_CONCURRENCY); default each tool's own:
                       ours ${DEFAULT_MAX_CONCURRENT_REQUESTS} (fewer after a 429), the toolkit's ${TOOLKIT_DEFAULT_CONCURRENCY}
  --parallel N         pulumi --parallel (default the CLI's own; with --tuned, requests in flight + 6)
  --tuned              safe settings a user may choose: ${Object.entries(TUNED_PULUMI_ENV).map(([k, v]) => `${k}=${v}`).join(", ")}, --parallel
                       (default: Pulumi as it comes, checkpoints on, ts-node type-checking)
  --unsafe-skip-checkpoints
                       ${Object.entries(UNSAFE_PULUMI_ENV).map(([k, v]) => `${k}=${v}`).join(", ")}: UNSAFE (a killed update records nothing
                       it created); the report marks the run unsafe
  --pulumi-env K=V     extra environment for the Pulumi CLI (K= removes a setting); repeatable
  --json FILE          also write the raw results as JSON
  --keep               keep the work directory (.bench/run-*)
  --verbose            echo every command's output`;

function list(value: string | undefined, fallback: string): string[] {
  return (value ?? fallback)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function count(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer of at least ${min}, got "${value}"`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      files: { type: "string" },
      large: { type: "string" },
      latency: { type: "string" },
      scenarios: { type: "string" },
      reps: { type: "string" },
      tools: { type: "string" },
      "build-ms": { type: "string" },
      seed: { type: "string" },
      parallel: { type: "string" },
      concurrency: { type: "string" },
      tuned: { type: "boolean" },
      "unsafe-skip-checkpoints": { type: "boolean" },
      "pulumi-env": { type: "string", multiple: true },
      json: { type: "string" },
      keep: { type: "boolean" },
      verbose: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return "help";
  const scenarios = list(values.scenarios, "1,2,3").map((s) => {
    if (!["1", "2", "3"].includes(s)) throw new Error(`--scenarios takes 1, 2 and 3, got "${s}"`);
    return Number(s) as ScenarioId;
  });
  const tools = list(values.tools, "pulumi,toolkit").map((t) => {
    if (!(TOOLS as readonly string[]).includes(t)) throw new Error(`--tools takes ${TOOLS.join(", ")}, got "${t}"`);
    return t as Tool;
  });
  const pulumiEnv: Record<string, string> = {
    ...(values.tuned ? TUNED_PULUMI_ENV : {}),
    ...(values["unsafe-skip-checkpoints"] ? UNSAFE_PULUMI_ENV : {}),
  };
  for (const pair of values["pulumi-env"] ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`--pulumi-env takes KEY=VALUE, got "${pair}"`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (value === "") delete pulumiEnv[key];
    else pulumiEnv[key] = value;
  }
  const concurrency = values.concurrency === undefined ? undefined : count("concurrency", values.concurrency, 10, 1);
  if (concurrency !== undefined) pulumiEnv.TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS = String(concurrency);
  const parallel = values.parallel !== undefined ? count("parallel", values.parallel, 0, 1) : values.tuned ? tunedParallel(concurrency) : undefined;
  return {
    files: count("files", values.files, 1000, 2),
    large: count("large", values.large, 3),
    latencies: list(values.latency, "0,50").map((l) => count("latency", l, 0)),
    scenarios: [...new Set(scenarios)].sort(),
    reps: count("reps", values.reps, 3, 1),
    tools,
    buildMs: count("build-ms", values["build-ms"], 1000),
    seed: count("seed", values.seed, 7),
    pulumiEnv,
    pulumiArgs: parallel === undefined ? [] : ["--parallel", String(parallel)],
    concurrency,
    json: values.json,
    keep: values.keep ?? false,
    verbose: values.verbose ?? false,
  };
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** The steps of one repetition for one tool; scenario 3 runs on the state scenario 2 left. */
interface ToolSession {
  deploy(): Promise<Measured & { stateBytes?: number; stateResources?: number; changes?: RunRecord["changes"] }>;
  noChange(): Promise<Measured & { stateBytes?: number; stateResources?: number; changes?: RunRecord["changes"] }>;
}

async function pulumiSession(opts: BenchOptions, emulator: EmulatorChild, ds: Dataset, workDir: string, name: string, tool: Tool): Promise<ToolSession> {
  const stack = await PulumiStack.create({
    workDir,
    target: { apiUrl: emulator.url, accountSid: emulator.accountSid, authToken: emulator.authToken },
    // `pulumi` says nothing of a layout: the component's default, as a user's program.
    config: { "bench:dir": ds.assetsDir, "bench:serviceName": name, ...(tool === "pulumi-per-file" ? { "bench:resourcePerFile": "true" } : {}) },
    env: opts.pulumiEnv,
    args: opts.pulumiArgs,
    echo: opts.verbose,
  });
  const withState = async (run: Promise<Awaited<ReturnType<PulumiStack["up"]>>>) => {
    const r = await run;
    const state = stack.state();
    return { ...r, stateBytes: state.bytes, stateResources: state.resources };
  };
  return { deploy: () => withState(stack.up()), noChange: () => withState(stack.preview()) };
}

function toolkitSession(opts: BenchOptions, emulator: EmulatorChild, ds: Dataset, name: string): ToolSession {
  const target = { apiUrl: emulator.url, username: emulator.accountSid, password: emulator.authToken };
  let serviceSid: string | undefined;
  const deploy = async () => {
    // As the toolkit's CLI does: the first deploy creates the service by name, later ones use the
    // SID it remembered (.twiliodeployinfo).
    const job = { cwd: ds.root, serviceName: name, serviceSid, functionsEnv: "dev", runtime: "node22" };
    const r = await toolkitDeploy(target, job, opts.verbose, opts.concurrency);
    serviceSid = r.result.serviceSid;
    return r;
  };
  return { deploy, noChange: deploy };
}

/**
 * Pulumi's floor for one repetition: bench/floor, a program that declares nothing, with the same
 * CLI, environment, arguments and stack config as ours: `up` (as scenarios 1 and 2 run it), then
 * `preview` (as scenario 3 does).
 */
async function measureFloor(opts: BenchOptions, emulator: EmulatorChild, workDir: string, latencyMs: number, rep: number): Promise<FloorRecord> {
  const stack = await PulumiStack.create({
    workDir,
    program: FLOOR_PROGRAM,
    target: { apiUrl: emulator.url, accountSid: emulator.accountSid, authToken: emulator.authToken },
    config: {},
    env: opts.pulumiEnv,
    args: opts.pulumiArgs,
    echo: opts.verbose,
  });
  const up = await stack.up();
  const preview = await stack.preview();
  const cpu = (m: Measured) => m.peaks.reduce((sum, p) => sum + p.cpuSeconds, 0);
  const programMb = Math.max(...[up, preview].flatMap((m) => m.peaks.filter((p) => p.role === "program").map((p) => p.maxMb)));
  return {
    latencyMs,
    rep,
    upMs: up.wallMs,
    previewMs: preview.wallMs,
    upCpuSeconds: cpu(up),
    previewCpuSeconds: cpu(preview),
    programPeakMb: Number.isFinite(programMb) ? programMb : undefined,
  };
}

async function measureOn(
  emulator: EmulatorChild,
  base: Omit<RunRecord, "wallMs" | "requests" | "writes" | "uploads" | "uploadBytes" | "byOperation" | "peaks">,
  run: () => ReturnType<ToolSession["deploy"]>,
): Promise<RunRecord> {
  await emulator.resetStats();
  const r = await run();
  const stats = await emulator.stats();
  return {
    ...base,
    wallMs: r.wallMs,
    requests: stats.requests,
    writes: stats.writes,
    uploads: stats.uploads,
    uploadBytes: stats.uploadBytes,
    byOperation: stats.byOperation,
    peaks: r.peaks,
    changes: r.changes,
    stateBytes: r.stateBytes,
    stateResources: r.stateResources,
  };
}

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const runId = `run-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  const workRoot = path.join(REPO_ROOT, ".bench", runId);
  fs.mkdirSync(workRoot, { recursive: true });
  const pulumiBin = opts.tools.some(isPulumi) ? path.join(findPulumiCli(), "pulumi") : undefined;
  const pulumiVersion = pulumiBin ? execFileSync(pulumiBin, ["version"], { encoding: "utf8" }).trim() : "-";
  const toolkitVersion = (JSON.parse(fs.readFileSync(require.resolve("@twilio-labs/serverless-api/package.json"), "utf8")) as { version: string }).version;
  const dataRoot = path.join(workRoot, "project");
  const dsOptions = { files: opts.files, large: opts.large, seed: opts.seed };
  let ds = generateDataset(dataRoot, dsOptions);
  const runs: RunRecord[] = [];
  const floors: FloorRecord[] = [];
  const loadAtStart = os.loadavg()[0];
  const report = (): BenchReport => ({
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: { start: loadAtStart, end: os.loadavg()[0] },
    pulumiVersion,
    toolkitVersion,
    dataset: {
      files: ds.files.length,
      small: opts.files,
      large: opts.large,
      totalBytes: ds.totalBytes,
      protected: ds.files.filter((f) => f.visibility === "protected").length,
      private: ds.files.filter((f) => f.visibility === "private").length,
    },
    reps: opts.reps,
    buildDurationMs: opts.buildMs,
    pulumiEnv: opts.pulumiEnv,
    pulumiArgs: opts.pulumiArgs,
    concurrency: opts.concurrency,
    runs,
    floors,
  });
  log(`${ds.files.length} files, ${(ds.totalBytes / 1e6).toFixed(1)} MB in ${ds.assetsDir}`);

  // Whether scenario 2 edited the folder since it was generated: every repetition, at every
  // latency, starts from the same bytes.
  let edited = false;
  try {
    for (const latencyMs of opts.latencies) {
      const emulator = await startEmulatorChild({ latencyMs, buildDurationMs: opts.buildMs });
      try {
        for (let rep = 1; rep <= opts.reps; rep++) {
          if (edited) {
            ds = generateDataset(dataRoot, dsOptions);
            edited = false;
          }
          // Alternate which tool goes first, so neither always runs on a warmer machine.
          const order: Tool[] = rep % 2 === 1 ? [...opts.tools] : [...opts.tools].reverse();
          const sessions = new Map<Tool, ToolSession>();
          for (const tool of order) {
            const name = `bench-${latencyMs}-${rep}-${tool}-${Date.now().toString(36)}`;
            sessions.set(
              tool,
              isPulumi(tool)
                ? await pulumiSession(opts, emulator, ds, path.join(workRoot, `stack-${latencyMs}-${rep}-${tool}`), name, tool)
                : toolkitSession(opts, emulator, ds, name),
            );
          }
          // The floor goes first in odd repetitions and last in even ones, like the tools' order.
          const floor = async () => {
            if (!opts.tools.some(isPulumi)) return;
            const f = await measureFloor(opts, emulator, path.join(workRoot, `floor-${latencyMs}-${rep}`), latencyMs, rep);
            floors.push(f);
            log(`latency ${latencyMs} ms, rep ${rep}, floor (empty program): up ${(f.upMs / 1000).toFixed(1)} s, preview ${(f.previewMs / 1000).toFixed(1)} s`);
          };
          if (rep % 2 === 1) await floor();
          const step = async (scenario: ScenarioId, pick: (s: ToolSession) => ReturnType<ToolSession["deploy"]>) => {
            for (const tool of order) {
              const record = await measureOn(emulator, { latencyMs, scenario, tool, rep }, () => pick(sessions.get(tool)!));
              const note = record.changes ? ` ${JSON.stringify(record.changes)}` : "";
              log(
                `latency ${latencyMs} ms, rep ${rep}, scenario ${scenario}, ${tool}: ${(record.wallMs / 1000).toFixed(1)} s, ` +
                  `${record.requests} requests, ${record.uploads} uploads${note}${opts.scenarios.includes(scenario) ? "" : " (setup, not reported)"}`,
              );
              if (opts.scenarios.includes(scenario)) runs.push(record);
            }
          };
          await step(1, (s) => s.deploy());
          if (opts.scenarios.includes(2) || opts.scenarios.includes(3)) {
            editOneFile(ds, rep);
            edited = true;
            await step(2, (s) => s.deploy());
          }
          if (opts.scenarios.includes(3)) await step(3, (s) => s.noChange());
          if (rep % 2 === 0) await floor();
        }
      } finally {
        await emulator.close();
      }
    }
  } finally {
    if (!opts.keep) fs.rmSync(workRoot, { recursive: true, force: true });
    else log(`kept ${workRoot}`);
  }
  return report();
}

async function main(): Promise<void> {
  let opts: BenchOptions | "help";
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts === "help") {
    console.log(USAGE);
    return;
  }
  const report = await runBench(opts);
  if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(report, null, 2));
  console.log(formatReport(report));
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  });
}
