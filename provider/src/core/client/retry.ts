/**
 * Bounded retries with exponential backoff and jitter, honouring Retry-After.
 *
 * Why not undici's RetryHandler: it replays the request body it was given, which cannot work for a
 * streamed multipart upload (the stream is consumed by the first try). Here every try calls the
 * attempt function again, so an upload re-opens its file each time. Retried: HTTP 429, 5xx and
 * dropped connections (`isRetryable`), uploads included. After the last try the error records how
 * many tries were made (`err.tries`, and its message says so). A create looks for what a failed
 * try may have made before it tries again (`recover`).
 */
import { isRetryable, isTwilioError, mayHaveBeenApplied } from "./errors";

export interface RetryPolicy {
  /** Total tries, the first included (1 = no retry). */
  maxTries: number;
  /** Backoff before the second try; doubles each time, with jitter. */
  baseDelayMs: number;
  /** Upper bound of one backoff, and of an honoured Retry-After. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxTries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delay before try `nextTry` (2, 3, …): "equal jitter", half fixed and half random, so retries from
 * many parallel resources spread out but never collapse to zero. Retry-After wins when present.
 */
export function backoffDelay(policy: RetryPolicy, nextTry: number, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (nextTry - 2));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Parses Retry-After (delta-seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === "") return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Tries `attempt` per the policy. `recover`, for a create, is called after each failure that may
 * have been applied before it failed (a 5xx or a dropped connection: the answer may be what was
 * lost), before the next try and after the last one: what it finds (the object that try made) is
 * the result, so a retried create never makes a second object. It is not called after a 429,
 * which Twilio never applies.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (tryNumber: number) => Promise<T>,
  sleep: Sleep = realSleep,
  recover?: () => Promise<T | undefined>,
): Promise<T> {
  const maxTries = Math.max(1, Math.floor(policy.maxTries));
  for (let tryNumber = 1; ; tryNumber++) {
    try {
      return await attempt(tryNumber);
    } catch (err) {
      const retry = isRetryable(err) && tryNumber < maxTries;
      if (retry) {
        const retryAfterMs = isTwilioError(err) && err.kind === "api" ? err.retryAfterMs : undefined;
        await sleep(backoffDelay(policy, tryNumber + 1, retryAfterMs));
      }
      if (recover && mayHaveBeenApplied(err)) {
        const found = await recover();
        if (found !== undefined) return found;
      }
      if (!retry) {
        if (isTwilioError(err)) err.setTries(tryNumber);
        throw err;
      }
    }
  }
}
