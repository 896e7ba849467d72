import { Limiter } from "../../provider/src/core/client/limiter";

class Refused extends Error {}
const refused = (err: unknown) => err instanceof Refused;

/** A task that stays in flight until `release()`; it records how many were in flight with it. */
function gated(tracker: { inFlight: number; peak: number }, outcome: "ok" | "refused" | "failed" = "ok") {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const task = async () => {
    tracker.peak = Math.max(tracker.peak, ++tracker.inFlight);
    await gate;
    tracker.inFlight--;
    if (outcome === "refused") throw new Refused("429");
    if (outcome === "failed") throw new Error("500");
  };
  return { task, release };
}

const settle = (p: Promise<unknown>) => p.catch(() => undefined);

describe("Limiter", () => {
  it("hands a freed slot to the longest waiter, never to a caller that arrives meanwhile", async () => {
    const limiter = new Limiter(1);
    const started: string[] = [];
    const tracker = { inFlight: 0, peak: 0 };
    const task = (name: string) => async () => {
      started.push(name);
      tracker.peak = Math.max(tracker.peak, ++tracker.inFlight);
      await null;
      tracker.inFlight--;
    };
    const first = gated(tracker);
    const one = limiter.run(() => (started.push("first"), first.task()), refused);
    const second = limiter.run(task("second"), refused);
    let third: Promise<void> | undefined;
    first.release();
    // arrives once the first task has ended, before the waiting second one has resumed
    queueMicrotask(() => (third = limiter.run(task("third"), refused)));
    await Promise.all([one, second]);
    await third;
    expect(started).toEqual(["first", "second", "third"]);
    expect(tracker.peak).toBe(1);
  });

  it("starts at max and never runs more than the limit at once", async () => {
    const limiter = new Limiter(3);
    const tracker = { inFlight: 0, peak: 0 };
    const tasks = Array.from({ length: 10 }, () => gated(tracker));
    const runs = tasks.map((t) => limiter.run(t.task, refused));
    await null;
    expect(tracker.inFlight).toBe(3);
    for (const t of tasks) t.release();
    await Promise.all(runs);
    expect(tracker.peak).toBe(3);
    expect(limiter.limit).toBe(3);
  });

  it("halves the limit once for a burst of 429s from requests sent in the same round", async () => {
    const limiter = new Limiter(8);
    const tracker = { inFlight: 0, peak: 0 };
    const tasks = Array.from({ length: 8 }, () => gated(tracker, "refused"));
    const runs = tasks.map((t) => settle(limiter.run(t.task, refused)));
    for (const t of tasks) t.release();
    await Promise.all(runs);
    expect(limiter.limit).toBe(4);
  });

  it("cuts again for a 429 sent after the last cut, down to 1 and no lower, telling each cut", async () => {
    const cuts: number[] = [];
    const limiter = new Limiter(4, (limit) => cuts.push(limit));
    const tracker = { inFlight: 0, peak: 0 };
    for (const expected of [2, 1, 1]) {
      const t = gated(tracker, "refused");
      const run = settle(limiter.run(t.task, refused));
      t.release();
      await run;
      expect(limiter.limit).toBe(expected);
    }
    expect(cuts).toEqual([2, 1]);
  });

  it("keeps waiters queued while the limit is below the tasks in flight", async () => {
    const limiter = new Limiter(4);
    const tracker = { inFlight: 0, peak: 0 };
    const inFlight = [gated(tracker, "refused"), gated(tracker), gated(tracker), gated(tracker)];
    const runs = inFlight.map((t) => settle(limiter.run(t.task, refused)));
    const waiter = gated(tracker);
    const waiting = limiter.run(waiter.task, refused);
    await null;
    inFlight[0].release();
    await runs[0];
    expect(limiter.limit).toBe(2);
    // three still in flight, limit 2: the waiter may not start until two of them end
    await null;
    expect(tracker.inFlight).toBe(3);
    inFlight[1].release();
    await runs[1];
    await null;
    expect(tracker.inFlight).toBe(2);
    inFlight[2].release();
    await runs[2];
    await new Promise((resolve) => setImmediate(resolve));
    expect(tracker.inFlight).toBe(2); // the waiter and the last of the first four
    inFlight[3].release();
    waiter.release();
    await Promise.all([runs[3], waiting]);
    expect(tracker.peak).toBe(4);
  });

  it("grows by one after `limit` successes in a row, back up to max", async () => {
    const limiter = new Limiter(4);
    const tracker = { inFlight: 0, peak: 0 };
    const cut = gated(tracker, "refused");
    const run = settle(limiter.run(cut.task, refused));
    cut.release();
    await run;
    expect(limiter.limit).toBe(2);
    const ok = async (n: number) => {
      for (let i = 0; i < n; i++) await limiter.run(async () => undefined, refused);
    };
    await ok(1);
    expect(limiter.limit).toBe(2);
    await ok(1);
    expect(limiter.limit).toBe(3);
    await ok(3);
    expect(limiter.limit).toBe(4);
    await ok(20);
    expect(limiter.limit).toBe(4);
  });

  it("leaves the limit alone when a task fails for another reason", async () => {
    const limiter = new Limiter(4);
    const tracker = { inFlight: 0, peak: 0 };
    const t = gated(tracker, "failed");
    const run = limiter.run(t.task, refused);
    t.release();
    await expect(run).rejects.toThrow("500");
    expect(limiter.limit).toBe(4);
  });

  it("refuses a max that is not a whole number of at least 1", () => {
    expect(() => new Limiter(0)).toThrow("max must be a whole number of at least 1, got 0");
    expect(() => new Limiter(2.5)).toThrow("got 2.5");
  });
});
