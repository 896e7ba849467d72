/**
 * `check` for what asset and function versions share: the URL path and the content (exactly one
 * of `content` and `contentFile`; the file exists, is a regular file, and is within the size limit
 * for the visibility). The content's size and SHA-256 are computed here, streaming, so they are
 * known at preview and a changed file shows up as a replacement. `uploadVersion` is the upload
 * they share with each file of an AssetBundle.
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import type { UploadPart } from "../client/client";
import {
  assetSource,
  type ContentSource,
  contentSize,
  contentTypeFor,
  hashFile,
  sha256Hex,
  stringAssetWire,
  trackedUpload,
  uploadFilename,
} from "../content";
import { isVisibility, MAX_VERSION_BYTES, normalizePath, pathProblem, type Visibility, VISIBILITIES } from "../limits";
import * as messages from "../messages";
import { reportWarning } from "../progress";
import { type Checker, isUnknown, UNKNOWN } from "./validation";

export interface CheckedVersion {
  path?: string;
  visibility?: Visibility;
  size?: number | string;
  contentSha256?: string;
  contentType?: string;
  contentFile?: string;
  content?: unknown;
}

function checkPath(c: Checker): string | undefined {
  const path = c.string("path", true);
  if (path === undefined || path === UNKNOWN) return path;
  const problem = pathProblem(path);
  if (problem) c.fail("path", path, problem);
  return normalizePath(path);
}

/** Size and hash of a file, or a failure naming the field, the file and the limit. */
async function inspectFile(c: Checker, field: string, file: string, limit: number | undefined, visibility?: string) {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    c.fail(field, file, code === "ENOENT" ? messages.problems.fileMissing() : messages.problems.unreadable(String(code)));
    return undefined;
  }
  if (!stat.isFile()) {
    c.fail(field, file, messages.problems.notAFile());
    return undefined;
  }
  if (limit !== undefined && stat.size > limit) {
    c.fail(field, file, messages.problems.fileTooLarge(stat.size, limit, String(visibility)));
    return undefined;
  }
  try {
    return { size: stat.size, contentSha256: await hashFile(file) };
  } catch (err) {
    c.fail(field, file, messages.problems.unreadable((err as Error).message));
    return undefined;
  }
}

async function checkContent(c: Checker, visibility: Visibility | undefined): Promise<CheckedVersion> {
  const asset = c.value("content");
  const file = c.value("contentFile");
  if ((asset === undefined) === (file === undefined)) {
    c.failRule(asset === undefined ? "contentFile" : "content", messages.problems.contentChoice());
    return {};
  }
  if (isUnknown(asset) || isUnknown(file)) {
    return { size: UNKNOWN, contentSha256: UNKNOWN, contentFile: isUnknown(file) ? UNKNOWN : undefined };
  }
  const limit = isVisibility(visibility) ? MAX_VERSION_BYTES[visibility] : undefined;
  let source: ContentSource | undefined;
  let field = "contentFile";
  if (file !== undefined) {
    if (typeof file !== "string" || file === "") {
      c.fail(field, file, messages.problems.notString());
      return {};
    }
    source = { kind: "file", file: nodePath.resolve(file) };
  } else {
    field = "content";
    source = assetSource(asset);
    if (!source) {
      const shown = (asset as { uri?: unknown })?.uri ?? asset;
      c.fail(field, shown, messages.problems.unsupportedAsset());
      return {};
    }
  }
  if (source.kind === "text") {
    const size = Buffer.byteLength(source.text);
    if (limit !== undefined && size > limit) c.fail(field, "(text)", messages.problems.fileTooLarge(size, limit, String(visibility)));
    return { size, contentSha256: sha256Hex(source.text), content: stringAssetWire(source.text) };
  }
  const facts = await inspectFile(c, field, source.file, limit, visibility);
  return { ...facts, contentFile: source.file };
}

/** Checks path, visibility and content; the result holds the normalized values for the inputs. */
export async function checkVersion(c: Checker, defaultContentType: string): Promise<CheckedVersion> {
  const path = checkPath(c);
  const visibility = c.oneOf("visibility", VISIBILITIES, true);
  const content = await checkContent(c, visibility);
  const contentType = path === UNKNOWN ? UNKNOWN : path === undefined ? undefined : contentTypeFor(path, content.contentFile, defaultContentType);
  return { path, visibility, ...content, contentType };
}

/** What `uploadVersion` needs of checked inputs. */
export interface VersionToUpload {
  path: string;
  contentType: string;
  /** The hash `check` computed, to warn when the file changed since. */
  contentSha256: string;
  contentFile?: string;
}

/**
 * Uploads `source` with `send` (the Twilio call for this kind of version). The size is taken and
 * the hash computed from the bytes actually sent, so the outputs record what Twilio received,
 * with a warning when the file changed after `check`.
 */
export async function uploadVersion<R>(
  kind: string,
  source: ContentSource,
  version: VersionToUpload,
  send: (part: UploadPart) => Promise<R>,
): Promise<{ record: R; size: number; contentSha256: string }> {
  const size = await contentSize(source);
  const tracked = trackedUpload(source, uploadFilename(version.path, version.contentFile), version.contentType, size);
  const record = await send(tracked.part);
  const contentSha256 = tracked.sentSha256();
  if (contentSha256 !== version.contentSha256) {
    reportWarning(messages.contentChangedDuringUpload(kind, version.path, version.contentSha256, contentSha256));
  }
  return { record, size, contentSha256 };
}
