/**
 * HTTP Basic auth as Twilio takes it (serverless-api.md §1): Account SID + Auth Token, or API Key
 * SID (SK…) + secret. Anything else is 401 with code 20003.
 */
import type { IncomingHttpHeaders } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { unauthorized } from "./errors";

export interface Credentials {
  accountSid: string;
  authToken: string;
  apiKeySid: string;
  apiKeySecret: string;
}

/** Compares a secret in constant time (for strings of the same length). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Throws the 401 unless the request carries one of the accepted username/password pairs. */
export function authenticate(headers: IncomingHttpHeaders, creds: Credentials): void {
  const header = headers.authorization ?? "";
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) throw unauthorized();
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) throw unauthorized();
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const ok =
    (sameSecret(user, creds.accountSid) && sameSecret(password, creds.authToken)) ||
    (sameSecret(user, creds.apiKeySid) && sameSecret(password, creds.apiKeySecret));
  if (!ok) throw unauthorized();
}
