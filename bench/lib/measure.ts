/**
 * Runs one command as a measured child: wall time from spawn to exit, and the peak memory of
 * every process in its tree by role (`procTree.ts`). Output is captured; a non-zero exit throws
 * with the tail of it.
 */
import { spawn } from "node:child_process";
import { TreeSampler, type RolePeak } from "./procTree";

export interface Measured {
  wallMs: number;
  peaks: RolePeak[];
  stdout: string;
  stderr: string;
}

export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Echo the child's output as it comes (for --verbose). */
  echo?: boolean;
}

export async function measure(command: string, args: string[], opts: MeasureOptions = {}): Promise<Measured> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  const sampler = new TreeSampler(child.pid!).start();
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c;
    if (opts.echo) process.stderr.write(c);
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c;
    if (opts.echo) process.stderr.write(c);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (c) => resolve(c));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const peaks = sampler.stop();
  if (code !== 0) {
    const tail = (stdout + "\n" + stderr).split("\n").slice(-40).join("\n");
    throw new Error(`${command} ${args.slice(0, 3).join(" ")} … exited with ${code}:\n${tail}`);
  }
  return { wallMs, peaks, stdout, stderr };
}
