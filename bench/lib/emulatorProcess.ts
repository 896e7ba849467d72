/**
 * The parent side of the benchmark's emulator child (`emulatorServer.ts`): start it, ask it for
 * request/upload counts, stop it.
 */
import { fork, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import type { EmulatorOptions, EmulatorStats } from "pulumi-twilio-serverless-emulator";
import type { EmulatorRequest } from "./emulatorServer";

type Distribute<T> = T extends unknown ? Omit<T, "id"> : never;

export interface EmulatorChild {
  /** The child's process id, for reading its memory from /proc. */
  pid: number;
  url: string;
  accountSid: string;
  authToken: string;
  stats(): Promise<EmulatorStats>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

export async function startEmulatorChild(options: EmulatorOptions): Promise<EmulatorChild> {
  // The emulator must not pick up credentials from the bench's environment: it generates its own.
  const env = { ...process.env };
  delete env.TWILIO_ACCOUNT_SID;
  delete env.TWILIO_AUTH_TOKEN;
  const child: ChildProcess = fork(path.join(__dirname, "emulatorServer.js"), [JSON.stringify(options)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env,
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const ready = new Promise<{ url: string; accountSid: string; authToken: string }>((resolve, reject) => {
    child.on("message", (msg: { ready?: { url: string; accountSid: string; authToken: string }; id?: number; result?: unknown; error?: string }) => {
      if (msg.ready) return resolve(msg.ready);
      const waiter = msg.id === undefined ? undefined : pending.get(msg.id);
      if (!waiter) return;
      pending.delete(msg.id!);
      if (msg.error) waiter.reject(new Error(msg.error));
      else waiter.resolve(msg.result);
    });
    child.once("exit", (code) => {
      const err = new Error(`bench emulator exited with code ${code}`);
      reject(err);
      for (const w of pending.values()) w.reject(err);
      pending.clear();
    });
  });
  const info = await ready;
  const call = <T>(req: Distribute<EmulatorRequest>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...req, id });
    });
  return {
    ...info,
    pid: child.pid!,
    stats: () => call<EmulatorStats>({ op: "stats" }),
    resetStats: () => call<void>({ op: "resetStats" }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      await call<void>({ op: "close" }).catch(() => undefined);
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
