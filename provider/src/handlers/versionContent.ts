/**
 * `check` for what asset and function versions share: the URL path and the content (exactly one
 * of `content` and `contentFile`; the file exists, is a regular file, and is within the size limit
 * for the visibility). The content's size and SHA-256 are computed here, streaming, so they are
 * known at preview and a changed file shows up as a replacement.
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { assetSource, type ContentSource, contentTypeFor, hashFile, sha256Hex, stringAssetWire } from "../content";
import { isVisibility, MAX_VERSION_BYTES, normalizePath, pathProblem, type Visibility, VISIBILITIES } from "../limits";
import * as messages from "../messages";
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
