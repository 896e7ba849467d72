/**
 * Response writing and bounded body reading, shared by the API and the site server.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { TwilioError, tooLarge, MESSAGES } from "./errors";
import { newSid, PREFIX } from "./sids";

/** Headers Twilio sends with every API response (serverless-api.md §1). */
const API_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "Accept, Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since",
  "Access-Control-Expose-Headers": "ETag",
};

export function apiHeaders(): Record<string, string> {
  return { ...API_HEADERS, "Twilio-Request-Id": newSid(PREFIX.request) };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = { ...apiHeaders(), ...extra };
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  headers["Content-Type"] = "application/json; charset=utf-8";
  headers["Content-Length"] = Buffer.byteLength(text);
  res.writeHead(status, headers);
  res.end(text);
}

export function sendError(res: ServerResponse, err: TwilioError, closeConnection = false): void {
  sendJson(res, err.status, err.toJSON(), closeConnection ? { ...err.headers, Connection: "close" } : err.headers);
}

export function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...extra });
  res.end(text);
}

/** The request's declared body length, or undefined when it is chunked or absent. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers["content-length"];
  if (header === undefined) return undefined;
  const n = Number(header);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Reads the whole body, refusing (413) anything over `limit` bytes: by Content-Length before
 * reading, or as soon as a chunked body passes the limit.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) throw tooLarge(MESSAGES.bodyTooLarge(limit));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(MESSAGES.bodyTooLarge(limit));
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * After an early answer, lets the rest of a (bounded) request body arrive and be discarded so
 * the client can read the answer; a body over `limit` gets the connection closed instead.
 */
export function discardBody(req: IncomingMessage, limit = 64 * 1024 * 1024): void {
  if (req.readableEnded || req.destroyed) return;
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) req.destroy();
  });
  req.on("error", () => undefined);
  req.resume();
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
