/**
 * Cookies as Twilio's runtime handles them (Headers page, "Accessing headers and cookies" and
 * "Limitations", "Cookies"): a request's cookies reach the Function as `event.request.cookies`
 * (name → value); the cookies a Function sets get `HttpOnly` and `Secure` added, lose any Domain
 * (the browser then binds them to the Function's own domain), and may not live longer than 24
 * hours (the answer is then a 400).
 */
import { parse, parseSetCookie, stringifySetCookie } from "cookie";
import { COOKIE_MAX_AGE_SECONDS } from "../facts";

/** `Cookie: a=1; b=2` → `{ a: "1", b: "2" }` (values decoded, as Express's cookie-parser does). */
export function requestCookies(header: string | undefined): Record<string, string> {
  if (!header) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parse(header))) if (value !== undefined) out[name] = value;
  return out;
}

/** One Set-Cookie value as Runtime sends it, or the reason it is refused. */
export function runtimeSetCookie(value: string, now = Date.now()): { value: string } | { refused: string } {
  // Values are kept as the Function wrote them: no decoding or re-encoding on the way through.
  const cookie = parseSetCookie(value, { decode: (v) => v });
  const lifetime = cookie.maxAge ?? (cookie.expires ? (cookie.expires.getTime() - now) / 1000 : undefined);
  if (lifetime !== undefined && lifetime > COOKIE_MAX_AGE_SECONDS) return { refused: cookie.name };
  const { domain: _ignored, ...kept } = cookie;
  return { value: stringifySetCookie({ ...kept, httpOnly: true, secure: true }, { encode: (v) => v }) };
}
