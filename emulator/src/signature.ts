/**
 * X-Twilio-Signature, as twilio-node computes it (serverless-api.md §9):
 * base64(HMAC-SHA1(authToken, url + for each param name in sorted order: name + value)), with
 * array values de-duplicated and sorted. A URL with `bodySHA256` is signed with no params and
 * the body is checked against that hash instead.
 */
import { createHash, createHmac } from "node:crypto";
import { sameSecret } from "./auth";

export type SignatureParams = Record<string, string | string[]>;

export function computeSignature(authToken: string, url: string, params: SignatureParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    if (Array.isArray(value)) {
      for (const v of [...new Set(value)].sort()) data += name + v;
    } else {
      data += name + value;
    }
  }
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64");
}

/**
 * The URL as signed with and without an explicit default port, since clients and Twilio's own
 * back end disagree on it (twilio-node validateRequest tries both).
 */
function portVariants(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const out = new Set([url]);
  const defaultPort = parsed.protocol === "https:" ? "443" : "80";
  parsed.port = "";
  out.add(parsed.href);
  const hostStart = url.indexOf("//") + 2;
  const pathStart = url.indexOf("/", hostStart);
  const authority = pathStart === -1 ? url.slice(hostStart) : url.slice(hostStart, pathStart);
  if (!/:\d+$/.test(authority)) {
    out.add(url.slice(0, hostStart) + authority + ":" + defaultPort + (pathStart === -1 ? "" : url.slice(pathStart)));
  }
  return [...out];
}

/**
 * Whether `signature` is valid for one of `urls` (with the params, or for a `bodySHA256` URL,
 * with the body's hash).
 */
export function signatureMatches(
  authToken: string,
  signature: string | undefined,
  urls: string[],
  params: SignatureParams,
  rawBody: Buffer,
): boolean {
  if (!signature) return false;
  let bodyDigest: string | undefined; // the same body for every URL: hashed once, when first needed
  for (const url of urls) {
    let bodyHash: string | null = null;
    try {
      bodyHash = new URL(url).searchParams.get("bodySHA256");
    } catch {
      continue;
    }
    const signedParams = bodyHash === null ? params : {};
    if (bodyHash !== null && (bodyDigest ??= createHash("sha256").update(rawBody).digest("hex")) !== bodyHash) continue;
    for (const variant of portVariants(url)) {
      if (sameSecret(computeSignature(authToken, variant, signedParams), signature)) return true;
    }
  }
  return false;
}
