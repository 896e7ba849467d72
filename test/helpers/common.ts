/**
 * Small helpers the test suites share, each defined here once: names that do not collide, the
 * error a promise rejects with, SHA-256 of bytes, scratch folders, and a request to a deployed
 * site. Nothing here needs the Pulumi CLI or a browser.
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { request } from "undici";

/** `prefix-` and 8 random hex digits: a name no other test (or earlier run) has taken. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** The error `promise` rejects with; fails if it resolves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function caught(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (err: unknown) => err,
  );
}

/** The message of the error `run` throws; fails if it returns. */
export function thrownMessage(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error("expected a throw");
}

/** Hex SHA-256 of `data`. */
export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A scratch folder outside the repo, for test fixtures. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A scratch folder for the files of one test file, made before its tests and removed after them
 * (for content read from disk, as `contentFile`).
 */
export function tempFiles(prefix: string) {
  let dir = "";
  beforeAll(() => {
    dir = tempDir(prefix);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    /** Where `name` is (or would be) in the folder. */
    at: (name: string) => path.join(dir, name),
    /** Writes `name` (a path inside the folder; its folders are made) and returns its absolute path. */
    file(name: string, content: Buffer | string): string {
      const at = path.join(dir, name);
      fs.mkdirSync(path.dirname(at), { recursive: true });
      fs.writeFileSync(at, content);
      return at;
    },
  };
}

/** A request to a deployed environment on an emulator, by Host header (no DNS needed for `*.twil.io`). */
export async function fetchSite(emulator: { url: string }, domainName: string, urlPath: string, headers: Record<string, string> = {}) {
  const res = await request(`${emulator.url}${urlPath}`, { headers: { host: domainName, ...headers } });
  return { status: res.statusCode, body: await res.body.text(), contentType: res.headers["content-type"] };
}

/**
 * Cases of `check` refusing inputs, `[inputs, property, reason]`, as rows for
 * `it.each(refusals([...]))("refuses $reason", ...)`: each case is named by the message it expects.
 */
export function refusals(rows: ReadonlyArray<readonly [Record<string, unknown>, string, string]>) {
  return rows.map(([news, property, reason]) => ({ news, property, reason }));
}
