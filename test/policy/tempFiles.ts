/**
 * A temporary folder for the content files of one test file (the content rules read files from
 * disk, as `contentFile`), made before its tests and removed after them.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export function tempFiles(prefix: string) {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return {
    /** Where `name` is (or would be) in the folder. */
    at: (name: string) => path.join(dir, name),
    /** Writes `name` and returns its absolute path. */
    file(name: string, content: Buffer | string): string {
      const at = path.join(dir, name);
      fs.writeFileSync(at, content);
      return at;
    },
  };
}
