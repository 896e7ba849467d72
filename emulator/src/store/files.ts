/**
 * Durable file primitives: a write is acknowledged only once fsync says it is on disk, and a
 * file appears under its final name only when it is complete (temp file, fsync, rename, fsync
 * of the directory).
 */
import { promises as fsp } from "node:fs";
import { dirname, join } from "node:path";
import { randomBytes } from "node:crypto";

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function writeAll(fh: fsp.FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await fh.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

/** Replaces `path` with `data` atomically: readers see the old file or the new one, never a mix. */
export async function writeFileAtomic(path: string, data: string | Buffer, mode = 0o644): Promise<void> {
  const tmp = join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp`);
  const fh = await fsp.open(tmp, "w", mode);
  try {
    await writeAll(fh, typeof data === "string" ? Buffer.from(data) : data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, path);
  await fsyncDir(dirname(path));
}

export async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await fsp.readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}
