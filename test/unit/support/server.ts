/**
 * A tiny HTTP server on port 0 for client tests (undici's habit): each test scripts the answers and
 * reads back what arrived.
 */
import busboy from "busboy";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Answer = (req: Received, res: http.ServerResponse, socket: import("node:net").Socket) => void;

export interface TestServer {
  url: string;
  received: Received[];
  /** Answers used in order; the last one repeats. */
  answer(...answers: Answer[]): void;
  /** The next request's connection is reset (TCP RST) once this many bytes of its body have arrived (Infinity: once all have). */
  resetNextBodyAfter(bytes: number): void;
  connections(): number;
  maxInFlight(): number;
  close(): Promise<void>;
}

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };

export const twilioError = (status: number, code: number, message: string, headers: Record<string, string> = {}): Answer =>
  json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);

export const drop: Answer = (_req, _res, socket) => socket.destroy();

export async function startServer(): Promise<TestServer> {
  const received: Received[] = [];
  let answers: Answer[] = [json(200, {})];
  let resetAfter: number | undefined;
  let connections = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    if (resetAfter !== undefined) {
      const limit = resetAfter;
      resetAfter = undefined;
      let seen = 0;
      req.on("data", (c: Buffer) => {
        seen += c.length;
        if (seen >= limit) req.socket.resetAndDestroy();
      });
      req.on("end", () => req.socket.resetAndDestroy());
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
      received.push(r);
      const next = answers.length > 1 ? answers.shift()! : answers[0];
      next(r, res, req.socket);
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer: (...a) => (answers = a),
    resetNextBodyAfter: (bytes) => (resetAfter = bytes),
    connections: () => connections,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface MultipartPart {
  name: string;
  value?: string;
  filename?: string;
  mimeType?: string;
  content?: Buffer;
}

/** Parses a received multipart body. */
export function parseMultipart(r: Received): Promise<MultipartPart[]> {
  return new Promise((resolve, reject) => {
    const parts: MultipartPart[] = [];
    const bb = busboy({ headers: r.headers });
    bb.on("field", (name, value) => parts.push({ name, value }));
    bb.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => parts.push({ name, filename: info.filename, mimeType: info.mimeType, content: Buffer.concat(chunks) }));
    });
    bb.on("close", () => resolve(parts));
    bb.on("error", reject);
    bb.end(r.body);
  });
}
