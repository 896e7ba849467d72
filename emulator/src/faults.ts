/**
 * Fault injection for tests and benchmarks: a share of API requests is answered 429 (with
 * Retry-After), 500, 503, or has its connection dropped, before it is processed, so a retry is
 * always safe (as Twilio promises for 429); or, `lost`, is processed and then has its connection
 * dropped instead of the answer, so a client that simply retries a create makes a second object.
 * Seeded, so a run can be repeated.
 */
export type FaultKind = "429" | "500" | "503" | "drop" | "lost";

export interface FaultOptions {
  /** Share of API requests that fail, 0..1. */
  rate: number;
  kinds: FaultKind[];
  retryAfterSeconds?: number;
  seed?: number;
}

export const FAULT_KINDS: readonly FaultKind[] = ["429", "500", "503", "drop", "lost"];

/** mulberry32: a small, good-enough seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private options: FaultOptions | undefined;
  private random: () => number = Math.random;

  set(options: FaultOptions | undefined): void {
    if (options) {
      if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError(`faults.rate must be within 0..1, got ${options.rate}`);
      for (const kind of options.kinds) {
        if (!FAULT_KINDS.includes(kind)) throw new RangeError(`unknown fault kind "${kind}" (known: ${FAULT_KINDS.join(", ")})`);
      }
    }
    this.options = options && options.rate > 0 && options.kinds.length > 0 ? options : undefined;
    this.random = options?.seed !== undefined ? prng(options.seed) : Math.random;
  }

  get retryAfterSeconds(): number {
    return this.options?.retryAfterSeconds ?? 1;
  }

  /** The fault to inject into this request, if any. */
  pick(): FaultKind | undefined {
    const o = this.options;
    if (!o || this.random() >= o.rate) return undefined;
    return o.kinds[Math.floor(this.random() * o.kinds.length)];
  }
}
