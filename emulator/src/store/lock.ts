/**
 * One emulator per data dir: `DIR/LOCK` holds the owner's pid. A lock whose process is gone (a
 * `kill -9`) is taken over.
 */
import { promises as fsp } from "node:fs";
import { join } from "node:path";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Data dirs locked by emulators in this process. */
const held = new Set<string>();

function inUse(dir: string, pid: number): Error {
  return new Error(`The data dir ${dir} is in use by another emulator (pid ${pid})`);
}

/** Takes the data dir's lock, or throws naming the process that holds it. Returns its release. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, "LOCK");
  if (held.has(path)) throw inUse(dir, process.pid);
  held.add(path);
  const release = async () => {
    held.delete(path);
    await fsp.rm(path, { force: true });
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fsp.writeFile(path, String(process.pid), { flag: "wx" });
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
        held.delete(path);
        throw err;
      }
      const owner = Number((await fsp.readFile(path, "utf8").catch(() => "")).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        held.delete(path);
        throw inUse(dir, owner);
      }
      await fsp.rm(path, { force: true });
    }
  }
  held.delete(path);
  throw new Error(`Could not lock the data dir ${dir}`);
}
