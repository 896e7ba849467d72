/**
 * The messages between the emulator and a Function instance (runner.ts, a child process). One
 * instance serves one build; it runs one execution at a time, as a warm Twilio instance does.
 */

/** What an instance needs to know of its build, sent once when it starts. */
export interface BuildSetup {
  /** The build's directory (workspace.ts): `handlers/`, `files/`, `node_modules/`. */
  dir: string;
  /** `Runtime.getAssets()`: private asset path → file. */
  assets: Record<string, string>;
  /** `Runtime.getFunctions()`: function path without its leading `/` → handler file. */
  functions: Record<string, string>;
}

export type Headers = Record<string, string | string[]>;

/** One execution: what the handler gets as `context` and `event`, and which handler. */
export interface Execution {
  id: number;
  /** The Function's path (`/voice`), for messages. */
  path: string;
  handlerFile: string;
  /** `context`'s plain values: the environment's Variables, DOMAIN_NAME, PATH, SERVICE_SID, … */
  context: Record<string, string>;
  /** Whether `context.getTwilioClient()` has credentials (the Service's IncludeCredentials). */
  credentials: { accountSid: string; authToken: string } | null;
  event: Record<string, unknown>;
}

/** How an execution ended, as the instance saw it. */
export type Outcome =
  | { kind: "answer"; statusCode: number; headers: Headers; body: Buffer }
  | { kind: "error"; name: string; message: string; stack?: string };

export type ToInstance = { type: "setup"; build: BuildSetup } | { type: "run"; execution: Execution };

export type LogLevel = "info" | "warning" | "error";

export type FromInstance =
  | { type: "ready" }
  | { type: "log"; id: number; level: LogLevel; message: string }
  /** `fatal`: the instance is ending (a throw nothing caught), so it must not be used again. */
  | { type: "done"; id: number; outcome: Outcome; fatal?: boolean };
