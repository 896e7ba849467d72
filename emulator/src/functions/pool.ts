/**
 * Function instances: child processes running runner.ts, each serving one build, one execution
 * at a time. An instance that answered stays warm for the next execution of its build (so module
 * state persists, as in a warm Twilio instance) until it has been idle for a minute; one that
 * timed out, crashed or threw past its handler is killed. Whatever a Function does (an endless
 * loop, `process.exit()`, running out of memory) ends at most its own process.
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { BuildSetup, Execution, FromInstance, LogLevel, Outcome, ToInstance } from "./protocol";

/** How long an idle instance is kept warm (ours: Twilio does not say). */
const IDLE_MS = 60_000;
/** How long an instance may take to start (a fresh Node.js process, before any Function code runs). */
const START_TIMEOUT_MS = 30_000;

export interface LogLine {
  level: LogLevel;
  message: string;
}

export type RunResult = {
  outcome: Outcome | { kind: "timeout" } | { kind: "crash"; detail: string };
  logs: LogLine[];
};

/**
 * The runner as this emulator was loaded: compiled JavaScript next to this file, or (when the
 * emulator runs from its TypeScript sources, as in its tests) the source through ts-node.
 */
function runnerCommand(): { file: string; execArgv: string[]; env: Record<string, string> } {
  const compiled = join(__dirname, "runner.js");
  if (existsSync(compiled)) return { file: compiled, execArgv: [], env: {} };
  return {
    file: join(__dirname, "runner.ts"),
    execArgv: ["-r", require.resolve("ts-node/register/transpile-only")],
    // The emulator package's tsconfig, wherever the instance's working directory is.
    env: { TS_NODE_PROJECT: join(__dirname, "..", "..", "tsconfig.json") },
  };
}

class Instance {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  alive = true;
  private stderr = "";
  private running: { id: number; logs: LogLine[]; finish: (outcome: RunResult["outcome"], fatal?: boolean) => void } | undefined;
  idleTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly buildSid: string,
    setup: BuildSetup,
    providedDir: string,
    log: (line: string) => void,
  ) {
    const runner = runnerCommand();
    // A clean environment: nothing of the emulator's (its credentials above all) reaches a Function.
    const env = { PATH: process.env.PATH ?? "", TZ: "UTC", TWILIO_EMULATOR_PROVIDED_MODULES: providedDir, ...runner.env };
    this.child = fork(runner.file, [], { execArgv: runner.execArgv, env, cwd: setup.dir, stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "advanced" });
    this.child.stderr!.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        reject(new Error(`a Function instance did not start within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      this.child.on("message", (message: FromInstance) => {
        if (message.type === "ready") {
          clearTimeout(timer);
          resolve();
        } else if (message.type === "log" && this.running?.id === message.id) {
          this.running.logs.push({ level: message.level, message: message.message });
        } else if (message.type === "done" && this.running?.id === message.id) {
          this.running.finish(message.outcome, message.fatal);
        }
      });
      this.child.on("exit", (code, signal) => {
        clearTimeout(timer);
        this.alive = false;
        const detail = signal ? `its process was ended by ${signal}` : `its process exited with code ${code}`;
        reject(new Error(`a Function instance stopped before it was ready (${detail}): ${this.stderr.trim()}`));
        this.running?.finish({ kind: "crash", detail });
        if (this.stderr.trim()) log(`Function instance for ${buildSid} ended: ${this.stderr.trim()}`);
      });
      // The process could not be started at all (no `exit` follows).
      this.child.on("error", (err) => {
        clearTimeout(timer);
        this.alive = false;
        reject(new Error(`a Function instance could not be started: ${err.message}`));
        this.running?.finish({ kind: "crash", detail: err.message });
      });
    });
    this.ready.catch(() => undefined);
    this.post({ type: "setup", build: setup });
  }

  private post(message: ToInstance): void {
    if (this.child.connected) this.child.send(message, () => undefined);
  }

  /** Runs one execution; settles with its outcome, `timeout` after `timeoutMs`, or `crash`. */
  run(execution: Execution, timeoutMs: number): Promise<RunResult> {
    return new Promise<RunResult>((resolve) => {
      const logs: LogLine[] = [];
      const timer = setTimeout(() => {
        finish({ kind: "timeout" }, true);
      }, timeoutMs);
      const finish = (outcome: RunResult["outcome"], fatal = false) => {
        if (this.running?.id !== execution.id) return;
        clearTimeout(timer);
        this.running = undefined;
        if (fatal || outcome.kind === "timeout" || outcome.kind === "crash") this.kill();
        resolve({ outcome, logs });
      };
      this.running = { id: execution.id, logs, finish };
      if (!this.alive) finish({ kind: "crash", detail: "its process had already ended" });
      else this.post({ type: "run", execution });
    });
  }

  kill(): void {
    this.alive = false;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}

export class InstancePool {
  private idle = new Map<string, Instance[]>();
  private all = new Set<Instance>();

  constructor(
    private readonly providedDir: string,
    private readonly log: (line: string) => void,
  ) {}

  private take(buildSid: string, setup: BuildSetup): Instance {
    const warm = (this.idle.get(buildSid) ?? []).filter((i) => i.alive);
    const instance = warm.pop();
    this.idle.set(buildSid, warm);
    if (instance) {
      if (instance.idleTimer) clearTimeout(instance.idleTimer);
      return instance;
    }
    const fresh = new Instance(buildSid, setup, this.providedDir, this.log);
    this.all.add(fresh);
    fresh.child.once("exit", () => this.all.delete(fresh));
    return fresh;
  }

  private putBack(instance: Instance): void {
    if (!instance.alive) return;
    instance.idleTimer = setTimeout(() => instance.kill(), IDLE_MS);
    instance.idleTimer.unref();
    const list = this.idle.get(instance.buildSid) ?? [];
    list.push(instance);
    this.idle.set(instance.buildSid, list);
  }

  /** Runs `execution` on a warm instance of the build, or a new one. */
  async run(buildSid: string, setup: BuildSetup, execution: Execution, timeoutMs: number): Promise<RunResult> {
    const instance = this.take(buildSid, setup);
    await instance.ready;
    const result = await instance.run(execution, timeoutMs);
    this.putBack(instance);
    return result;
  }

  /** Ends the warm instances of builds not in `keep` (no longer deployed anywhere). */
  retire(keep: Set<string>): void {
    for (const [sid, list] of this.idle) {
      if (keep.has(sid)) continue;
      for (const instance of list) instance.kill();
      this.idle.delete(sid);
    }
  }

  async close(): Promise<void> {
    // Every instance in `all` is still running: each leaves it on its `exit`.
    const exits = [...this.all].map((i) => new Promise<void>((resolve) => i.child.once("exit", () => resolve())));
    for (const instance of this.all) instance.kill();
    this.idle.clear();
    await Promise.all(exits);
  }
}
