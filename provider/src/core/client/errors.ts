/**
 * The two ways a Twilio call fails: Twilio answered with a non-2xx (`TwilioApiError`), or the
 * connection failed before an answer (`TwilioConnectionError`). Both carry the method and the URL
 * path only (never a host with userinfo, never a header), and how many tries were made.
 * Branch on `status` / `code`, not on `instanceof` (two copies of this module may be loaded).
 */
import * as messages from "../messages";

export interface TwilioErrorBody {
  code?: number;
  message?: string;
  more_info?: string;
  status?: number;
}

/** Which credentials a refused request carried, as a message may show them: the user SID and the settings' names. */
export interface CredentialsUsed {
  /** The Account SID or API key SID (not a secret; shown shortened). */
  user: string;
  /** `twilio:accountSid`, `TWILIO_AUTH_TOKEN`, …: where they came from. */
  settings: readonly string[];
}

/** What both kinds of failure share: the call, and how many tries it took. */
abstract class TwilioCallError extends Error {
  /** How many tries were made before giving up (1 when the first answer was final). */
  tries = 1;

  abstract readonly method: string;
  abstract readonly path: string;

  /** Records the number of tries and rewrites the message to say it. */
  setTries(tries: number): void {
    this.tries = tries;
    this.message = this.describe();
  }

  protected abstract describe(): string;
}

export class TwilioApiError extends TwilioCallError {
  override readonly name = "TwilioApiError";
  readonly kind = "api" as const;

  constructor(
    readonly status: number,
    readonly code: number | undefined,
    readonly twilioMessage: string,
    readonly moreInfo: string | undefined,
    readonly method: string,
    readonly path: string,
    /** Milliseconds the server asked us to wait (Retry-After), if it did. */
    readonly retryAfterMs?: number,
    /** For a 401: the credentials Twilio refused, so the message can say where to check them. */
    readonly credentials?: CredentialsUsed,
  ) {
    super();
    this.message = this.describe();
  }

  protected describe(): string {
    return messages.apiError(this);
  }
}

export class TwilioConnectionError extends TwilioCallError {
  override readonly name = "TwilioConnectionError";
  readonly kind = "connection" as const;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly origin: string,
    /** The transport error code, e.g. ECONNRESET or UND_ERR_SOCKET. */
    readonly code: string,
    readonly causeMessage: string,
  ) {
    super();
    this.message = this.describe();
  }

  protected describe(): string {
    return messages.connectionError(this.method, this.path, this.origin, `${this.code} ${this.causeMessage}`, this.tries);
  }
}

export type TwilioError = TwilioApiError | TwilioConnectionError;

export function isTwilioError(err: unknown): err is TwilioError {
  const kind = (err as { kind?: unknown } | null)?.kind;
  return err instanceof Error && (kind === "api" || kind === "connection");
}

export function isApiError(err: unknown): err is TwilioApiError {
  return isTwilioError(err) && err.kind === "api";
}

export function isNotFound(err: unknown): boolean {
  return isApiError(err) && err.status === 404;
}

/** Transport failures worth another try: the request may never have reached Twilio. */
const RETRYABLE_TRANSPORT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** Twilio's "too many requests at once" (HTTP 429, code 20429): a request it never processed. */
export function isTooManyRequests(err: unknown): boolean {
  return isTwilioError(err) && err.kind === "api" && err.status === 429;
}

export function isRetryable(err: unknown): boolean {
  if (!isTwilioError(err)) return false;
  if (err.kind === "api") return err.status === 429 || err.status >= 500;
  return RETRYABLE_TRANSPORT_CODES.has(err.code);
}

/**
 * A failure after which the request may still have been applied: a 5xx, or a connection that
 * dropped (the answer may be what was lost). Not a 429: Twilio applies none of those.
 */
export function mayHaveBeenApplied(err: unknown): boolean {
  return isRetryable(err) && !isTooManyRequests(err);
}

/** Builds the error for a non-2xx answer from its (possibly non-JSON) body text. */
export function apiErrorFromResponse(
  status: number,
  bodyText: string,
  method: string,
  path: string,
  retryAfterMs: number | undefined,
  credentials?: CredentialsUsed,
): TwilioApiError {
  let body: TwilioErrorBody = {};
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (parsed && typeof parsed === "object") body = parsed as TwilioErrorBody;
  } catch {
    // not JSON: keep a short excerpt of the text as the message
  }
  const text = typeof body.message === "string" ? body.message : bodyText.trim().slice(0, 200) || "(empty body)";
  const code = typeof body.code === "number" ? body.code : undefined;
  const moreInfo = typeof body.more_info === "string" ? body.more_info : undefined;
  return new TwilioApiError(status, code, text, moreInfo, method, path, retryAfterMs, credentials);
}

/** Wraps whatever undici threw for a request that got no answer. */
export function connectionErrorFrom(err: unknown, method: string, path: string, origin: string): TwilioConnectionError {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const code = String(e?.code ?? e?.cause?.code ?? "UND_ERR");
  const message = String(e?.message ?? e?.cause?.message ?? err);
  return new TwilioConnectionError(method, path, origin, code, message);
}
