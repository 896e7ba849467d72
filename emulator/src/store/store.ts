/**
 * The emulator's state: one ordered map per kind, changed only through `commit`, which applies a
 * transaction at once (so that checks and changes never interleave with another request) and
 * resolves when the transaction is durable. Where it is made durable is the Persistence's
 * business: nowhere (memory) or an fsynced journal (journal.ts).
 */
import { KINDS, type Change, type Kind, type Records, type Snapshot } from "./records";

export interface Persistence {
  /** Makes one transaction durable; resolves once it is. */
  append(seq: number, changes: Change[]): Promise<void>;
  close(): Promise<void>;
}

export const memoryPersistence = (): Persistence => ({
  append: () => Promise.resolve(),
  close: () => Promise.resolve(),
});

type Tables = { [K in Kind]: Map<string, Records[K]> };

export function emptyTables(): Tables {
  return Object.fromEntries(KINDS.map((k) => [k, new Map()])) as unknown as Tables;
}

/** Applies one transaction's changes to tables (used live and when replaying a journal). */
export function applyChanges(tables: Tables, changes: Change[]): void {
  for (const change of changes) {
    const table = tables[change.kind] as Map<string, Records[Kind]>;
    if (!table) continue;
    if (change.op === "put") table.set(change.rec.sid, change.rec);
    else table.delete(change.sid);
  }
}

export function tablesFromSnapshot(snapshot: Snapshot | undefined): Tables {
  const tables = emptyTables();
  if (!snapshot) return tables;
  for (const kind of KINDS) {
    const table = tables[kind] as Map<string, Records[Kind]>;
    for (const rec of snapshot.tables[kind] ?? []) table.set(rec.sid, rec);
  }
  return tables;
}

export class Store {
  private persistence: Persistence;

  constructor(
    persistence: Persistence,
    private readonly tables: Tables = emptyTables(),
    private seq = 0,
  ) {
    this.persistence = persistence;
  }

  /** Used by the journal, which needs the store to exist before it can snapshot it. */
  setPersistence(persistence: Persistence): void {
    this.persistence = persistence;
  }

  get<K extends Kind>(kind: K, sid: string): Records[K] | undefined {
    return this.tables[kind].get(sid);
  }

  all<K extends Kind>(kind: K): Records[K][] {
    return [...this.tables[kind].values()];
  }

  filter<K extends Kind>(kind: K, predicate: (rec: Records[K]) => boolean): Records[K][] {
    const out: Records[K][] = [];
    for (const rec of this.tables[kind].values()) if (predicate(rec)) out.push(rec);
    return out;
  }

  find<K extends Kind>(kind: K, predicate: (rec: Records[K]) => boolean): Records[K] | undefined {
    for (const rec of this.tables[kind].values()) if (predicate(rec)) return rec;
    return undefined;
  }

  count(kind: Kind): number {
    return this.tables[kind].size;
  }

  /**
   * Applies the changes now and returns a promise that resolves when they are durable. Callers
   * check and commit without awaiting in between, so no other request sees a half-checked state.
   */
  commit(changes: Change[]): Promise<void> {
    if (changes.length === 0) return Promise.resolve();
    applyChanges(this.tables, changes);
    this.seq += 1;
    return this.persistence.append(this.seq, changes);
  }

  snapshot(): Snapshot {
    const tables: Snapshot["tables"] = {};
    for (const kind of KINDS) (tables as Record<Kind, unknown[]>)[kind] = this.all(kind);
    return { seq: this.seq, tables };
  }

  close(): Promise<void> {
    return this.persistence.close();
  }
}
