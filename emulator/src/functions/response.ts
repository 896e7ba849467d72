/**
 * Inside a Function instance: `Twilio.Response`, and how a handler's result becomes an HTTP
 * answer, as Twilio's runtime does it (its toolkit's runtime handler is the public model:
 * twilio-labs/serverless-toolkit, packages/runtime-handler/src/dev-runtime):
 *   a string        200 text/plain
 *   TwiML           200 text/xml (VoiceResponse, MessagingResponse, FaxResponse)
 *   Twilio.Response its status, headers and body (an object body as JSON)
 *   anything else   200 application/json
 *   nothing         200 with an empty body
 */
import type { Headers, Outcome } from "./protocol";

const SET_COOKIE = "Set-Cookie";

/** `Twilio.Response`: a status, headers (Set-Cookie always a list) and a body. */
export class Response {
  private statusCode = 200;
  private body: unknown = null;
  private headers: Headers = {};

  constructor(options: { statusCode?: number; body?: unknown; headers?: Headers } = {}) {
    if (options.statusCode) this.statusCode = options.statusCode;
    if (options.body !== undefined) this.body = options.body;
    if (options.headers) this.setHeaders(options.headers);
  }

  setStatusCode(statusCode: number): this {
    this.statusCode = statusCode;
    return this;
  }

  setBody(body: unknown): this {
    this.body = body;
    return this;
  }

  setHeaders(headers: Headers): this {
    if (typeof headers === "object" && headers !== null) this.headers = { ...headers };
    return this;
  }

  appendHeader(key: string, value: string | string[]): this {
    const name = Object.keys(this.headers).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
    const existing = this.headers[name];
    this.headers[name] = existing === undefined ? value : [existing, value].flat();
    return this;
  }

  setCookie(key: string, value: string, attributes: string[] = []): this {
    return this.appendHeader(SET_COOKIE, [[`${key}=${value}`, ...attributes].join(";")]);
  }

  removeCookie(key: string): this {
    const name = Object.keys(this.headers).find((k) => k.toLowerCase() === "set-cookie") ?? SET_COOKIE;
    const kept = [this.headers[name] ?? []].flat().filter((c) => !c.startsWith(`${key}=`));
    this.headers[name] = [...kept, `${key}=;Max-Age=0`];
    return this;
  }

  /** The answer this response stands for. */
  toAnswer(): Outcome {
    const headers = { ...this.headers };
    const hasType = Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
    let body: Buffer;
    if (this.body === null || this.body === undefined) body = Buffer.alloc(0);
    else if (typeof this.body === "string") body = Buffer.from(this.body);
    else if (Buffer.isBuffer(this.body)) body = this.body;
    else {
      body = Buffer.from(JSON.stringify(this.body));
      if (!hasType) headers["Content-Type"] = "application/json";
    }
    return { kind: "answer", statusCode: this.statusCode, headers, body };
  }
}

const TWIML_CLASSES = new Set(["VoiceResponse", "MessagingResponse", "FaxResponse"]);

/**
 * TwiML from any copy of the `twilio` package (the provided one, or a build's own): recognised
 * by class name, since an `instanceof` would only hold for one copy.
 */
function isTwiml(value: object): boolean {
  return TWIML_CLASSES.has(value.constructor?.name) && typeof (value as { toString: unknown }).toString === "function";
}

function answer(contentType: string | undefined, body: Buffer): Outcome {
  return { kind: "answer", statusCode: 200, headers: contentType ? { "Content-Type": contentType } : {}, body };
}

/** The answer to `callback(null, result)` (or an async handler's returned result). */
export function answerFor(result: unknown): Outcome {
  if (result === undefined || result === null) return answer(undefined, Buffer.alloc(0));
  if (typeof result === "string") return answer("text/plain; charset=utf-8", Buffer.from(result));
  if (result instanceof Response) return result.toAnswer();
  if (Buffer.isBuffer(result)) return answer("application/octet-stream", result);
  if (typeof result === "object" && isTwiml(result)) return answer("text/xml", Buffer.from(String(result)));
  return answer("application/json", Buffer.from(JSON.stringify(result) ?? ""));
}

/** The answer to `callback(err)`, a throw or a rejection: what the emulator turns into a 500. */
export function errorFor(err: unknown): Outcome {
  if (err instanceof Error) return { kind: "error", name: err.name, message: err.message, stack: err.stack };
  return { kind: "error", name: "Error", message: typeof err === "string" ? err : (JSON.stringify(err) ?? String(err)) };
}
