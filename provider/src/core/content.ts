/**
 * Version content (asset and function versions): where it comes from, its size and SHA-256, and
 * the multipart part that uploads it. Files are always streamed, never read whole into memory.
 *
 * Content arrives either as a local file path (`contentFile`) or as a Pulumi asset in the form the
 * engine sends to providers: `{ "4dabf1…": "c44067…", path | text | uri }`. File paths are
 * resolved against the provider's working directory, which is the program's directory.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { pipeline, type Readable, Transform } from "node:stream";
import * as mime from "mime-types";
import type { UploadPart } from "./client/client";

/** The engine's marker for serialized assets (`@pulumi/pulumi/runtime/rpc.js`). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";

export type ContentSource = { kind: "file"; file: string } | { kind: "text"; text: string };

/** An asset as the engine sends it to a provider, or undefined if it is not a file or string asset. */
export function assetSource(value: unknown): ContentSource | undefined {
  if (!value || typeof value !== "object") return undefined;
  const asset = value as Record<string, unknown>;
  if (asset[SIG_KEY] !== ASSET_SIG) return undefined;
  if (typeof asset.path === "string") return { kind: "file", file: nodePath.resolve(asset.path) };
  if (typeof asset.text === "string") return { kind: "text", text: asset.text };
  return undefined;
}

/** A string asset in the engine's wire form (what `check` keeps for text content). */
export function stringAssetWire(text: string): Record<string, string> {
  return { [SIG_KEY]: ASSET_SIG, text };
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** SHA-256 of a file, streamed. */
export function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    const stream = fs.createReadStream(file);
    stream.on("data", (chunk) => hash.update(chunk));
    stream.on("error", reject);
    stream.on("end", () => resolve(hash.digest("hex")));
  });
}

export function contentSize(source: ContentSource): Promise<number> | number {
  return source.kind === "text" ? Buffer.byteLength(source.text) : fs.promises.stat(source.file).then((s) => s.size);
}

/** The media type Twilio serves the version with: by its URL path, else by its file name, else `fallback`. */
export function contentTypeFor(urlPath: string, file?: string, fallback = "application/octet-stream"): string {
  return mime.lookup(urlPath) || (file ? mime.lookup(file) : false) || fallback;
}

export function uploadFilename(urlPath: string, file?: string): string {
  return nodePath.posix.basename(urlPath) || (file ? nodePath.basename(file) : "") || "content";
}

export interface TrackedUpload {
  part: UploadPart;
  /** SHA-256 of what the last try actually sent (after a successful upload). */
  sentSha256(): string;
}

/**
 * The multipart part for `source`. Every try re-opens the file and hashes it on the way out, so
 * the recorded hash is of the bytes Twilio received, even if the file changed after preview.
 */
export function trackedUpload(source: ContentSource, filename: string, contentType: string, size: number): TrackedUpload {
  if (source.kind === "text") {
    const buffer = Buffer.from(source.text);
    const digest = sha256Hex(buffer);
    return { part: { field: "Content", filename, contentType, size, open: () => buffer }, sentSha256: () => digest };
  }
  let hash = createHash("sha256");
  let digest: string | undefined;
  const open = (): Readable => {
    hash = createHash("sha256");
    digest = undefined;
    const tap = new Transform({
      transform(chunk, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    return pipeline(fs.createReadStream(source.file), tap, () => undefined);
  };
  return {
    part: { field: "Content", filename, contentType, size, open },
    sentSha256: () => (digest ??= hash.digest("hex")),
  };
}
