import { TwilioApiError, TwilioConnectionError } from "../../provider/src/core/client/errors";
import { backoffDelay, parseRetryAfter, type RetryPolicy, withRetries } from "../../provider/src/core/client/retry";

const policy: RetryPolicy = { maxTries: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const apiError = (status: number, retryAfterMs?: number) =>
  new TwilioApiError(status, 20000 + status, "x", undefined, "GET", "/v1/Services", retryAfterMs);

describe("backoffDelay", () => {
  it("doubles from the base with jitter between half and all of it, capped", () => {
    expect(backoffDelay(policy, 2, undefined, () => 0)).toBe(50);
    expect(backoffDelay(policy, 2, undefined, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, undefined, () => 1)).toBe(200);
    expect(backoffDelay(policy, 4, undefined, () => 0.5)).toBe(300);
    expect(backoffDelay(policy, 10, undefined, () => 1)).toBe(1000);
  });

  it("honours Retry-After, up to the cap", () => {
    expect(backoffDelay(policy, 2, 700)).toBe(700);
    expect(backoffDelay(policy, 2, 0)).toBe(0);
    expect(backoffDelay(policy, 2, 60_000)).toBe(1000);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("0.5")).toBe(500);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});

describe("withRetries", () => {
  it("retries retryable failures with the computed delays and returns the first success", async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withRetries(
      policy,
      async (n) => {
        calls++;
        if (n === 1) throw apiError(429, 250);
        if (n === 2) throw new TwilioConnectionError("GET", "/v1/Services", "http://h", "ECONNRESET", "socket hang up");
        return "done";
      },
      async (ms) => void sleeps.push(ms),
    );
    expect(result).toBe("done");
    expect(calls).toBe(3);
    expect(sleeps[0]).toBe(250);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
  });

  it("stops after maxTries and records the tries on the error", async () => {
    let calls = 0;
    const err = await withRetries(policy, async () => {
      calls++;
      throw apiError(500);
    }, async () => undefined).catch((e: TwilioApiError) => e);
    expect(calls).toBe(4);
    expect(err.tries).toBe(4);
    expect(err.message).toMatch(/after 4 tries$/);
  });

  it("does not retry client errors, non-retryable transport errors or foreign errors", async () => {
    for (const failure of [
      apiError(404),
      new TwilioConnectionError("GET", "/p", "http://h", "ENOENT", "no such file"),
      new Error("bug"),
    ]) {
      let calls = 0;
      await expect(
        withRetries(policy, async () => {
          calls++;
          throw failure;
        }, async () => undefined),
      ).rejects.toBe(failure);
      expect(calls).toBe(1);
    }
  });

  it("looks for what a try that may have been applied made, before the next try, and takes it as the answer", async () => {
    const events: string[] = [];
    let found: string | undefined;
    const result = await withRetries(
      policy,
      async (n) => {
        events.push(`try ${n}`);
        if (n === 1) throw apiError(429);
        if (n === 2) throw new TwilioConnectionError("POST", "/v1/Services", "http://h", "ECONNRESET", "socket hang up");
        found = "ZS-made-by-try-2";
        return "unreachable";
      },
      async () => {
        events.push("sleep");
      },
      async () => {
        events.push("recover");
        return events.filter((e) => e.startsWith("try")).length === 2 ? "ZS-made-by-try-2" : found;
      },
    );
    expect(result).toBe("ZS-made-by-try-2");
    // no lookup after the 429 (never applied), one after the reset, and no third try
    expect(events).toEqual(["try 1", "sleep", "try 2", "sleep", "recover"]);
  });

  it("looks once more after the last try, and fails with the tries counted when nothing was made", async () => {
    let looks = 0;
    let calls = 0;
    const err = await withRetries(
      { ...policy, maxTries: 2 },
      async () => {
        calls++;
        throw apiError(503);
      },
      async () => undefined,
      async () => {
        looks++;
        return undefined;
      },
    ).catch((e: TwilioApiError) => e);
    expect([calls, looks]).toEqual([2, 2]);
    expect(err.tries).toBe(2);
    const late = await withRetries({ ...policy, maxTries: 1 }, async () => Promise.reject(apiError(500)), async () => undefined, async () => "found");
    expect(late).toBe("found");
  });
});
