/**
 * One run of the live suite against a target (Twilio, or an emulator: the same code either way):
 * a run prefix; a sweep of what earlier runs left; the scenarios one after another, each
 * request through the recording proxy, under the run's caps on requests and time; a transcript
 * per scenario; then a sweep of whatever this run left.
 */
import { Recorder } from "./recorder";
import type { LiveTarget } from "./gate";
import { RunStopped, type Scenario, SCENARIOS } from "./scenarios";
import { newRunPrefix, type SweepResult, sweepVia } from "./sweeper";
import { canonicalOrder, collapse, type Transcript } from "./transcript";

export interface SuiteOptions {
  target: LiveTarget;
  /** Names of the scenarios to run (default: all). */
  scenarios?: readonly string[];
  /** Requests the scenarios may make, at most (the sweeps have their own). */
  maxRequests: number;
  /** Minutes the scenarios may take, at most. */
  maxMinutes: number;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Stops the run (Ctrl-C): no request goes out after it, then the run sweeps what it made. */
  signal?: AbortSignal;
}

export interface SuiteResult {
  prefix: string;
  transcripts: Transcript[];
  /** Expectations the scenarios found unmet (on the emulator: none). */
  problems: string[];
  /** Why the run was cut short, if it was: a cap. */
  stopped?: string;
  /** Requests the scenarios made. */
  requests: number;
  before: SweepResult;
  after: SweepResult;
}

export function selectScenarios(names: readonly string[] | undefined): Scenario[] {
  if (!names?.length) return [...SCENARIOS];
  const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`Unknown scenario ${unknown.join(", ")}; the scenarios are ${SCENARIOS.map((s) => s.name).join(", ")}.`);
  return SCENARIOS.filter((s) => names.includes(s.name));
}

export async function runSuite(opts: SuiteOptions): Promise<SuiteResult> {
  const log = opts.log ?? (() => undefined);
  const scenarios = selectScenarios(opts.scenarios);
  const prefix = newRunPrefix();
  const { target } = opts;
  log(`Run ${prefix.slice(0, -1)} against ${target.name}: ${scenarios.map((s) => s.name).join(", ")}.`);

  const before = await sweepVia(target, {});
  if (before.deleted.length) log(`Swept what earlier runs left: ${before.deleted.join(", ")}.`);
  if (before.left.length) log(`Left to runs that may still be going: ${before.left.join(", ")}.`);

  const recorder = new Recorder({ upstream: target.upstream, maxRequests: opts.maxRequests, deadline: Date.now() + opts.maxMinutes * 60_000, prefix });
  await recorder.start();
  opts.signal?.addEventListener("abort", () => recorder.stop("the run was interrupted"), { once: true });
  const client = recorder.client(target);
  const transcripts: Transcript[] = [];
  const problems: string[] = [];
  let after: SweepResult | undefined;
  try {
    for (const scenario of scenarios) {
      log(`- ${scenario.name}`);
      const found: string[] = [];
      try {
        await scenario.run({ target, prefix, recorder, client, problems: found });
      } catch (err) {
        // A request refused by a cap fails whatever made it: the cap is the news, not that failure.
        if (!(err instanceof RunStopped) && !recorder.stopped) found.push(`${scenario.name} stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
      transcripts.push({ scenario: scenario.name, description: scenario.description, target: target.name, entries: collapse(canonicalOrder(recorder.take())) });
      problems.push(...found.map((p) => `${scenario.name}: ${p}`));
      for (const p of found) log(`  ${p}`);
      if (recorder.stopped) break;
    }
  } finally {
    await client.close();
    await recorder.close();
    after = await sweepVia(target, { ownPrefix: prefix });
  }
  if (after.deleted.length) log(`Swept what this run left: ${after.deleted.join(", ")}.`);
  for (const f of [...before.failed, ...after.failed]) problems.push(`sweep: ${f.name} could not be deleted: ${f.error}`);
  return { prefix, transcripts, problems, stopped: recorder.stopped, requests: recorder.requests, before, after };
}
