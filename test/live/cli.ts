/**
 * `npm run test:live`: the live suite (docs/CONTRIBUTING.md, "Checking against real Twilio").
 *
 *   npm run test:live                       the scenarios against Twilio, when TWILIO_LIVE=1 and
 *                                           credentials are set; otherwise says so and exits 0
 *   npm run test:live -- --compare          … then the parity report against the emulator's transcripts
 *   npm run test:live -- --compare-dir DIR  the report for a run's saved transcripts, sending nothing
 *   npm run test:live -- --record-emulator  the scenarios against a fresh emulator, written to
 *                                           test/live/transcripts (after an emulator change)
 *   npm run test:live -- --sweep            deletes every run's leftovers now, whatever their age
 *   --scenario NAME (repeatable), --max-requests N, --max-minutes N (at most 45)
 *
 * Runs from the sources (ts-node); the engine runs the built packages, so a run builds first.
 * Exit status: 0 when the run found nothing (or did not run); 1 when a scenario's expectation
 * failed, the run was cut by a cap, a sweep failed, or `--compare` found differences; 2 for bad usage.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_MAX_MINUTES, DEFAULT_MAX_REQUESTS, liveGate, MAX_RUN_MINUTES } from "./gate";
import type { SuiteResult } from "./suite";

// Loaded only once they are needed, after the gate: they load the packages' sources and the
// Automation API (seconds), and what the engine runs needs a build.
const loadSuite = () => import("./suite");
const loadTranscripts = () => import("./transcript");

/** The repository (this file is test/live/cli.ts). */
const REPO_ROOT = path.resolve(__dirname, "..", "..");
/** Where a run against Twilio writes its transcripts and report: `.live/<run>/`. */
const RUNS_DIR = path.join(REPO_ROOT, ".live");

const USAGE = `Usage: npm run test:live -- [--compare | --compare-dir DIR | --record-emulator | --sweep]
       [--scenario NAME]... [--max-requests N] [--max-minutes N]
Runs against Twilio only when TWILIO_LIVE=1 and TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or
TWILIO_API_KEY and TWILIO_API_SECRET) are set. See docs/CONTRIBUTING.md, "Checking against real Twilio".`;

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      compare: { type: "boolean" },
      "compare-dir": { type: "string" },
      "record-emulator": { type: "boolean" },
      sweep: { type: "boolean" },
      scenario: { type: "string", multiple: true },
      "max-requests": { type: "string", default: String(DEFAULT_MAX_REQUESTS) },
      "max-minutes": { type: "string", default: String(DEFAULT_MAX_MINUTES) },
      help: { type: "boolean" },
    },
  });
  const maxRequests = Number(values["max-requests"]);
  const maxMinutes = Number(values["max-minutes"]);
  if (!Number.isInteger(maxRequests) || maxRequests < 1) throw new Error(`--max-requests must be a whole number of at least 1, not ${values["max-requests"]}.`);
  if (!(maxMinutes > 0 && maxMinutes <= MAX_RUN_MINUTES)) throw new Error(`--max-minutes must be more than 0 and at most ${MAX_RUN_MINUTES}, not ${values["max-minutes"]}.`);
  return { ...values, maxRequests, maxMinutes };
}

type Options = ReturnType<typeof options>;

/**
 * The first Ctrl-C stops the run: no more requests, then the sweep of what it made. The second
 * ends the process at once (what is left is the next run's to sweep, or `--sweep`'s).
 */
function interruptible(): AbortSignal {
  const controller = new AbortController();
  process.on("SIGINT", () => {
    if (controller.signal.aborted) process.exit(130);
    console.log("\nInterrupted: no more requests; deleting what this run made (Ctrl-C again to quit now).");
    controller.abort();
  });
  return controller.signal;
}

function suiteOptions(opts: Options) {
  return { scenarios: opts.scenario, maxRequests: opts.maxRequests, maxMinutes: opts.maxMinutes, log: (line: string) => console.log(line), signal: interruptible() };
}

/** The engine runs the built packages (dist/): build them, and find the Pulumi CLI, before a run. */
async function prepare(): Promise<void> {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
  const { findPulumiCli } = await import("../../scripts/pulumiCli");
  findPulumiCli({ showProgress: true });
}

/** Prints what the run found; true when it found nothing wrong. */
function summarize(result: SuiteResult): boolean {
  console.log(`${result.requests} requests; ${result.transcripts.length} transcripts.`);
  if (result.stopped) console.log(`The run was cut short: ${result.stopped}.`);
  for (const p of result.problems) console.log(`Problem: ${p}`);
  return !result.stopped && result.problems.length === 0;
}

/** Prints the report of `dir`'s transcripts (and saves it as `save`); true when there is no difference. */
async function report(dir: string, label: string, save?: string): Promise<boolean> {
  const { EMULATOR_TRANSCRIPTS, readTranscripts } = await loadTranscripts();
  const { compareTranscripts, formatReport } = await import("./compare");
  const comparison = compareTranscripts(readTranscripts(EMULATOR_TRANSCRIPTS), readTranscripts(dir));
  const markdown = formatReport(comparison, { run: label, emulator: "the emulator's transcripts (test/live/transcripts)" });
  console.log(`\n${markdown}`);
  if (save) {
    fs.writeFileSync(save, markdown);
    console.log(`Saved as ${path.relative(REPO_ROOT, save)}.`);
  }
  return comparison.differences.length === 0;
}

/** `--record-emulator`: the scenarios against a fresh emulator, written over the committed transcripts when it met every expectation. */
async function recordEmulator(opts: Options): Promise<number> {
  await prepare();
  const { runSuite, selectScenarios } = await loadSuite();
  selectScenarios(opts.scenario);
  const { emulatorTarget, startTranscriptEmulator } = await import("./emulatorTarget");
  const { EMULATOR_TRANSCRIPTS, writeTranscripts } = await loadTranscripts();
  const emulator = await startTranscriptEmulator();
  try {
    const result = await runSuite({ target: emulatorTarget(emulator), ...suiteOptions(opts) });
    if (!summarize(result)) {
      console.log("Transcripts not written: the emulator must meet every expectation.");
      return 1;
    }
    writeTranscripts(EMULATOR_TRANSCRIPTS, result.transcripts);
    console.log(`Written to ${path.relative(REPO_ROOT, EMULATOR_TRANSCRIPTS)}/.`);
    return 0;
  } finally {
    await emulator.close();
  }
}

/** The options, or the exit status once the usage is printed (`--help`: 0; a bad option: 2). */
function optionsOrUsage(argv: string[]): Options | number {
  let opts: Options | undefined;
  let problem = "";
  try {
    opts = options(argv);
  } catch (err) {
    problem = `${(err as Error).message}\n`;
  }
  if (opts && !opts.help) return opts;
  (problem ? console.error : console.log)(`${problem}${USAGE}`);
  return problem ? 2 : 0;
}

async function main(argv: string[]): Promise<number> {
  const opts = optionsOrUsage(argv);
  if (typeof opts === "number") return opts;
  if (opts["compare-dir"]) return (await report(path.resolve(opts["compare-dir"]), opts["compare-dir"])) ? 0 : 1;
  if (opts["record-emulator"]) return recordEmulator(opts);

  const gate = liveGate(process.env);
  if (!gate.open) {
    console.log(`${gate.reason}\nNothing was sent. See docs/CONTRIBUTING.md, "Checking against real Twilio".`);
    return 0;
  }
  const { target } = gate;

  if (opts.sweep) {
    const { sweepVia } = await import("./sweeper");
    const swept = await sweepVia(target, { all: true });
    console.log(`Deleted: ${swept.deleted.join(", ") || "nothing"}.`);
    for (const f of swept.failed) console.log(`Not deleted: ${f.name}: ${f.error}`);
    return swept.failed.length ? 1 : 0;
  }

  // The suite loads scripts/siteCheck.ts, which uses the built emulator package.
  await prepare();
  const { runSuite, selectScenarios } = await loadSuite();

  selectScenarios(opts.scenario);
  const result = await runSuite({ target, ...suiteOptions(opts) });
  const run = result.prefix.slice(0, -1);
  const transcriptsDir = path.join(RUNS_DIR, run, "transcripts");
  const { writeTranscripts } = await loadTranscripts();
  writeTranscripts(transcriptsDir, result.transcripts);
  console.log(`Transcripts: ${path.relative(REPO_ROOT, transcriptsDir)}/`);
  let ok = summarize(result);
  if (opts.compare) ok = (await report(transcriptsDir, `run ${run} against Twilio`, path.join(RUNS_DIR, run, "report.md"))) && ok;
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
