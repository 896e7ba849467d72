/**
 * What a resource's create, update or delete is doing, while it runs: one status line per
 * resource, sent to the engine with the resource's URN (`engineLog.ts`), so it shows on the
 * resource's row and never under Diagnostics. Warnings go the same way but stay (under the
 * resource, in Diagnostics).
 *
 * The line is made of what the step reports (`step`: "uploading 120 of 300 files, 1.2 MB of 3.4 MB",
 * a build's state) and what the REST client hears meanwhile: requests retried, and the requests in
 * flight cut after a 429. The client is shared by all resources of the process, so it finds the
 * resource whose request it is sending through an AsyncLocalStorage set around each operation
 * (`withStatus`, which `runtime.ts` puts around every create, update and delete). A line goes out at once if the last one is `STATUS_INTERVAL_MS` old, else
 * when it is (newest text wins); a line still waiting when the step ends goes out then, so the row
 * does not keep a stale count.
 *
 * The URN comes from the hidden input `__urn`, which the resources with long steps carry (Build,
 * AssetBundle: `URN_KEY`); for the others a line goes to the Stack's row and names the resource.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { type LogLine, sendToEngine } from "./engineLog";
import * as messages from "./messages";

/** At most one status line per resource this often (a line waiting when the step ends excepted). */
export const STATUS_INTERVAL_MS = 2_000;

export type ProgressReporter = (line: LogLine) => void | Promise<void>;

let reporter: ProgressReporter = sendToEngine;

/** For tests: capture lines instead of sending them to the engine; no argument restores the engine. */
export function setProgressReporter(next?: ProgressReporter): void {
  reporter = next ?? sendToEngine;
}

/** One operation's status line. */
export class ResourceStatus {
  #step = "";
  #retries = 0;
  #cut: { limit: number; max: number } | undefined;
  #lastSent = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #sending: Promise<void> = Promise.resolve();

  /** `subject` names the resource in lines that have no URN: `Build "site"`. */
  constructor(
    readonly urn: string | undefined,
    readonly subject: string,
    private readonly intervalMs = STATUS_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** What the step is doing now. */
  step(text: string): void {
    this.#step = text;
    this.#changed();
  }

  /** A request of this operation is being tried again. */
  retried(): void {
    this.#retries++;
    this.#changed();
  }

  /** A 429 cut the client's requests in flight to `limit` of `max`. */
  concurrencyCut(limit: number, max: number): void {
    this.#cut = { limit, max };
    this.#changed();
  }

  /** A warning about this resource: kept under Diagnostics. */
  warn(message: string): void {
    this.#send({ severity: "warning", message, urn: this.urn, ephemeral: false });
  }

  /** Something done that the user should find afterwards (an orphan taken over): an info line that stays. */
  note(message: string): void {
    this.#send({ severity: "info", message, urn: this.urn, ephemeral: false });
  }

  /** The line as it stands. */
  text(): string {
    const line = messages.statusLine(this.#step, this.#retries, this.#cut && messages.concurrencyCut(this.#cut.limit, this.#cut.max));
    return this.urn ? line : `${this.subject}: ${line}`;
  }

  /** The operation is over: a line still waiting for its turn goes out now, so the row ends on the step's last text. */
  async end(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#emit();
    }
    await this.#sending;
  }

  #changed(): void {
    if (this.#timer) return;
    const wait = this.#lastSent + this.intervalMs - this.now();
    if (wait <= 0) this.#emit();
    else this.#timer = setTimeout(() => this.#emit(), wait).unref();
  }

  #emit(): void {
    this.#timer = undefined;
    this.#lastSent = this.now();
    this.#send({ severity: "info", message: this.text(), urn: this.urn, ephemeral: true });
  }

  /** Lines of one operation reach the engine in order. */
  #send(line: LogLine): void {
    this.#sending = this.#sending.then(() => reporter(line)).catch(() => undefined);
  }
}

const current = new AsyncLocalStorage<ResourceStatus>();

/** The status line of the operation this code runs for, if any. */
export function currentStatus(): ResourceStatus | undefined {
  return current.getStore();
}

/** What the step is doing now, on the current operation's status line. */
export function reportStep(text: string): void {
  current.getStore()?.step(text);
}

/** For the REST client: a request is being tried again. */
export function reportRetry(): void {
  current.getStore()?.retried();
}

/** For the REST client: a 429 cut the requests in flight. Outside an operation, a status line of its own. */
export function reportConcurrencyCut(limit: number, max: number): void {
  const status = current.getStore();
  if (status) status.concurrencyCut(limit, max);
  else void reporter({ severity: "info", message: messages.concurrencyCut(limit, max), ephemeral: true });
}

/** A warning, about the current operation's resource when there is one. */
export function reportWarning(message: string): void {
  const status = current.getStore();
  if (status) status.warn(message);
  else void reporter({ severity: "warning", message, ephemeral: false });
}

/** An info line that stays in the update's output, about the current operation's resource when there is one. */
export function reportNote(message: string): void {
  const status = current.getStore();
  if (status) status.note(message);
  else void reporter({ severity: "info", message, ephemeral: false });
}

/**
 * Runs one operation with its own status line (see above), ended when it settles. `urn` is the
 * resource's URN when it carries one; `subject` names it in lines without one: `Build "site"`.
 */
export async function withStatus<T>(urn: string | undefined, subject: string, operation: () => Promise<T>): Promise<T> {
  const status = new ResourceStatus(urn, subject);
  try {
    return await current.run(status, operation);
  } finally {
    await status.end();
  }
}
