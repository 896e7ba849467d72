/**
 * The recording proxy: what the provider process (and the scenario's own requests) see as
 * Twilio's API and upload API. Two listeners on 127.0.0.1, one per base URL, each forwarding to
 * its upstream (Twilio's https hosts, or an emulator) and writing a transcript entry for every
 * request: path template, status, error code and message, the answer's keys and types.
 *
 * Why a proxy: the requests are made by Pulumi's provider process, not by us; a proxy sees them
 * as they go on the wire, whatever the provider does, without a hook in its code. The provider
 * needs nothing but its two base URL settings (plain http is accepted for 127.0.0.1).
 *
 * Safety: requests go upstream one at a time, whatever the client does; past `maxRequests` or the
 * deadline, requests are refused here (400, never forwarded), and `stopped` says why. Headers and
 * bodies pass through and are never kept: an entry holds no credential and no content.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";
import { TwilioClient } from "../../provider/src/core/client/client";
import type { LiveTarget } from "./gate";
import { type Entry, keyTypes, labelObjects, nameIn, normalizeText, objectKey, pathTemplate, type Recorded, sortedKeys, type Via } from "./transcript";

export interface RecorderOptions {
  /** Where the API and the upload API really are: `https://serverless.twilio.com`, or an emulator's URL for both. */
  upstream: { api: string; upload: string };
  /** Requests forwarded at most; later ones are refused. */
  maxRequests: number;
  /** Epoch milliseconds after which every request is refused. */
  deadline: number;
  /** The run's prefix, replaced in messages. */
  prefix: string;
}

/**
 * Headers not forwarded: those of one hop of a connection, not of the request, and
 * `accept-encoding` (answers come back uncompressed, so that the proxy can read them).
 */
const NOT_FORWARDED = new Set(["host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "accept-encoding"]);

function forwardedHeaders(headers: IncomingMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_FORWARDED.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function parseJson(body: string): unknown {
  try {
    return body.trim() === "" ? undefined : JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The answer's entry: status, and for JSON the error code and message or the keys (and a build's status). */
export function entryOf(step: string, via: Via, method: string, rawPath: string, status: number, json: unknown, prefix: string): Entry {
  const entry: Entry = { step, via, method, path: pathTemplate(rawPath), status };
  if (json === undefined || typeof json !== "object" || json === null) return entry;
  const object = json as Record<string, unknown>;
  if (status >= 400) {
    if (typeof object.code === "number") entry.code = object.code;
    if (typeof object.message === "string") entry.message = normalizeText(object.message, prefix);
  }
  entry.keys = sortedKeys(keyTypes(json));
  if (status < 400 && typeof object.status === "string") entry.values = { status: object.status };
  return entry;
}

export class Recorder {
  /** The scenario's step, set by the scenario before each operation; entries carry it. */
  step = "";
  /** Why requests are now refused (the request cap, the deadline), if they are. */
  stopped: string | undefined;
  /** Entries in order, each with the key of the object it concerns and a name for it (labelled by `take`). */
  #entries: Recorded[] = [];
  #requests = 0;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #agent = new Agent({ keepAliveTimeout: 10_000, connections: 2 });
  readonly #servers: Server[] = [];
  #apiUrl = "";
  #uploadUrl = "";

  constructor(readonly options: RecorderOptions) {}

  /** The base URLs to give the provider (`twilio:serverlessBaseUrl`, `twilio:serverlessUploadBaseUrl`). */
  get apiUrl(): string {
    return this.#apiUrl;
  }

  get uploadUrl(): string {
    return this.#uploadUrl;
  }

  /** A client of ours (a change made outside Pulumi, a sweep) whose requests go through this proxy, one at a time. */
  client(target: LiveTarget): TwilioClient {
    const [username, password] = target.authToken ? [target.accountSid, target.authToken] : [target.apiKeySid ?? "", target.apiKeySecret ?? ""];
    return new TwilioClient({ baseUrl: this.apiUrl, uploadBaseUrl: this.uploadUrl, username, password, maxConcurrency: 1 });
  }

  /** Requests forwarded so far. */
  get requests(): number {
    return this.#requests;
  }

  async start(): Promise<void> {
    this.#apiUrl = await this.#listen("api", this.options.upstream.api);
    this.#uploadUrl = await this.#listen("upload", this.options.upstream.upload);
  }

  /** The entries recorded since the last call, in order. */
  take(): Entry[] {
    const entries = this.#entries;
    this.#entries = [];
    return labelObjects(entries, this.options.prefix);
  }

  /** Adds an entry the proxy cannot see: a site request, or the engine's outcome of a step. */
  add(entry: Omit<Entry, "step">): void {
    this.#entries.push({ entry: { step: this.step, ...entry } });
  }

  async close(): Promise<void> {
    await Promise.all(this.#servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    await this.#agent.close();
  }

  async #listen(via: Via, upstream: string): Promise<string> {
    const server = createServer((req, res) => void this.#handle(via, upstream, req, res));
    this.#servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Refuses every request from now on (a run cut short, or a test's model of a crash). */
  stop(reason: string): void {
    this.stopped ??= reason;
  }

  /** Why the next request may not go, if it may not. */
  #refusal(): string | undefined {
    if (this.#requests >= this.options.maxRequests) this.stopped ??= `the run's cap of ${this.options.maxRequests} requests was reached`;
    else if (Date.now() > this.options.deadline) this.stopped ??= "the run's time cap was reached";
    return this.stopped;
  }

  async #handle(via: Via, upstream: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const rawPath = req.url ?? "/";
    // One request upstream at a time: each waits for the one before it to be answered.
    const turn = this.#queue.then(() => this.#forward(via, upstream, method, rawPath, req));
    this.#queue = turn.catch(() => undefined);
    try {
      const { status, headers, body } = await turn;
      res.writeHead(status, headers);
      res.end(body);
    } catch (err) {
      // The upstream could not be reached or hung up: the client sees a dropped connection, as it would have.
      this.#entries.push({ entry: { step: this.step, via, method, path: pathTemplate(rawPath), status: "connection failed", message: (err as Error).message } });
      res.destroy();
    }
  }

  async #forward(via: Via, upstream: string, method: string, rawPath: string, req: IncomingMessage) {
    const refusal = this.#refusal();
    if (refusal) {
      req.resume();
      this.#entries.push({ entry: { step: this.step, via, method, path: pathTemplate(rawPath), status: "refused", message: refusal } });
      const body = JSON.stringify({ code: 0, message: `Refused by the live suite: ${refusal}.`, status: 400 });
      return { status: 400, headers: { "content-type": "application/json" }, body };
    }
    this.#requests += 1;
    const answer = await request(upstream + rawPath, {
      method: method as "GET",
      headers: forwardedHeaders(req.headers),
      body: method === "GET" || method === "HEAD" ? undefined : req,
      dispatcher: this.#agent,
    });
    const body = await answer.body.text();
    const headers: Record<string, string> = {};
    for (const name of ["content-type", "retry-after", "twilio-concurrent-requests"]) {
      const value = answer.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const json = parseJson(body);
    const entry = entryOf(this.step, via, method, rawPath, answer.statusCode, json, this.options.prefix);
    const key = objectKey(method, rawPath, answer.statusCode, (json as { sid?: unknown } | undefined)?.sid);
    this.#entries.push({ entry, key, name: answer.statusCode < 300 ? nameIn(json) : undefined });
    return { status: answer.statusCode, headers, body };
  }
}
