/**
 * The `event` a Function gets, as Twilio's runtime builds it (Headers page; its toolkit's
 * runtime handler, `constructEvent`): the query parameters, then the form or JSON body's, over
 * `request: { headers, cookies }`. A repeated parameter is a list. Header names are lower case,
 * a repeated header is a list, and the headers Twilio never passes on are left out.
 */
import type { IncomingMessage } from "node:http";
import { RESTRICTED_REQUEST_HEADERS } from "../facts";
import { requestCookies } from "./cookies";
import type { Headers } from "./protocol";

export class InvalidBody extends Error {}

function restricted(name: string): boolean {
  return RESTRICTED_REQUEST_HEADERS.some((r) => (r.endsWith("-") ? name.startsWith(r) : name === r));
}

/** The request headers a Function sees. */
export function visibleHeaders(rawHeaders: string[]): Headers {
  const out: Headers = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (restricted(name)) continue;
    const value = rawHeaders[i + 1];
    const seen = out[name];
    out[name] = seen === undefined ? value : [seen, value].flat();
  }
  return out;
}

/** Parameters with repeated names as lists (`To=a&To=b` → `{ To: ["a", "b"] }`). */
function paramsOf(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of search) {
    const seen = out[name];
    out[name] = seen === undefined ? value : [seen, value].flat();
  }
  return out;
}

function bodyParams(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return paramsOf(new URLSearchParams(body.toString("utf8")));
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch (err) {
      throw new InvalidBody((err as Error).message);
    }
    // As Express's JSON parser (strict): an object or a list, whose entries join the event.
    if (typeof parsed !== "object" || parsed === null) throw new InvalidBody("a JSON body must be an object or a list");
    return { ...(parsed as Record<string, unknown>) };
  }
  // Other bodies (text, multipart) are not parameters.
  return {};
}

/** The `event` of one request; throws InvalidBody for a JSON body that does not parse. */
export function eventOf(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const query = q === -1 ? {} : paramsOf(new URLSearchParams(url.slice(q + 1)));
  const cookieHeader = req.headers.cookie;
  return {
    request: { headers: visibleHeaders(req.rawHeaders), cookies: requestCookies(cookieHeader) },
    ...query,
    ...bodyParams(req, body),
  };
}
