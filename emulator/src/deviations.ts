/**
 * Deliberate deviations from Twilio: answers the emulator changes on purpose, so that a parity
 * check (the live suite's `--compare`, test/live/) can be shown to find them. Never on unless
 * asked for (`startEmulator({ deviations })`); each one rewrites the answer to matching requests
 * after the emulator has made it, so nothing else about the request changes (state, stats).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { siteDomain } from "./site";

export interface Deviation {
  /** The request's method, e.g. `POST`. */
  method: string;
  /** Its path without the query; `*` stands for one segment: `/v1/Services/*\/Builds`. */
  path: string;
  /** Whether it is a request to a deployed site (its Host is an environment's domain) rather than the API. */
  site?: boolean;
  /** Only when the emulator's answer has this status (e.g. 404, for "an error answered 200"). */
  whenStatus?: number;
  /** Answer with this status instead. */
  status?: number;
  /** In a JSON error body, this Twilio error code instead of the emulator's. */
  code?: number;
  /** In a JSON object body, one more key (its value a string). */
  addKey?: string;
  /** Only the first this many matching answers (default: all). */
  times?: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function pathPattern(path: string): RegExp {
  const segments = path.split("/").map((s) => (s === "*" ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^${segments.join("/")}$`);
}

/** The emulator's answer, changed as the deviation says. */
function deviate(d: Deviation, status: number, body: Buffer): { status: number; body: Buffer } {
  let text = body;
  if (d.code !== undefined || d.addKey !== undefined) {
    try {
      const json = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
      if (d.code !== undefined && typeof json.code === "number") json.code = d.code;
      if (d.addKey !== undefined) json[d.addKey] = "deviation";
      text = Buffer.from(JSON.stringify(json));
    } catch {
      // Not JSON: the body stays as it is.
    }
  }
  return { status: d.status ?? status, body: text };
}

/**
 * Wraps the emulator's request handler: the answer to a request that a deviation matches is held
 * until it ends, then changed and sent (with its Content-Length fixed). Others pass untouched.
 */
export function withDeviations(handler: Handler, deviations: readonly Deviation[] | undefined): Handler {
  if (!deviations?.length) return handler;
  const rules = deviations.map((d) => ({ d, pattern: pathPattern(d.path), left: d.times ?? Infinity }));
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const site = siteDomain(req.headers.host) !== undefined;
    const rule = rules.find(({ d, pattern, left }) => left > 0 && d.method === req.method && !!d.site === site && pattern.test(path));
    if (!rule) return handler(req, res);
    let status = 200;
    let headers: Record<string, unknown> = {};
    const chunks: Buffer[] = [];
    const writeHead = res.writeHead.bind(res);
    const end = res.end.bind(res);
    const asBuffer = (chunk: unknown) => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    res.writeHead = ((code: number, ...rest: unknown[]) => {
      status = code;
      const given = rest.find((r) => typeof r === "object" && r !== null);
      if (given) headers = { ...(given as Record<string, unknown>) };
      return res;
    }) as typeof res.writeHead;
    res.write = ((chunk: unknown) => {
      chunks.push(asBuffer(chunk));
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown) => {
      if (chunk !== undefined && typeof chunk !== "function") chunks.push(asBuffer(chunk));
      const body = Buffer.concat(chunks);
      const applies = rule.left > 0 && (rule.d.whenStatus === undefined || rule.d.whenStatus === status);
      if (applies) rule.left -= 1;
      const answer = applies ? deviate(rule.d, status, body) : { status, body };
      for (const name of Object.keys(headers)) if (name.toLowerCase() === "content-length") delete headers[name];
      writeHead(answer.status, { ...headers, "Content-Length": answer.body.length } as Record<string, string | number>);
      return end(answer.body);
    }) as typeof res.end;
    handler(req, res);
  };
}
