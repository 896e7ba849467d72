/**
 * The parity report: a run's transcripts against the emulator's (committed in
 * test/live/transcripts), as Markdown a maintainer can attach to an issue.
 *
 * Order: the engine runs independent resources in the order their inputs resolve, which varies
 * from run to run, so the order compared is that of the steps, and within a step that of the
 * requests concerning one object (a Function's create and its version; a Build, its polls; an
 * Environment, its Variables and Deployments). Each step's requests are put in canonical order,
 * object by object (transcripts are written in it), then aligned by step, host, method and path
 * template (a longest common subsequence); every difference in status, error code, keys, recorded
 * values, order or count is listed.
 * What differs only by timing is summarized, not listed: the polls that found a build still
 * building, and how many times in a row the same GET got the same answer. Error messages are
 * shown beside a difference, never counted (Twilio's words are not the emulator's to copy).
 */
import { canonicalOrder, describeRequest, type Entry, NOT_MADE, signature, type Transcript, WAITING_STATUSES } from "./transcript";

export type DifferenceKind = "status" | "error code" | "keys" | "value" | "order" | "count" | "scenario";

export const DIFFERENCE_KINDS: readonly DifferenceKind[] = ["status", "error code", "keys", "value", "order", "count", "scenario"];

export interface Difference {
  scenario: string;
  kind: DifferenceKind;
  step: string;
  /** `POST /v1/Services/{ServiceSid}/Builds` (and the host when it is not the API). */
  request: string;
  /** What the emulator's transcript has. */
  emulator: string;
  /** What the run's has. */
  run: string;
}

export interface Timing {
  /** Polls that found a build still building, in the emulator's transcripts and in the run's. */
  waits: { emulator: number; run: number };
  /** Requests repeated in a row a different number of times (emulator's count, run's count). */
  repeats: Array<{ scenario: string; request: string; emulator: number; run: number }>;
}

export interface Comparison {
  differences: Difference[];
  timing: Timing;
  /** Requests the run could not make (signed ones, without an auth token): not compared. */
  notMade: string[];
  scenarios: string[];
}


function isWait(e: Entry): boolean {
  return e.method === "GET" && e.values?.status !== undefined && WAITING_STATUSES.includes(e.values.status);
}

/** Where an entry stands among the requests of its object (or of its step): `Asset /about.html: request 2 of 3`. */
function positionOf(entries: readonly Entry[], e: Entry): string {
  const mine = entries.filter((x) => x.step === e.step && x.object === e.object);
  return `${e.object ?? e.step}: request ${mine.indexOf(e) + 1} of ${mine.length}`;
}

const total = (entries: readonly Entry[]) => entries.reduce((n, e) => n + (e.count ?? 1), 0);

/** Index pairs of a longest common subsequence of the two lists by signature. */
function align(a: readonly Entry[], b: readonly Entry[]): Array<[number, number]> {
  const sa = a.map(signature);
  const sb = b.map(signature);
  const lengths = Array.from({ length: sa.length + 1 }, () => new Array<number>(sb.length + 1).fill(0));
  for (let i = sa.length - 1; i >= 0; i--) {
    for (let j = sb.length - 1; j >= 0; j--) {
      lengths[i][j] = sa[i] === sb[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < sa.length && j < sb.length; ) {
    if (sa[i] === sb[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** The code and message of an error answer, for a cell: `20001 (Some dependencies…)`. */
function errorOf(e: Entry): string {
  return [e.code, e.message && `(${e.message})`].filter((part) => part !== undefined && part !== "").join(" ");
}

/** The status, with the error's code and message when there is one: `409 20409 (taken)`. */
function answerOf(e: Entry): string {
  return [String(e.status), errorOf(e)].filter(Boolean).join(" ");
}

/**
 * The differences between two aligned entries. A different status is one difference, its code
 * and message shown with it: the answer's other differences (an error body's keys against an
 * object's) follow from it. Otherwise: the error code, each key, each recorded value.
 */
function compareEntries(scenario: string, emulator: Entry, run: Entry, out: Difference[], notMade: string[]): void {
  const base = { scenario, step: run.step, request: describeRequest(run) };
  if (run.status === NOT_MADE) {
    notMade.push(`${scenario}: ${base.request}`);
    return;
  }
  if (emulator.status !== run.status) {
    out.push({ ...base, kind: "status", emulator: answerOf(emulator), run: answerOf(run) });
    return;
  }
  if (emulator.code !== run.code) out.push({ ...base, kind: "error code", emulator: errorOf(emulator) || "none", run: errorOf(run) || "none" });
  const ek = emulator.keys ?? {};
  const rk = run.keys ?? {};
  for (const key of [...new Set([...Object.keys(ek), ...Object.keys(rk)])].sort()) {
    if (ek[key] === rk[key]) continue;
    out.push({ ...base, kind: "keys", emulator: ek[key] ? `${key}: ${ek[key]}` : `no ${key}`, run: rk[key] ? `${key}: ${rk[key]}` : `no ${key}` });
  }
  const ev = emulator.values ?? {};
  const rv = run.values ?? {};
  for (const key of [...new Set([...Object.keys(ev), ...Object.keys(rv)])].sort()) {
    if (ev[key] === rv[key]) continue;
    out.push({ ...base, kind: "value", emulator: `${key}: ${ev[key] ?? "none"}`, run: `${key}: ${rv[key] ?? "none"}` });
  }
}

function compareScenario(emulator: Transcript, run: Transcript, timing: Timing, notMade: string[]): Difference[] {
  const scenario = run.scenario;
  timing.waits.emulator += total(emulator.entries.filter(isWait));
  timing.waits.run += total(run.entries.filter(isWait));
  const a = canonicalOrder(emulator.entries.filter((e) => !isWait(e)));
  const b = canonicalOrder(run.entries.filter((e) => !isWait(e)));
  const out: Difference[] = [];
  const pairs = align(a, b);
  for (const [i, j] of pairs) {
    compareEntries(scenario, a[i], b[j], out, notMade);
    const [ca, cb] = [a[i].count ?? 1, b[j].count ?? 1];
    if (ca !== cb) timing.repeats.push({ scenario, request: describeRequest(b[j]), emulator: ca, run: cb });
  }
  // What the alignment left: the same request elsewhere is an order difference; otherwise a count one.
  const onlyEmulator = a.filter((_, i) => !pairs.some(([pi]) => pi === i));
  const onlyRun = b.filter((_, j) => !pairs.some(([, pj]) => pj === j));
  for (const e of onlyEmulator) {
    const moved = onlyRun.findIndex((r) => signature(r) === signature(e));
    if (moved >= 0) {
      const [r] = onlyRun.splice(moved, 1);
      out.push({ scenario, kind: "order", step: e.step, request: describeRequest(e), emulator: positionOf(a, e), run: positionOf(b, r) });
    } else {
      out.push({ scenario, kind: "count", step: e.step, request: describeRequest(e), emulator: answerOf(e), run: "not made" });
    }
  }
  for (const r of onlyRun) out.push({ scenario, kind: "count", step: r.step, request: describeRequest(r), emulator: "not made", run: answerOf(r) });
  return out;
}

/** Compares each of the run's scenarios with the emulator's transcript of the same scenario. */
export function compareTranscripts(emulator: readonly Transcript[], run: readonly Transcript[]): Comparison {
  const timing: Timing = { waits: { emulator: 0, run: 0 }, repeats: [] };
  const notMade: string[] = [];
  const differences: Difference[] = [];
  for (const t of run) {
    const committed = emulator.find((e) => e.scenario === t.scenario);
    if (!committed) {
      differences.push({ scenario: t.scenario, kind: "scenario", step: "", request: "", emulator: "no transcript", run: `${t.entries.length} entries` });
      continue;
    }
    differences.push(...compareScenario(committed, t, timing, notMade));
  }
  return { differences, timing, notMade, scenarios: run.map((t) => t.scenario) };
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, "<br>");

/** The report: a summary line, the timing summary, then a table of differences per scenario. */
export function formatReport(c: Comparison, heading: { run: string; emulator: string }): string {
  const lines = [`## Parity report: ${heading.run}`, "", `Compared with ${heading.emulator}.`, ""];
  const counts = DIFFERENCE_KINDS.map((k) => [k, c.differences.filter((d) => d.kind === k).length] as const).filter(([, n]) => n > 0);
  const n = c.differences.length;
  lines.push(n === 0 ? "**0 differences.**" : `**${n} difference${n === 1 ? "" : "s"}**: ${counts.map(([k, m]) => `${m} in ${k}`).join(", ")}.`, "");
  const { waits, repeats } = c.timing;
  const timingParts = [`build polls that found the build still building: ${waits.run} in the run, ${waits.emulator} in the emulator's transcripts`];
  if (repeats.length) timingParts.push(`${repeats.length} request${repeats.length === 1 ? "" : "s"} repeated in a row a different number of times (${repeats.map((r) => `${r.request}: ${r.emulator} → ${r.run}`).join("; ")})`);
  lines.push(`Timing only, not counted: ${timingParts.join("; ")}.`, "");
  if (c.notMade.length) lines.push(`Not made by the run, not compared: ${c.notMade.map((r) => `\`${r}\``).join(", ")} (signed requests need the auth token).`, "");
  for (const scenario of c.scenarios) {
    const mine = c.differences.filter((d) => d.scenario === scenario);
    lines.push(`### ${scenario}`, "");
    if (mine.length === 0) {
      lines.push("No difference.", "");
      continue;
    }
    lines.push("| step | request | difference | emulator | run |", "|---|---|---|---|---|");
    for (const d of mine) lines.push(`| ${cell(d.step)} | \`${cell(d.request)}\` | ${d.kind} | ${cell(d.emulator)} | ${cell(d.run)} |`);
    lines.push("");
  }
  return lines.join("\n");
}
