import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { Journal, loadState } from "../../emulator/src/store/journal";
import { put, del, type ServiceRec } from "../../emulator/src/store/records";
import { memoryPersistence, Store } from "../../emulator/src/store/store";
import { tempDir } from "../helpers/common";

function service(i: number): ServiceRec {
  const now = "2026-01-01T00:00:00Z";
  const sid = "ZS" + i.toString(16).padStart(32, "0");
  return { sid, uniqueName: `s${i}`, friendlyName: `S ${i}`, includeCredentials: true, uiEditable: false, domainBase: `s${i}-0000`, dateCreated: now, dateUpdated: now };
}

async function open(dir: string, compactAfterBytes?: number) {
  const loaded = await loadState(dir);
  const store = new Store(memoryPersistence(), loaded.tables, loaded.seq);
  store.setPersistence(await Journal.open(dir, () => store.snapshot(), compactAfterBytes));
  return { store, loaded };
}

describe("The journal", () => {
  let dir: string;
  beforeEach(() => (dir = tempDir("twilio-emulator-journal-")));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("makes concurrent commits durable in order, compacting as it grows", async () => {
    const { store } = await open(dir, 4096);
    const commits: Promise<void>[] = [];
    for (let i = 0; i < 500; i++) {
      commits.push(store.commit([put("services", service(i))]));
      if (i % 3 === 0) commits.push(store.commit([del("services", service(i).sid)]));
    }
    await Promise.all(commits);
    // Compaction runs after the batch that passed the threshold is acknowledged; a commit made
    // now is written after it, into an emptied journal.
    await store.commit([put("services", service(9999))]);
    expect(statSync(join(dir, "journal.log")).size).toBeLessThan(1024);
    expect(JSON.parse(readFileSync(join(dir, "state.json"), "utf8")).seq).toBeGreaterThan(0);
    const expected = store.all("services").map((s) => s.sid);
    // Reload without a clean close: snapshot plus journal replay give the same state.
    const reloaded = await loadState(dir);
    expect([...reloaded.tables.services.keys()]).toEqual(expected);
    expect(reloaded.seq).toBe(store.snapshot().seq);
    await store.close();
  });

  it("replays the journal on top of the snapshot and skips lines the snapshot already holds", async () => {
    const first = await open(dir);
    await first.store.commit([put("services", service(1))]);
    await first.store.commit([put("services", service(2))]);
    // No close: the journal holds both lines, the snapshot neither.
    const loaded = await loadState(dir);
    expect(loaded.replayed).toBe(2);
    expect([...loaded.tables.services.keys()]).toEqual([service(1).sid, service(2).sid]);
    await first.store.close();
    const again = await loadState(dir);
    expect(again.replayed).toBe(0);
    expect(again.tables.services.size).toBe(2);
  });
});
