/**
 * Peak memory of a process and all its descendants, by role, from /proc (Linux only).
 *
 * Every `intervalMs` the sampler walks /proc for the descendants of the root pid and reads each
 * one's VmHWM (the kernel's own peak resident set since the process started), keeping the last
 * value seen per pid. VmHWM is monotonic, so a sample taken any time before a process exits
 * records its true peak up to that moment; only growth in a process's last `intervalMs` can be
 * missed. Processes are grouped into roles by their command line (Pulumi CLI, language host, the
 * program's node process, the dynamic provider's node process, the toolkit's node process).
 */
import * as fs from "node:fs";

export type Role = "pulumi" | "langhost" | "program" | "provider" | "toolkit" | "other";

export const ROLE_LABELS: Record<Role, string> = {
  pulumi: "pulumi CLI",
  langhost: "language host",
  program: "program (node)",
  provider: "provider (node)",
  toolkit: "toolkit (node)",
  other: "other",
};

interface Seen {
  cmdline: string;
  role: Role;
  peakKb: number;
  /** User + system CPU time, in clock ticks, at the last sample. */
  cpuTicks: number;
}

/** USER_HZ: /proc reports CPU times in these ticks (100 on every Linux we run on). */
const TICKS_PER_SECOND = 100;

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The parent pid of every live process. */
function parentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readText(`/proc/${entry}/stat`);
    if (!stat) continue;
    // pid (comm) state ppid ...; comm may contain spaces and parentheses.
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    parents.set(Number(entry), Number(fields[1]));
  }
  return parents;
}

/**
 * `rootPid` and every live process below it. A process whose parent died is adopted by init, so
 * this finds only what is still attached: read it before killing the root.
 */
export function processTree(rootPid: number, parents: Map<number, number> = parentMap()): Set<number> {
  const inTree = new Set<number>([rootPid]);
  // Parents have smaller pids mostly, but not always: iterate to a fixed point.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [pid, ppid] of parents) {
      if (!inTree.has(pid) && inTree.has(ppid)) {
        inTree.add(pid);
        changed = true;
      }
    }
  }
  return inTree;
}

export function classify(cmdline: string): Role {
  const argv = cmdline.split("\0").filter(Boolean);
  const exe = (argv[0] ?? "").split("/").pop() ?? "";
  const all = argv.join(" ");
  if (exe === "pulumi") return "pulumi";
  if (exe.startsWith("pulumi-language-nodejs")) return "langhost";
  if (/cmd\/dynamic-provider/.test(all)) return "provider";
  if (/@pulumi\/pulumi\/cmd\/run(\/|\s|$)/.test(all)) return "program";
  if (/toolkitChild\.js/.test(all)) return "toolkit";
  return "other";
}

function peakKb(pid: number): number | undefined {
  const status = readText(`/proc/${pid}/status`);
  const m = status && /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) : undefined;
}

function cpuTicks(pid: number): number {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after "pid (comm)".
  return Number(fields[11]) + Number(fields[12]);
}

export interface RolePeak {
  role: Role;
  /** The largest single-process peak in the role, in MB. */
  maxMb: number;
  /** Sum of the peaks of the role's processes (e.g. the language host wrapper and the real host). */
  sumMb: number;
  /** CPU seconds (user + system) of the role's processes, as last sampled. */
  cpuSeconds: number;
  processes: number;
}

export class TreeSampler {
  private readonly seen = new Map<number, Seen>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rootPid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  /** One pass over the tree; call it also right before the root is reaped, if possible. */
  sample(): void {
    let inTree: Set<number>;
    try {
      inTree = processTree(this.rootPid);
    } catch {
      return;
    }
    for (const pid of inTree) {
      const kb = peakKb(pid);
      if (kb === undefined) continue;
      const cmdline = readText(`/proc/${pid}/cmdline`) ?? "";
      const known = this.seen.get(pid);
      // A forked child shows its parent's command line until it execs; exec starts a new peak.
      const ticks = cpuTicks(pid);
      if (known && known.cmdline === cmdline) {
        known.peakKb = Math.max(known.peakKb, kb);
        known.cpuTicks = Math.max(known.cpuTicks, ticks);
      } else {
        this.seen.set(pid, { cmdline, role: classify(cmdline), peakKb: kb, cpuTicks: ticks });
      }
    }
  }

  stop(): RolePeak[] {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const byRole = new Map<Role, RolePeak>();
    for (const { role, peakKb: kb, cpuTicks: ticks } of this.seen.values()) {
      const mb = kb / 1024;
      const r = byRole.get(role) ?? { role, maxMb: 0, sumMb: 0, cpuSeconds: 0, processes: 0 };
      r.maxMb = Math.max(r.maxMb, mb);
      r.sumMb += mb;
      r.cpuSeconds += ticks / TICKS_PER_SECOND;
      r.processes += 1;
      byRole.set(role, r);
    }
    return [...byRole.values()];
  }
}
