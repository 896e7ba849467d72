/**
 * The benchmark's results and how they are printed: one table per latency, one row per scenario and
 * tool, with wall time (median and min over repetitions), API requests, uploads, bytes uploaded,
 * peak RSS and CPU time per process, our state size per resource, and our time over theirs.
 */
import { DEFAULT_MAX_CONCURRENT_REQUESTS } from "pulumi-twilio-serverless";
import { ROLE_LABELS, type Role, type RolePeak } from "./procTree";
import { TOOLKIT_DEFAULT_CONCURRENCY } from "./toolkit";
import type { Changes } from "./pulumi";

/**
 * `pulumi`: AssetFolder as issue 5 builds it, an Asset and an AssetVersion resource per file;
 * `pulumi-bundle`: AssetFolder with `resourcePerFile: false`, every file in one AssetBundle.
 */
export type Tool = "pulumi" | "pulumi-bundle" | "toolkit";
export const TOOLS: readonly Tool[] = ["pulumi", "pulumi-bundle", "toolkit"];
export type ScenarioId = 1 | 2 | 3;

export function isPulumi(tool: Tool): boolean {
  return tool !== "toolkit";
}

export const SCENARIOS: Record<ScenarioId, { title: string; pulumi: string; toolkit: string }> = {
  1: { title: "first deploy", pulumi: "pulumi up", toolkit: "deployProject" },
  2: { title: "one file edited", pulumi: "pulumi up", toolkit: "deployProject" },
  3: { title: "no change", pulumi: "pulumi preview", toolkit: "deployProject (no preview)" },
};

/** One measured command. */
export interface RunRecord {
  latencyMs: number;
  scenario: ScenarioId;
  tool: Tool;
  rep: number;
  wallMs: number;
  requests: number;
  writes: number;
  uploads: number;
  uploadBytes: number;
  byOperation: Record<string, number>;
  peaks: RolePeak[];
  /** Pulumi only: the CLI's change summary and the state file after the command. */
  changes?: Changes;
  stateBytes?: number;
  stateResources?: number;
}

export interface DatasetSummary {
  files: number;
  small: number;
  large: number;
  totalBytes: number;
  protected: number;
  private: number;
}

export interface BenchReport {
  node: string;
  cpus: number;
  /** 1-minute load average when the run started and when it ended: other work on the machine skews every figure. */
  loadAverage: { start: number; end: number };
  pulumiVersion: string;
  toolkitVersion: string;
  dataset: DatasetSummary;
  reps: number;
  buildDurationMs: number;
  pulumiEnv: Record<string, string>;
  pulumiArgs: string[];
  /** Requests in flight for both tools, when set (`--concurrency`); else each tool's default. */
  concurrency?: number;
  runs: RunRecord[];
}

export interface Row {
  latencyMs: number;
  scenario: ScenarioId;
  tool: Tool;
  command: string;
  reps: number;
  medianMs: number;
  minMs: number;
  requests: number;
  uploads: number;
  uploadBytes: number;
  /** Max over repetitions of each role's largest process. */
  peakMb: Partial<Record<Role, number>>;
  /** Median over repetitions of each role's CPU seconds. */
  cpuSeconds: Partial<Record<Role, number>>;
  stateBytesPerResource?: number;
  changes?: Changes;
  /** Our median over the toolkit's, on our rows. */
  ratio?: number;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Rows per (latency, scenario, tool), with the ratio on our rows. */
export function summarize(runs: RunRecord[]): Row[] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of runs) {
    const key = `${r.latencyMs}|${r.scenario}|${r.tool}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const rows: Row[] = [];
  for (const group of groups.values()) {
    const { latencyMs, scenario, tool } = group[0];
    const last = group[group.length - 1];
    const peakMb: Partial<Record<Role, number>> = {};
    const cpu: Partial<Record<Role, number[]>> = {};
    for (const r of group) {
      for (const p of r.peaks) {
        peakMb[p.role] = Math.max(peakMb[p.role] ?? 0, p.maxMb);
        (cpu[p.role] ??= []).push(p.cpuSeconds);
      }
    }
    const cpuSeconds: Partial<Record<Role, number>> = {};
    for (const [role, values] of Object.entries(cpu)) cpuSeconds[role as Role] = median(values);
    rows.push({
      latencyMs,
      scenario,
      tool,
      command: SCENARIOS[scenario][isPulumi(tool) ? "pulumi" : "toolkit"],
      reps: group.length,
      medianMs: median(group.map((r) => r.wallMs)),
      minMs: Math.min(...group.map((r) => r.wallMs)),
      requests: last.requests,
      uploads: last.uploads,
      uploadBytes: last.uploadBytes,
      peakMb,
      cpuSeconds,
      stateBytesPerResource: last.stateBytes !== undefined && last.stateResources ? last.stateBytes / last.stateResources : undefined,
      changes: last.changes,
    });
  }
  for (const row of rows) {
    if (!isPulumi(row.tool)) continue;
    const theirs = rows.find((r) => r.tool === "toolkit" && r.latencyMs === row.latencyMs && r.scenario === row.scenario);
    if (theirs) row.ratio = row.medianMs / theirs.medianMs;
  }
  return rows.sort((a, b) => a.latencyMs - b.latencyMs || a.scenario - b.scenario || TOOLS.indexOf(a.tool) - TOOLS.indexOf(b.tool));
}

const ROLE_ORDER: Role[] = ["pulumi", "langhost", "program", "provider", "toolkit"];
const SHORT: Record<Role, string> = { pulumi: "CLI", langhost: "host", program: "program", provider: "provider", toolkit: "node", other: "other" };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function perRole(values: Partial<Record<Role, number>>, digits: number): string {
  return ROLE_ORDER.filter((r) => values[r] !== undefined)
    .map((r) => `${SHORT[r]} ${values[r]!.toFixed(digits)}`)
    .join(" · ");
}

function changesText(c: Changes | undefined): string {
  if (!c) return "";
  const order: Array<[keyof Changes, string]> = [
    ["create", "+"],
    ["replace", "+-"],
    ["update", "~"],
    ["delete", "-"],
    ["same", "="],
  ];
  return order.filter(([k]) => c[k]).map(([k, sign]) => `${sign}${c[k]}`).join(" ");
}

function table(headers: string[], body: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

function speed(ratio: number): string {
  return ratio <= 1 ? `${(1 / ratio).toFixed(1)}× faster` : `${ratio.toFixed(1)}× slower`;
}

export interface Target {
  text: string;
  met: boolean | undefined;
  detail: string;
}

/** The issue's three targets for one of our tools, judged on the medians of one latency. */
export function targets(rows: Row[], latencyMs: number, tool: Tool): Target[] {
  const row = (s: ScenarioId) => rows.find((r) => r.latencyMs === latencyMs && r.scenario === s && r.tool === tool);
  const out: Target[] = [];
  const r2 = row(2);
  out.push({
    text: "scenario 2 at least 10× faster than the toolkit",
    met: r2?.ratio === undefined ? undefined : r2.ratio <= 0.1,
    detail: r2?.ratio === undefined ? "not measured" : `ours/toolkit = ${r2.ratio.toFixed(2)} (${speed(r2.ratio)})`,
  });
  const r1 = row(1);
  out.push({
    text: "scenario 1 no slower than the toolkit",
    met: r1?.ratio === undefined ? undefined : r1.ratio <= 1,
    detail: r1?.ratio === undefined ? "not measured" : `ours/toolkit = ${r1.ratio.toFixed(2)} (${speed(r1.ratio)})`,
  });
  const r3 = row(3);
  out.push({
    text: "scenario 3 (preview) under 10 s with zero uploads",
    met: r3 === undefined ? undefined : r3.medianMs < 10_000 && r3.uploads === 0,
    detail: r3 === undefined ? "not measured" : `${seconds(r3.medianMs)}, ${r3.uploads} uploads, ${r3.requests} requests`,
  });
  return out;
}

export function formatReport(report: BenchReport): string {
  const rows = summarize(report.runs);
  const d = report.dataset;
  const out: string[] = [];
  out.push(
    `Pulumi (AssetFolder, CLI ${report.pulumiVersion}) vs Twilio Serverless Toolkit (@twilio-labs/serverless-api ${report.toolkitVersion}), node ${report.node}`,
    `Dataset: ${d.files} files, ${mb(d.totalBytes)} (${d.small} of 1–20 KB, ${d.large} of 1–5 MB; ${d.protected} protected, ${d.private} private)`,
    `Emulator in its own process, builds take ${report.buildDurationMs} ms; ${report.reps} repetition(s), wall time as median (min)`,
    report.concurrency === undefined
      ? `Requests in flight: each tool's default, ours ${DEFAULT_MAX_CONCURRENT_REQUESTS} at most (halved after a 429), the toolkit's ${TOOLKIT_DEFAULT_CONCURRENCY}`
      : `Requests in flight: ${report.concurrency} for each tool`,
    `Machine: ${report.cpus} CPUs, load average ${report.loadAverage.start.toFixed(1)} at the start, ${report.loadAverage.end.toFixed(1)} at the end`,
    `Pulumi: ${Object.entries(report.pulumiEnv).map(([k, v]) => `${k}=${v}`).join(" ") || "default environment"}${report.pulumiArgs.length ? `, args ${report.pulumiArgs.join(" ")}` : ""}`,
  );
  const latencies = [...new Set(rows.map((r) => r.latencyMs))];
  for (const latency of latencies) {
    const mine = rows.filter((r) => r.latencyMs === latency);
    out.push("", `Latency ${latency} ms per request`);
    const body = mine.map((r, i) => [
      i === 0 || mine[i - 1].scenario !== r.scenario ? `${r.scenario} ${SCENARIOS[r.scenario].title}` : "",
      r.tool,
      r.command,
      `${seconds(r.medianMs)} (${seconds(r.minMs)})`,
      String(r.requests),
      String(r.uploads),
      mb(r.uploadBytes),
      perRole(r.peakMb, 0),
      perRole(r.cpuSeconds, 1),
      r.stateBytesPerResource === undefined ? "" : `${Math.round(r.stateBytesPerResource)}`,
      changesText(r.changes),
      r.ratio === undefined ? "" : `${r.ratio.toFixed(2)}`,
    ]);
    out.push(
      table(
        ["scenario", "tool", "command", "wall", "requests", "uploads", "uploaded", "peak RSS MB", "CPU s", "state B/res", "changes", "ours/toolkit"],
        body,
      ),
    );
    for (const tool of TOOLS.filter((t) => isPulumi(t) && mine.some((r) => r.tool === t))) {
      for (const t of targets(rows, latency, tool)) {
        out.push(`  ${t.met === undefined ? "·" : t.met ? "✓" : "✗"} ${tool}: ${t.text}: ${t.detail}`);
      }
    }
  }
  out.push("", `Processes: ${ROLE_ORDER.map((r) => `${SHORT[r]} = ${ROLE_LABELS[r]}`).join(", ")}.`);
  return out.join("\n");
}
