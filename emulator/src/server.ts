/**
 * The HTTP front door. Each request is a site request (its Host is an environment's domain,
 * site.ts) or an API request, which goes: latency → the account's concurrency limit → fault
 * injection → Basic auth → route → for a write, the write gate of interruption tests
 * (writeGate.ts) → handler. Whatever a handler throws becomes Twilio's error body; nothing a
 * client sends can crash the process.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { App, Ctx, Reply } from "./context";
import { authenticate } from "./auth";
import {
  CODES,
  internalError,
  MESSAGES,
  methodNotAllowed,
  notFound,
  tooManyConcurrentRequests,
  tooManyRequests,
  TwilioError,
  unavailable,
} from "./errors";
import { Params, readForm } from "./forms";
import { apiHeaders, discardBody, sendError, sendJson, sendText, sleep } from "./http";
import { match } from "./router";
import { serveSite, siteDomain } from "./site";

function splitUrl(rawUrl: string): { pathname: string; search: string } {
  const q = rawUrl.indexOf("?");
  return q === -1 ? { pathname: rawUrl, search: "" } : { pathname: rawUrl.slice(0, q), search: rawUrl.slice(q + 1) };
}

/** Scheme and host the request came in on: the base of every URL in the response. */
function requestBase(app: App, req: IncomingMessage): string {
  const proto = req.headers["x-forwarded-proto"] === "https" ? "https" : "http";
  const host = req.headers.host;
  return host ? `${proto}://${host}` : app.selfUrl;
}

async function handleApi(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  const { pathname, search } = splitUrl(req.url ?? "/");
  if (method === "OPTIONS") {
    // CORS preflight: answered without credentials, as browsers send none.
    res.writeHead(204, apiHeaders());
    res.end();
    return;
  }
  // Counted from arrival, so requests still in their latency count too: what Twilio's gateway sees.
  if (app.apiInFlight > app.maxConcurrentRequests) {
    app.stats.concurrencyRefusals += 1;
    throw tooManyConcurrentRequests();
  }
  const fault = app.faults.pick();
  if (fault) app.stats.faults[fault] += 1;
  if (fault === "drop") {
    req.socket.destroy();
    return;
  }
  if (fault === "429") throw tooManyRequests(app.faults.retryAfterSeconds);
  if (fault === "500") throw internalError();
  if (fault === "503") throw unavailable();
  if (fault === "lost") {
    // Applied, then the answer (whatever it is) never arrives: the client cannot tell it was applied.
    await apply(app, req, method, pathname, search).catch(() => undefined);
    req.socket.destroy();
    return;
  }
  const reply = await apply(app, req, method, pathname, search);
  if (reply) sendJson(res, reply.status, reply.body);
}

/** Auth, route and handler: what a request does to the emulator's state. Undefined for a held write whose client left. */
async function apply(app: App, req: IncomingMessage, method: string, pathname: string, search: string): Promise<Reply | undefined> {
  authenticate(req.headers, app.creds);
  const found = match(method, pathname);
  if (found.kind === "none") throw notFound(pathname);
  if (found.kind === "method") throw methodNotAllowed(method, pathname, found.allowed);

  const { route, params } = found;
  const write = method === "POST" || method === "DELETE";
  const gate = write ? app.writeGate : undefined;
  if (gate && !(await gate.admit(req))) return undefined;
  app.stats.byOperation[route.operationId] = (app.stats.byOperation[route.operationId] ?? 0) + 1;
  if (write) app.stats.writes += 1;
  let form: Promise<Params> | undefined;
  const ctx: Ctx = {
    app,
    req,
    path: pathname,
    params,
    query: Params.fromSearch(new URLSearchParams(search)),
    base: requestBase(app, req),
    form: () => (form ??= readForm(req)),
  };
  let reply: Reply;
  try {
    reply = await route.handler(ctx);
  } finally {
    await gate?.applied();
  }
  return reply;
}

/** The error of a request whose client went away: mid-body (`aborted`) or mid-answer. */
function clientGone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === "ECONNRESET" || code === "ERR_STREAM_PREMATURE_CLOSE";
}

function answerError(app: App, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  // Nobody is left to answer, and it is not the emulator's failure.
  if (clientGone(err)) return;
  let error: TwilioError;
  if (err instanceof TwilioError) {
    error = err;
  } else {
    app.log(`internal error on ${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`);
    error = internalError();
  }
  // An unread body is drained so the client can read the answer; a too-large one is cut off.
  const cutOff = error.status === 413;
  if (!cutOff) discardBody(req);
  sendError(res, error, cutOff && !req.readableEnded);
}

/** An API request is in flight until its answer ends; every answer says how many are (as Twilio's do). */
function countInFlight(app: App, res: ServerResponse): void {
  app.apiInFlight += 1;
  app.stats.peakConcurrentRequests = Math.max(app.stats.peakConcurrentRequests, app.apiInFlight);
  res.setHeader("Twilio-Concurrent-Requests", String(app.apiInFlight));
  res.once("close", () => (app.apiInFlight -= 1));
}

export function requestHandler(app: App): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    app.stats.requests += 1;
    req.on("error", () => undefined);
    res.on("error", () => undefined);
    const domain = siteDomain(req.headers.host);
    if (domain === undefined) countInFlight(app, res);
    void (async () => {
      await sleep(app.latencyMs);
      if (domain !== undefined) {
        try {
          await serveSite(app, domain, req, res);
        } catch (err) {
          if (!clientGone(err)) {
            app.log(`site error on ${req.method} ${req.headers.host}${req.url}: ${(err as Error)?.message}`);
          }
          if (!res.headersSent) sendText(res, 500, "Internal Server Error");
          else res.destroy();
        }
        return;
      }
      try {
        await handleApi(app, req, res);
      } catch (err) {
        answerError(app, req, res, err);
      }
    })();
  };
}

/** A request line or header Node cannot parse: answer 400 in Twilio's shape and hang up. */
export function onClientError(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  const body = JSON.stringify(new TwilioError(status, CODES.invalidParameter, MESSAGES.malformedRequest(err.code ?? err.message)).toJSON());
  const headers = {
    ...apiHeaders(),
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    Connection: "close",
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join("")}\r\n${body}`);
}
