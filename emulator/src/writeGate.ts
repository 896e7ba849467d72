/**
 * For interruption tests: lets a number of writes (POST and DELETE requests) through, then holds
 * every later one before it is processed, so that a test can kill a client at a point fixed by
 * the emulator's count of writes rather than by timing. The answer to the write that completes the
 * count is held as well, so a client killed then certainly never learns of that write. Released
 * writes whose client hung up in the meantime are never processed.
 */
import type { IncomingMessage } from "node:http";

interface Held {
  req: IncomingMessage;
  resume: (proceed: boolean) => void;
}

export class WriteGate {
  #admitted = 0;
  #applied = 0;
  #released = false;
  readonly #held: Held[] = [];
  readonly #reached: Promise<void>;
  #onReached: () => void = () => undefined;
  readonly #releasedAll: Promise<void>;
  #onRelease: () => void = () => undefined;

  /** `limit` writes are let through; `reached` resolves once all of them are applied. */
  constructor(readonly limit: number) {
    if (!(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`the number of writes must be a whole number, got ${limit}`);
    this.#reached = new Promise((resolve) => (this.#onReached = resolve));
    this.#releasedAll = new Promise((resolve) => (this.#onRelease = resolve));
    if (limit === 0) this.#onReached();
  }

  get reached(): Promise<void> {
    return this.#reached;
  }

  /** Writes waiting now. */
  get held(): number {
    return this.#held.length;
  }

  /** Whether the write may be processed: at once while under the limit, else once released (false if its client left). */
  admit(req: IncomingMessage): Promise<boolean> | boolean {
    if (this.#released || this.#admitted < this.limit) {
      this.#admitted += 1;
      return true;
    }
    return new Promise<boolean>((resolve) => {
      const held: Held = { req, resume: resolve };
      this.#held.push(held);
      req.socket.once("close", () => {
        const i = this.#held.indexOf(held);
        if (i >= 0) this.#held.splice(i, 1);
        resolve(false);
      });
    });
  }

  /** A write that `admit` let through is done; resolves when its answer may go (at once, but for the one that completes the count). */
  applied(): Promise<void> | undefined {
    this.#applied += 1;
    if (this.#applied !== this.limit) return undefined;
    this.#onReached();
    return this.#releasedAll;
  }

  /** Every held write whose client is still there proceeds, and later ones are no longer held. */
  release(): void {
    this.#released = true;
    this.#onRelease();
    for (const { req, resume } of this.#held.splice(0)) resume(!req.socket.destroyed);
  }
}
