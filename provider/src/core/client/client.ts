/**
 * A small REST client for the Twilio Serverless API on undici.
 *
 * - One keep-alive Agent per client; at most `maxConcurrency` requests in flight (a Pulumi update
 *   may start hundreds of uploads at once, and each open upload holds a file descriptor), fewer
 *   while Twilio answers 429 (`limiter.ts`).
 * - Form bodies with repeated keys for arrays (`AssetVersions=ZN1&AssetVersions=ZN2`) and booleans
 *   as `true`/`false`; multipart uploads with `form-data`, streaming the content.
 * - Every response body is consumed; every non-2xx becomes a `TwilioApiError`; retries per `retry.ts`.
 * - The Authorization header lives in a private field and is never part of an error or a log line.
 *   Absolute URLs from Twilio (`next_page_url`) are reduced to their path and sent to the configured
 *   host, so credentials never go anywhere else.
 * - undici and form-data load with the first request, not with the package: a program and a
 *   preview make none, and loading them cost 0.1–0.2 s of every start (bench/README.md).
 */
import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import { apiErrorFromResponse, connectionErrorFrom, type CredentialsUsed, isTooManyRequests, isTwilioError } from "./errors";
import { Limiter } from "./limiter";
import { DEFAULT_RETRY, parseRetryAfter, type RetryPolicy, withRetries } from "./retry";
import * as messages from "../messages";

/**
 * Requests in flight at most. Twilio limits an account's concurrent requests without saying how
 * many; real runs met 429s at about 50 uploads in flight (serverless-api#37, serverless-toolkit#303),
 * so 25 is half of that, leaving room for the account's other traffic, and a 429 lowers it for as
 * long as Twilio refuses (`limiter.ts`). Twilio's own Serverless client went from 50 to 10 in 2024
 * (serverless-toolkit PR #517) and does not adapt.
 */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 25;

export interface ClientOptions {
  baseUrl: string;
  uploadBaseUrl: string;
  /** Basic-auth user: an Account SID (AC…) or an API key SID (SK…). */
  username: string;
  password: string;
  /** Where the credentials came from (setting names only), for the message of a 401. */
  credentialSettings?: readonly string[];
  retry?: RetryPolicy;
  /** Requests in flight at most (default 25); fewer after a 429, see `limiter.ts`. */
  maxConcurrency?: number;
  /** Told the new limit each time a 429 cuts the requests in flight. */
  onConcurrencyCut?: (limit: number, max: number) => void;
  /** Told each time a request is tried again (for status lines). */
  onRetry?: () => void;
  /** For tests; otherwise a keep-alive Agent owned by the client. */
  dispatcher?: Dispatcher;
}

export type FormValue = string | number | boolean | undefined | null | readonly string[];
export type Form = Readonly<Record<string, FormValue>>;

export type Method = "GET" | "POST" | "DELETE";

export interface RequestOptions {
  method: Method;
  /** `/v1/Services/…`, or an absolute URL from Twilio (only its path and query are used). */
  path: string;
  form?: Form;
}

/**
 * For a create: looks for the object that a failed try may have made (its answer lost), before
 * the next try. What it finds is the answer; `undefined` means try again. See `retry.ts`.
 */
export type Recover<T> = () => Promise<T | undefined>;

/** The file part of a multipart upload; `open` is called once per try. */
export interface UploadPart {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  open: () => Readable | Buffer;
}

/** Encodes a form with repeated keys for arrays; `undefined`/`null` fields are left out. */
export function encodeForm(form: Form): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.append(key, String(value));
  }
  return params.toString();
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** The HTTP modules, loaded once, on first use (see the top). */
let http: Promise<{ undici: typeof import("undici"); FormData: typeof import("form-data") }> | undefined;

function httpModules(): NonNullable<typeof http> {
  http ??= Promise.all([import("undici"), import("form-data")]).then(([undici, formData]) => ({ undici, FormData: formData.default }));
  return http;
}

export class TwilioClient {
  readonly #authorization: string;
  readonly #credentials: CredentialsUsed;
  /** The caller's dispatcher (tests), else a keep-alive Agent made with the first request. */
  #dispatcher: Dispatcher | undefined;
  readonly #connections: number;
  readonly #ownsDispatcher: boolean;
  #closed = false;
  readonly #limiter: Limiter;
  readonly #retry: RetryPolicy;
  readonly #baseUrl: string;
  readonly #uploadBaseUrl: string;
  readonly #onRetry: () => void;

  constructor(options: ClientOptions) {
    this.#authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;
    this.#credentials = { user: options.username, settings: options.credentialSettings ?? [] };
    this.#baseUrl = trimSlash(options.baseUrl);
    this.#uploadBaseUrl = trimSlash(options.uploadBaseUrl);
    this.#retry = options.retry ?? DEFAULT_RETRY;
    this.#onRetry = options.onRetry ?? (() => undefined);
    const max = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENT_REQUESTS;
    this.#limiter = new Limiter(max, (limit) => options.onConcurrencyCut?.(limit, max));
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher;
    // A connection per request in flight, or uploads would queue in the Agent behind the limiter.
    this.#connections = Math.max(16, max);
  }

  /** JSON API call; resolves to the parsed body (undefined for 204). `recover`: see `Recover`. */
  async request<T>(options: RequestOptions, recover?: Recover<T>): Promise<T> {
    const body = options.form ? encodeForm(options.form) : undefined;
    const headers: Record<string, string> = { accept: "application/json", "accept-charset": "utf-8" };
    if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
    return withRetries(
      this.#retry,
      (tryNumber) => {
        if (tryNumber > 1) this.#onRetry();
        return this.#limiter.run(() => this.#send<T>(this.#baseUrl, options.method, options.path, headers, () => body), isTooManyRequests);
      },
      undefined,
      recover,
    );
  }

  /**
   * Multipart POST to the upload host; the content streams from `part.open()` on every try (an
   * empty one is sent without opening it: form-data takes a known length of 0 for an unknown one).
   * An error of the content itself (a file that cannot be read) fails the upload at once, as the
   * file's error; anything else on the way is the connection's, and retried.
   */
  async upload<T>(path: string, fields: Readonly<Record<string, string>>, part: UploadPart, recover?: Recover<T>): Promise<T> {
    const attempt = (tryNumber: number) => {
      if (tryNumber > 1) this.#onRetry();
      return this.#limiter.run(async () => {
        const { FormData } = await httpModules();
        const form = new FormData();
        for (const [key, value] of Object.entries(fields)) form.append(key, value);
        const content = part.size === 0 ? Buffer.alloc(0) : part.open();
        let contentError: unknown;
        if (!Buffer.isBuffer(content)) content.on("error", (err) => (contentError ??= err));
        form.append(part.field, content, { filename: part.filename, contentType: part.contentType, knownLength: part.size });
        const headers = { accept: "application/json", ...form.getHeaders(), "content-length": String(form.getLengthSync()) };
        try {
          return await this.#send<T>(this.#uploadBaseUrl, "POST", path, headers, () => form);
        } catch (err) {
          throw contentError ?? err;
        } finally {
          if (!Buffer.isBuffer(content)) content.destroy();
        }
      }, isTooManyRequests);
    };
    return withRetries(this.#retry, attempt, undefined, recover);
  }

  /** Requests allowed in flight now: `maxConcurrency`, or fewer while Twilio answers 429. */
  get concurrencyLimit(): number {
    return this.#limiter.limit;
  }

  /** Closes the connections; once is enough (a second close does nothing), and later requests fail. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher?.close();
  }

  async #send<T>(
    base: string,
    method: Method,
    pathOrUrl: string,
    headers: Record<string, string>,
    body: () => string | Readable | undefined,
  ): Promise<T> {
    const url = this.#resolve(base, pathOrUrl);
    const path = url.pathname + url.search;
    const { undici } = await httpModules();
    if (!this.#dispatcher) {
      this.#dispatcher = new undici.Agent({ keepAliveTimeout: 10_000, connections: this.#connections });
      // Closed before its first request: the request fails as it would on a closed Agent.
      if (this.#closed) await this.#dispatcher.close();
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await undici.request(url, {
        method,
        headers: { ...headers, authorization: this.#authorization },
        body: body(),
        dispatcher: this.#dispatcher,
      });
    } catch (err) {
      if (isTwilioError(err)) throw err;
      throw connectionErrorFrom(err, method, path, url.origin);
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (err) {
      throw connectionErrorFrom(err, method, path, url.origin);
    }
    const { statusCode } = response;
    if (statusCode < 200 || statusCode > 299) {
      const retryAfter = parseRetryAfter(response.headers["retry-after"]);
      throw apiErrorFromResponse(statusCode, text, method, path, retryAfter, statusCode === 401 ? this.#credentials : undefined);
    }
    if (text.trim() === "") return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(messages.unparseableResponse(statusCode, method, path));
    }
  }

  /** Paths are joined to the base; absolute URLs keep only their path and query. */
  #resolve(base: string, pathOrUrl: string): URL {
    if (/^https?:\/\//i.test(pathOrUrl)) {
      const link = new URL(pathOrUrl);
      return new URL(link.pathname + link.search, new URL(base).origin);
    }
    return new URL(base + (pathOrUrl.startsWith("/") ? pathOrUrl : `/${pathOrUrl}`));
  }
}
