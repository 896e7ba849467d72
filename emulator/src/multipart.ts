/**
 * The upload endpoints' multipart bodies (fields `Path`, `Visibility` and a `Content` file part,
 * serverless-api.md §5). Content streams through a sha256 and a byte counter into the blob store,
 * so a 25 MB upload is held at most once in memory (in-memory mode) and not at all on disk mode.
 * A body that passes its size cap is cut off without storing anything.
 */
import type { IncomingMessage } from "node:http";
import { createHash } from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import type { BlobStore, BlobWriter } from "./store/blobs";
import { invalid, tooLarge, MESSAGES, type TwilioError } from "./errors";
import { declaredLength } from "./http";

/** Room for the multipart framing and the small fields around the content. */
export const MULTIPART_OVERHEAD = 1024 * 1024;
const FIELD_LIMIT = 64 * 1024;

export interface UploadedContent {
  sha256: string;
  size: number;
  contentType: string;
  /** Unpins the blob; call once the version that names it is committed (or refused). */
  release(): void;
}

export interface Upload {
  fields: Map<string, string>;
  content?: UploadedContent;
}

export interface UploadLimits {
  /** The largest content any visibility allows. */
  maxContent: number;
  /** The content limit for a visibility, or undefined when the value is not a visibility. */
  forVisibility(visibility: string): number | undefined;
}

export function isMultipart(req: IncomingMessage): boolean {
  return (req.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data");
}

interface FileResult {
  writer: BlobWriter;
  sha256: string;
  size: number;
  over: boolean;
  contentType: string;
}

async function receiveFile(
  file: Readable,
  info: busboy.FileInfo,
  writer: BlobWriter,
  limit: number,
): Promise<FileResult> {
  const hash = createHash("sha256");
  let size = 0;
  let over = false;
  // Past the limit, bytes are counted and dropped: the parser keeps going and nothing is stored.
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (over || size > limit) {
        over = true;
        cb();
        return;
      }
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  file.on("limit", () => (over = true));
  await pipeline(file, counter, writer.stream);
  return { writer, sha256: hash.digest("hex"), size, over, contentType: info.mimeType };
}

/**
 * Parses an upload. Resolves with the fields and the stored content (pinned in `blobs`), or
 * rejects with the Twilio error to answer: 400 for a malformed body, 413 for an oversized one.
 */
export function readUpload(req: IncomingMessage, blobs: BlobStore, limits: UploadLimits): Promise<Upload> {
  const hardLimit = limits.maxContent + MULTIPART_OVERHEAD;
  const declared = declaredLength(req);
  if (declared !== undefined && declared > hardLimit) return Promise.reject(tooLarge(MESSAGES.bodyTooLarge(hardLimit)));
  if (!isMultipart(req)) return Promise.reject(invalid(MESSAGES.notMultipart));

  return new Promise<Upload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // busboy reports its limit on reaching it, so it gets one byte more than the largest
        // content; the exact per-visibility check is receiveFile's.
        limits: { fileSize: limits.maxContent + 1, files: 1, fields: 8, parts: 10, fieldSize: FIELD_LIMIT },
      });
    } catch (err) {
      reject(invalid(MESSAGES.malformedMultipart((err as Error).message)));
      return;
    }
    const fields = new Map<string, string>();
    let failure: TwilioError | undefined;
    let file: Promise<FileResult> | undefined;
    let settled = false;
    let received = 0;
    /** The visibility's limit once Visibility has arrived, else the largest. */
    const contentLimit = () => limits.forVisibility(fields.get("Visibility") ?? "") ?? limits.maxContent;

    const fail = (err: TwilioError) => {
      failure ??= err;
    };
    const finish = () => settle().catch((err: Error) => reject(err));
    const settle = async () => {
      if (settled) return;
      settled = true;
      const result = await file?.catch((err: Error) => {
        fail(invalid(MESSAGES.malformedMultipart(err.message)));
        return undefined;
      });
      const visibilityLimit = contentLimit();
      if (result && !failure && (result.over || result.size > visibilityLimit)) {
        fail(tooLarge(MESSAGES.contentTooLarge(fields.get("Visibility") ?? "any", visibilityLimit)));
      }
      if (failure || !result) {
        result?.writer.abort();
        if (failure) reject(failure);
        else resolve({ fields });
        return;
      }
      blobs.pin(result.sha256);
      try {
        await result.writer.finish(result.sha256);
      } catch (err) {
        blobs.unpin(result.sha256);
        reject(err);
        return;
      }
      let released = false;
      resolve({
        fields,
        content: {
          sha256: result.sha256,
          size: result.size,
          contentType: result.contentType,
          release: () => {
            if (!released) blobs.unpin(result.sha256);
            released = true;
          },
        },
      });
    };

    parser.on("field", (name, value, info) => {
      if (name === "Content") fail(invalid(MESSAGES.contentNotAFile));
      if (info.valueTruncated) fail(tooLarge(MESSAGES.bodyTooLarge(FIELD_LIMIT)));
      if (!fields.has(name)) fields.set(name, value);
    });
    parser.on("file", (name, stream, info) => {
      if (name !== "Content" || file) {
        stream.resume();
        return;
      }
      // The limit while receiving is the visibility's when Visibility came first; settle checks again.
      file = receiveFile(stream, info, blobs.writer(declared), contentLimit());
    });
    const tooMany = () => fail(invalid(MESSAGES.tooManyParts));
    parser.on("filesLimit", tooMany);
    parser.on("fieldsLimit", tooMany);
    parser.on("partsLimit", tooMany);
    parser.on("error", (err: Error) => {
      fail(invalid(MESSAGES.malformedMultipart(err.message)));
      req.unpipe(parser);
      req.resume();
      void finish();
    });
    parser.on("close", () => void finish());
    req.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > hardLimit && !settled) {
        // A chunked body past the cap: stop parsing; the answer closes the connection.
        fail(tooLarge(MESSAGES.bodyTooLarge(hardLimit)));
        req.unpipe(parser);
        parser.destroy();
        void finish();
      }
    });
    req.on("error", (err) => {
      fail(invalid(MESSAGES.malformedMultipart(err.message)));
      void finish();
    });
    req.on("aborted", () => {
      fail(invalid(MESSAGES.malformedMultipart("the request was aborted")));
      parser.destroy();
      void finish();
    });
    req.pipe(parser);
  });
}
