/**
 * The start of a version's content, for the rules that look inside files. A preview runs on the
 * machine that has the files, so the policy reads `contentFile` (recorded by the provider's
 * `check`) itself; text content, when the inputs carry it, is used as is. Only the head is ever
 * read, however large the file.
 */
import { open } from "node:fs/promises";
import { knownRawValue, knownString } from "./resources";

/** Up to `bytes` bytes from the start of a file; undefined when it cannot be read (moved, no access). */
export async function readHead(file: string, bytes: number): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(file, "r");
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/**
 * The head of a version's content: from `contentFile`, else from `content` when it is text (a
 * string, or a Pulumi StringAsset, whose `text` is a Promise). File assets are not read here: the
 * provider's `check` turns them into `contentFile`.
 */
export async function contentHead(props: Record<string, unknown>, bytes: number): Promise<Buffer | undefined> {
  const file = knownString(props, "contentFile");
  if (file) return readHead(file, bytes);
  const text = await contentText(knownRawValue(props, "content"));
  return text === undefined ? undefined : Buffer.from(text, "utf8").subarray(0, bytes);
}

async function contentText(content: unknown): Promise<string | undefined> {
  if (typeof content === "string") return content;
  if (typeof content !== "object" || content === null || !("text" in content)) return undefined;
  try {
    const text: unknown = await (content as { text: unknown }).text;
    return typeof text === "string" ? text : undefined;
  } catch {
    return undefined;
  }
}

const SIGNATURES: { kind: string; test: (b: Buffer) => boolean }[] = [
  { kind: "a PNG image", test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { kind: "a JPEG image", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { kind: "a GIF image", test: (b) => b.subarray(0, 4).toString("latin1") === "GIF8" },
  { kind: "a WebP image", test: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP" },
  { kind: "a PDF document", test: (b) => b.subarray(0, 5).toString("latin1") === "%PDF-" },
  { kind: "a ZIP archive", test: (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04 },
  { kind: "gzip data", test: (b) => b[0] === 0x1f && b[1] === 0x8b },
];

/** What binary content this is ("a PNG image"), or undefined when it may be text. */
export function binaryKind(head: Buffer): string | undefined {
  for (const { kind, test } of SIGNATURES) if (test(head)) return kind;
  return head.includes(0) ? "binary data" : undefined;
}

/** The media type without parameters, lower case: "text/html; charset=utf-8" → "text/html". */
export function baseMediaType(contentType: string): string {
  return contentType.split(";")[0].trim().toLowerCase();
}
