/**
 * Serving deployed environments, as Twilio's runtime does at `https://{domain_name}/…`
 * (serverless-api.md §10): a request whose Host is an environment's domain (or
 * `{domain without .twil.io}.localhost`, for a browser on this machine) is answered from the
 * build the environment serves.
 *   public     200 with the uploaded bytes and Content-Type
 *   protected  403 unless X-Twilio-Signature is valid (signature.ts), then 200
 *   private    404 (never served)
 *   functions  run, as Twilio's runtime runs them (functions/host.ts, loaded on first use)
 * `/` serves the asset at `/`, else `/assets/index.html`. Paths outside the build, and any that
 * try to leave it (`..`, encoded slashes), are 404.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import mime from "mime-types";
import type { App } from "./context";
import { ROOT_ASSET_PATHS, TWIL_IO } from "./facts";
import { SITE_TEXT } from "./errors";
import { readBody, sendText } from "./http";
import { formParams } from "./forms";
import { signatureMatches } from "./signature";
import type { BuildRec, EnvironmentRec, VersionRec } from "./store/records";

const LOCALHOST = ".localhost";
const SITE_BODY_LIMIT = 1024 * 1024;
const SITE_METHODS = ["GET", "HEAD", "POST", "OPTIONS"];
/** The Functions gateway's methods (serverless-api.md §10, the request-flow page). */
const FUNCTION_METHODS = ["GET", "POST", "OPTIONS"];

/** The host name of a Host header, lower case, without the port. */
function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colon = h.lastIndexOf(":");
  return colon === -1 ? h : h.slice(0, colon);
}

/**
 * The domain a site request is for: `x.twil.io` as is, `x.localhost` as `x.twil.io`; undefined
 * for any other host, which is the API's.
 */
export function siteDomain(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = hostName(host);
  if (name.endsWith(TWIL_IO) && name.length > TWIL_IO.length) return name;
  if (name.endsWith(LOCALHOST) && name.length > LOCALHOST.length) return name.slice(0, -LOCALHOST.length) + TWIL_IO;
  return undefined;
}

/** `http://{domain without .twil.io}.localhost:PORT`, the browser-openable address of a domain. */
export function localSiteUrl(domainName: string, port: number): string {
  const label = domainName.toLowerCase().endsWith(TWIL_IO) ? domainName.slice(0, -TWIL_IO.length) : domainName;
  return `http://${label.toLowerCase()}${LOCALHOST}:${port}`;
}

/** The request path inside the build, or undefined when it is malformed or tries to escape. */
export function sitePath(rawUrl: string): string | undefined {
  const rawPath = rawUrl.split("?")[0];
  if (!rawPath.startsWith("/") || /%2f|%5c|\\/i.test(rawPath)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0") || decoded.split("/").some((segment) => segment === ".." || segment === ".")) return undefined;
  return decoded;
}

function contentTypeOf(v: VersionRec): string {
  if (v.contentType && v.contentType !== "application/octet-stream") return v.contentType;
  return mime.lookup(v.path) || "application/octet-stream";
}

function findInBuild(build: BuildRec, path: string): { version: VersionRec; isFunction: boolean } | undefined {
  const fn = build.functionVersions.find((v) => v.path === path);
  if (fn) return { version: fn, isFunction: true };
  for (const candidate of path === "/" ? ROOT_ASSET_PATHS : [path]) {
    const asset = build.assetVersions.find((v) => v.path === candidate);
    if (asset) return { version: asset, isFunction: false };
  }
  return undefined;
}

/** Whether a request to a protected path carries a signature Twilio's back end could have made. */
function signed(app: App, env: EnvironmentRec, req: IncomingMessage, body: Buffer): boolean {
  const url = req.url ?? "/";
  const urls = [`https://${env.domainName}${url}`, `http://${req.headers.host}${url}`, `https://${req.headers.host}${url}`];
  if (app.selfUrl) urls.push(app.selfUrl + url);
  const header = req.headers["x-twilio-signature"];
  return signatureMatches(app.creds.authToken, Array.isArray(header) ? header[0] : header, urls, formParams(req, body).toRecord(), body);
}

export async function serveSite(app: App, domain: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  if (!SITE_METHODS.includes(method)) {
    sendText(res, 405, SITE_TEXT.methodNotAllowed, { Allow: SITE_METHODS.join(", ") });
    return;
  }
  if (method === "OPTIONS") {
    // Runtime answers preflights itself, allowing any origin and any header (Headers page, "Limitations").
    res.writeHead(204, {
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Methods": SITE_METHODS.join(", "),
      "Access-Control-Allow-Headers": "*",
    });
    res.end();
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, SITE_BODY_LIMIT);
  } catch {
    sendText(res, 413, SITE_TEXT.tooLarge, { Connection: "close" });
    return;
  }
  const env = app.store.find("environments", (e) => e.domainName === domain);
  if (!env) return sendText(res, 404, SITE_TEXT.notFound);
  const build = env.buildSid ? app.store.get("builds", env.buildSid) : undefined;
  if (!build) return sendText(res, 404, SITE_TEXT.notDeployed);
  const path = sitePath(req.url ?? "/");
  const found = path === undefined ? undefined : findInBuild(build, path);
  if (!found || found.version.visibility === "private") return sendText(res, 404, SITE_TEXT.notFound);
  const { version, isFunction } = found;
  if (version.visibility === "protected" && !signed(app, env, req, body)) return sendText(res, 403, SITE_TEXT.forbidden);
  // "GET requests to functions that include a body are rejected with a 403" (serverless-api.md §11).
  if (isFunction && method === "GET" && body.length > 0) return sendText(res, 403, SITE_TEXT.getWithBody);
  if (isFunction) {
    if (!FUNCTION_METHODS.includes(method)) return sendText(res, 405, SITE_TEXT.functionMethodNotAllowed, { Allow: FUNCTION_METHODS.join(", ") });
    const { runFunction } = await import("./functions/host");
    return runFunction(app, env, build, version, req, body, res);
  }
  res.writeHead(200, {
    "Content-Type": contentTypeOf(version),
    "Content-Length": version.size,
    ETag: `"${version.sha256.slice(0, 32)}"`,
    "Access-Control-Allow-Origin": "*",
  });
  if (method === "HEAD") {
    res.end();
    return;
  }
  await pipeline(app.blobs.open(version.sha256), res);
}
