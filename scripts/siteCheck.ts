/**
 * Fetches every path of a deployed AssetFolder from the emulator and says whether each answer is
 * what Twilio's visibility rules promise: public 200 with the file's bytes; protected 403 without a
 * signature, then 200 with a valid X-Twilio-Signature; private 404. The site's Functions are
 * called the same way, and their answer is shown. Used by `npm run demo` and the engine tests.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { request } from "undici";
import { computeSignature } from "pulumi-twilio-serverless-emulator";
import type { Visibility } from "pulumi-twilio-serverless/limits";

export interface SiteCheckInput {
  /**
   * The emulator's URL (`http://127.0.0.1:PORT`), requests carrying the site's domain as Host; or
   * the site's own (`https://{domainName}`, on Twilio).
   */
  apiUrl: string;
  domainName: string;
  /** Signs the protected requests. */
  authToken: string;
  /** The published folder, to compare served bytes with. */
  siteDir: string;
  /** The AssetFolder's `files` output: served path → visibility and path in the folder. */
  files: Record<string, { visibility: Visibility; file: string }>;
  /** The Functions deployed with the files: served path → visibility. */
  functions?: Record<string, { visibility: Visibility }>;
}

export interface SiteCheck {
  servedPath: string;
  visibility: Visibility;
  signed: boolean;
  expected: number;
  status: number;
  contentType?: string;
  bytes: number;
  /** For a 200: whether the body is the file's content. */
  sameContent?: boolean;
  /** For a Function: what it answered (text, cut at 100 characters). */
  answer?: string;
  /** For a Function that answered JSON: the whole answer, parsed. */
  json?: unknown;
  ok: boolean;
}

async function fetchOnce(input: SiteCheckInput, servedPath: string, signed: boolean) {
  const headers: Record<string, string> = { host: input.domainName };
  if (signed) headers["x-twilio-signature"] = computeSignature(input.authToken, `https://${input.domainName}${servedPath}`, {});
  const res = await request(`${input.apiUrl}${servedPath}`, { headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  const type = res.headers["content-type"];
  const contentType = Array.isArray(type) ? type[0] : type;
  return { status: res.statusCode, contentType, bytes: body.length, sha256: createHash("sha256").update(body).digest("hex"), head: body.toString("utf8", 0, 100), json: jsonOf(contentType, body) };
}

function jsonOf(contentType: string | undefined, body: Buffer): unknown {
  if (!contentType?.includes("json")) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** The requests one path gets, by visibility: [signed, expected status]. */
function attemptsFor(visibility: Visibility): Array<[signed: boolean, expected: number]> {
  return visibility === "public" ? [[false, 200]] : visibility === "protected" ? [[false, 403], [true, 200]] : [[false, 404]];
}

/** One request per public and private path, two per protected one (unsigned, signed); in path order. */
export async function checkSite(input: SiteCheckInput): Promise<SiteCheck[]> {
  const checks: SiteCheck[] = [];
  for (const servedPath of Object.keys(input.files).sort()) {
    const { visibility, file } = input.files[servedPath];
    for (const [signed, expected] of attemptsFor(visibility)) {
      const got = await fetchOnce(input, servedPath, signed);
      const sameContent = got.status === 200 ? got.sha256 === createHash("sha256").update(await readFile(path.join(input.siteDir, file))).digest("hex") : undefined;
      checks.push({
        servedPath,
        visibility,
        signed,
        expected,
        status: got.status,
        contentType: got.contentType,
        bytes: got.bytes,
        sameContent,
        ok: got.status === expected && sameContent !== false,
      });
    }
  }
  for (const servedPath of Object.keys(input.functions ?? {}).sort()) {
    const { visibility } = input.functions![servedPath];
    for (const [signed, expected] of attemptsFor(visibility)) {
      const got = await fetchOnce(input, servedPath, signed);
      const answer = got.head;
      const { status, contentType, bytes, json } = got;
      checks.push({ servedPath, visibility, signed, expected, status, contentType, bytes, answer, json, ok: status === expected });
    }
  }
  return checks;
}

/** `200 public     /images/logo.png   image/png, 3,127 bytes, same as the file`, one line per check. */
export function formatCheck(c: SiteCheck): string {
  const how = c.visibility === "protected" ? (c.signed ? " (signed)" : " (no signature)") : "";
  const detail =
    c.answer !== undefined
      ? `Function's answer, ${c.contentType}: ${c.answer}`
      : c.status !== 200
        ? ""
        : `${c.contentType}, ${c.bytes.toLocaleString("en-US")} bytes${c.sameContent ? ", same as the file" : ", NOT the file's content"}`;
  const verdict = c.ok ? "" : `   <- expected ${c.expected}`;
  return `${c.status} ${c.visibility.padEnd(9)} ${(c.servedPath + how).padEnd(34)} ${detail}${verdict}`.trimEnd();
}
