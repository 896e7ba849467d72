/**
 * On-disk persistence for `--data-dir`: a snapshot (`state.json`, replaced atomically) plus an
 * append-only journal (`journal.log`) of transactions, one line each:
 *
 *     <16 hex of sha1(json)> <json {seq, changes}>\n
 *
 * A transaction is acknowledged only after its line is fsynced (group commit: the lines that
 * arrive during one fsync share the next). After `kill -9` the journal ends at most with a torn
 * line, which fails its checksum and is dropped with everything after it; it was never
 * acknowledged. Replaying skips lines the snapshot already holds (`seq <= snapshot.seq`), so a
 * crash between writing a snapshot and truncating the journal is harmless.
 */
import { promises as fsp } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import type { Change, Snapshot } from "./records";
import { applyChanges, tablesFromSnapshot, type Persistence } from "./store";
import { readIfExists, writeAll, writeFileAtomic, fsyncDir } from "./files";

const STATE_FILE = "state.json";
const JOURNAL_FILE = "journal.log";
/** The journal is folded into a new snapshot when it grows past this. */
export const COMPACT_AFTER_BYTES = 16 * 1024 * 1024;

function checksum(json: string): string {
  return createHash("sha1").update(json).digest("hex").slice(0, 16);
}

function encodeLine(seq: number, changes: Change[]): string {
  const json = JSON.stringify({ seq, changes });
  return `${checksum(json)} ${json}\n`;
}

export interface LoadedState {
  tables: ReturnType<typeof tablesFromSnapshot>;
  seq: number;
  /** Journal lines applied on top of the snapshot. */
  replayed: number;
  /** Bytes at the end of the journal that were dropped (a torn, unacknowledged write). */
  droppedBytes: number;
}

/** Reads the snapshot and replays the journal's intact lines on top of it. */
export async function loadState(dir: string): Promise<LoadedState> {
  const stateBytes = await readIfExists(join(dir, STATE_FILE));
  const snapshot: Snapshot | undefined = stateBytes ? (JSON.parse(stateBytes.toString("utf8")) as Snapshot) : undefined;
  const tables = tablesFromSnapshot(snapshot);
  let seq = snapshot?.seq ?? 0;
  let replayed = 0;
  let droppedBytes = 0;
  const journal = (await readIfExists(join(dir, JOURNAL_FILE)))?.toString("utf8") ?? "";
  let offset = 0;
  while (offset < journal.length) {
    const end = journal.indexOf("\n", offset);
    const line = end === -1 ? undefined : journal.slice(offset, end);
    const entry = line === undefined ? undefined : decodeLine(line);
    if (!entry || (entry.seq > seq && entry.seq !== seq + 1)) {
      droppedBytes = Buffer.byteLength(journal.slice(offset));
      break;
    }
    if (entry.seq > seq) {
      applyChanges(tables, entry.changes);
      seq = entry.seq;
      replayed += 1;
    }
    offset = end + 1;
  }
  return { tables, seq, replayed, droppedBytes };
}

function decodeLine(line: string): { seq: number; changes: Change[] } | undefined {
  const space = line.indexOf(" ");
  if (space !== 16) return undefined;
  const json = line.slice(17);
  if (checksum(json) !== line.slice(0, 16)) return undefined;
  try {
    const entry = JSON.parse(json) as { seq: number; changes: Change[] };
    return Number.isInteger(entry.seq) && Array.isArray(entry.changes) ? entry : undefined;
  } catch {
    return undefined;
  }
}

interface Pending {
  seq: number;
  line: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class Journal implements Persistence {
  private queue: Pending[] = [];
  private draining = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;
  private bytes = 0;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly fh: fsp.FileHandle,
    private readonly getSnapshot: () => Snapshot,
    private readonly compactAfterBytes: number,
  ) {}

  /**
   * Opens the journal for appending, after folding what was loaded into a fresh snapshot when the
   * journal holds anything (an empty one means the snapshot is already current: a clean close).
   */
  static async open(dir: string, getSnapshot: () => Snapshot, compactAfterBytes = COMPACT_AFTER_BYTES): Promise<Journal> {
    const fh = await fsp.open(join(dir, JOURNAL_FILE), "a");
    await fsyncDir(dir);
    const journal = new Journal(dir, fh, getSnapshot, compactAfterBytes);
    if ((await fh.stat()).size > 0) await journal.compact();
    return journal;
  }

  append(seq: number, changes: Change[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error("The emulator's journal is closed"));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ seq, line: encodeLine(seq, changes), resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        try {
          const data = Buffer.from(batch.map((p) => p.line).join(""));
          await writeAll(this.fh, data);
          await this.fh.datasync();
          this.bytes += data.length;
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err as Error);
        }
        // A failed compaction (a full disk, say) leaves the journal as it is; the next batch retries.
        if (this.bytes > this.compactAfterBytes) await this.compact().catch(() => undefined);
      }
    } finally {
      this.draining = false;
      this.markIdle();
    }
  }

  /**
   * Writes the whole state as the new snapshot and empties the journal. Transactions still
   * queued were applied before the snapshot was taken, so the snapshot makes them durable too.
   */
  private async compact(): Promise<void> {
    const snapshot = this.getSnapshot();
    await writeFileAtomic(join(this.dir, STATE_FILE), JSON.stringify(snapshot));
    await this.fh.truncate(0);
    await this.fh.datasync();
    this.bytes = 0;
    const covered = this.queue.filter((p) => p.seq <= snapshot.seq);
    this.queue = this.queue.filter((p) => p.seq > snapshot.seq);
    for (const p of covered) p.resolve();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.idle;
    try {
      await this.compact();
    } finally {
      await this.fh.close();
    }
  }
}
