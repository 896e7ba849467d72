/**
 * How many tasks run at once: requests a client keeps in flight, files a check hashes.
 *
 * Twilio limits the REST requests an account may have in flight at once and answers 429 (code 20429)
 * above that limit, but publishes no number, and the account's other traffic (an app sending SMS)
 * shares it. Twilio's advice is to back off and send fewer at once. So the limit here adapts, the
 * way TCP's congestion window does (additive increase, multiplicative decrease):
 * - it starts at `max` (`twilio:maxConcurrentRequests`);
 * - a 429 halves it, at most once per round: 429s from requests sent before the last cut say
 *   nothing new, or one burst would cut it to 1;
 * - after `limit` requests in a row succeed it grows by one, back up to `max`.
 * A refused request is retried by `retry.ts` and queues again behind the others. No library does
 * this for promises (p-limit and p-queue have fixed limits), and it is thirty lines.
 */
export class Limiter {
  #active = 0;
  #limit: number;
  /** Successes since the limit last changed. */
  #successes = 0;
  /** Bumped at every cut; a task remembers the round it started in. */
  #round = 0;
  readonly #waiting: Array<() => void> = [];

  /** `onCut(limit)` hears of every cut (not of a 429 at 1 already), for a progress line. */
  constructor(
    readonly max: number,
    private readonly onCut: (limit: number) => void = () => undefined,
  ) {
    if (!(Number.isInteger(max) && max >= 1)) throw new RangeError(`max must be a whole number of at least 1, got ${max}`);
    this.#limit = max;
  }

  /** Tasks allowed in flight now (1 … max). */
  get limit(): number {
    return this.#limit;
  }

  /**
   * Runs `task` when a slot is free, in arrival order: a caller never overtakes one already
   * waiting. `refused(err)` says whether a failure means "too many at once" (Twilio's 429);
   * without it the limit stays at `max`.
   */
  async run<T>(task: () => Promise<T>, refused: (err: unknown) => boolean = () => false): Promise<T> {
    if (this.#active < this.#limit && this.#waiting.length === 0) this.#active++;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    const round = this.#round;
    try {
      const result = await task();
      this.#succeeded();
      return result;
    } catch (err) {
      if (refused(err)) this.#refused(round);
      throw err;
    } finally {
      this.#active--;
      this.#admit();
    }
  }

  #succeeded(): void {
    if (this.#limit >= this.max || ++this.#successes < this.#limit) return;
    this.#limit++;
    this.#successes = 0;
  }

  #refused(round: number): void {
    if (round !== this.#round) return;
    this.#round++;
    this.#successes = 0;
    const cut = Math.max(1, Math.floor(this.#limit / 2));
    if (cut === this.#limit) return;
    this.#limit = cut;
    this.onCut(cut);
  }

  /** Hands free slots to the longest waiters; a slot is taken before the waiter resumes. */
  #admit(): void {
    while (this.#active < this.#limit && this.#waiting.length > 0) {
      this.#active++;
      this.#waiting.shift()!();
    }
  }
}
