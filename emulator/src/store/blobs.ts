/**
 * Uploaded content, stored once per sha256 (two versions with the same bytes share a blob).
 * In memory: one Buffer per blob. On disk: `blobs/ab/<sha256>`, written to `tmp/` first and
 * renamed into place only when complete and fsynced, so a blob file is never half-written.
 */
import { createReadStream, createWriteStream, promises as fsp, type WriteStream } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { PassThrough, Writable, type Readable } from "node:stream";
import { fsyncDir } from "./files";

export interface BlobWriter {
  /** Where the content goes; the caller ends it (honouring backpressure). */
  readonly stream: Writable;
  /** Stores what was written, which hashed to `sha256`; durable once this resolves. */
  finish(sha256: string): Promise<void>;
  /** Throws away what was written. */
  abort(): void;
}

export interface BlobStore {
  /** `sizeHint`: the most bytes that will be written (the request's length), when known. */
  writer(sizeHint?: number): BlobWriter;
  read(sha256: string): Promise<Buffer>;
  open(sha256: string): Readable;
  /** Keeps a blob alive between its upload and the commit of the version that names it. */
  pin(sha256: string): void;
  unpin(sha256: string): void;
  /**
   * Deletes every blob that is neither in `keep()` nor pinned; returns how many went. `keep` is
   * called when the collection starts, so it sees every commit made before.
   */
  collect(keep: () => Set<string>): Promise<number>;
}

/** Larger hints are not trusted with an allocation up front. */
const MAX_PREALLOCATION = 64 * 1024 * 1024;

abstract class PinningStore {
  private pins = new Map<string, number>();

  pin(sha256: string): void {
    this.pins.set(sha256, (this.pins.get(sha256) ?? 0) + 1);
  }

  unpin(sha256: string): void {
    const n = (this.pins.get(sha256) ?? 1) - 1;
    if (n <= 0) this.pins.delete(sha256);
    else this.pins.set(sha256, n);
  }

  protected pinned(sha256: string): boolean {
    return this.pins.has(sha256);
  }
}

export class MemoryBlobStore extends PinningStore implements BlobStore {
  private blobs = new Map<string, Buffer>();

  writer(sizeHint?: number): BlobWriter {
    // With a size hint the content is copied once into one buffer, instead of being kept in
    // chunks and concatenated (which briefly holds it twice).
    let buffer = sizeHint !== undefined && sizeHint <= MAX_PREALLOCATION ? Buffer.allocUnsafe(sizeHint) : undefined;
    let written = 0;
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (buffer && written + chunk.length <= buffer.length) {
          chunk.copy(buffer, written);
        } else {
          if (buffer) chunks.push(buffer.subarray(0, written));
          buffer = undefined;
          chunks.push(chunk);
        }
        written += chunk.length;
        cb();
      },
    });
    return {
      stream,
      finish: async (sha256) => {
        if (!this.blobs.has(sha256)) this.blobs.set(sha256, buffer ? buffer.subarray(0, written) : Buffer.concat(chunks));
        chunks.length = 0;
        buffer = undefined;
      },
      abort: () => {
        chunks.length = 0;
        buffer = undefined;
        stream.destroy();
      },
    };
  }

  async read(sha256: string): Promise<Buffer> {
    const blob = this.blobs.get(sha256);
    if (!blob) throw new Error(`blob ${sha256} is missing`);
    return blob;
  }

  open(sha256: string): Readable {
    const blob = this.blobs.get(sha256);
    const out = new PassThrough();
    if (blob) out.end(blob);
    else out.destroy(new Error(`blob ${sha256} is missing`));
    return out;
  }

  async collect(keep: () => Set<string>): Promise<number> {
    const referenced = keep();
    let n = 0;
    for (const sha of [...this.blobs.keys()]) {
      if (!referenced.has(sha) && !this.pinned(sha)) {
        this.blobs.delete(sha);
        n++;
      }
    }
    return n;
  }
}

export class DiskBlobStore extends PinningStore implements BlobStore {
  private known = new Set<string>();
  /** A running collection; uploads finishing meanwhile wait for it, so it never removes their file. */
  private collecting: Promise<unknown> = Promise.resolve();

  private constructor(private readonly dir: string) {
    super();
  }

  /** Opens `dir/blobs`, emptying `dir/tmp` of uploads a crash interrupted. */
  static async open(dir: string): Promise<DiskBlobStore> {
    const store = new DiskBlobStore(dir);
    await fsp.rm(join(dir, "tmp"), { recursive: true, force: true });
    await fsp.mkdir(join(dir, "tmp"), { recursive: true });
    await fsp.mkdir(join(dir, "blobs"), { recursive: true });
    for (const sub of await fsp.readdir(join(dir, "blobs"))) {
      for (const name of await fsp.readdir(join(dir, "blobs", sub))) {
        if (/^[0-9a-f]{64}$/.test(name)) store.known.add(name);
      }
    }
    return store;
  }

  private path(sha256: string): string {
    return join(this.dir, "blobs", sha256.slice(0, 2), sha256);
  }

  writer(): BlobWriter {
    const tmp = join(this.dir, "tmp", randomBytes(8).toString("hex"));
    // flush: fsync before close, so a renamed blob is complete on disk.
    const stream: WriteStream = createWriteStream(tmp, { flush: true });
    const closed = once(stream, "close").catch(() => undefined);
    return {
      stream,
      finish: async (sha256) => {
        if (!stream.writableFinished) stream.end();
        await closed;
        if (stream.errored) throw stream.errored;
        await this.collecting;
        if (this.known.has(sha256)) {
          await fsp.rm(tmp, { force: true });
          return;
        }
        const final = this.path(sha256);
        await fsp.mkdir(join(this.dir, "blobs", sha256.slice(0, 2)), { recursive: true });
        await fsp.rename(tmp, final);
        await fsyncDir(join(this.dir, "blobs", sha256.slice(0, 2)));
        this.known.add(sha256);
      },
      abort: () => {
        stream.destroy();
        void closed.then(() => fsp.rm(tmp, { force: true })).catch(() => undefined);
      },
    };
  }

  read(sha256: string): Promise<Buffer> {
    return fsp.readFile(this.path(sha256));
  }

  open(sha256: string): Readable {
    return createReadStream(this.path(sha256));
  }

  collect(keep: () => Set<string>): Promise<number> {
    const run = this.collecting.then(async () => {
      const referenced = keep();
      let n = 0;
      for (const sha of [...this.known]) {
        if (referenced.has(sha) || this.pinned(sha)) continue;
        this.known.delete(sha);
        await fsp.rm(this.path(sha), { force: true });
        n++;
      }
      return n;
    });
    this.collecting = run.catch(() => undefined);
    return run;
  }
}
