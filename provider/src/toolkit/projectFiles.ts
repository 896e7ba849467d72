/**
 * The Functions and Assets of a Serverless Toolkit project, by the rules of the toolkit's reader
 * (serverless-api's `utils/fs`), rewritten here:
 *
 * - Folders: the first of `functions/`, `src/` (Functions) and of `assets/`, `static/` (Assets)
 *   that is a directory, unless a setting names the one folder to use.
 * - Files: every file under the folder, hidden ones included, except `.DS_Store`; in the
 *   Functions folder, only `.js` files (others are not deployed at all).
 * - Visibility: `.protected` or `.private` right before the file's extension (`a.protected.js`,
 *   `logo.private.png`) makes it protected or private, and leaves the path; anything else is
 *   public (`a.private.tar.gz` is a public file of that name).
 * - Path: `/` + the file's path in the folder, without the marker, a Function's `.js` left out;
 *   every whitespace character becomes `-`. `index.js` is `/index` and `assets/index.html` is
 *   `/index.html`: nothing is special about index files. A site's root page is the asset at
 *   `/assets/index.html` (i.e. `assets/assets/index.html`), which Twilio serves at `/`.
 */
import { isUtf8 } from "node:buffer";
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { escapeInvalidUtf8 } from "../components/folder";
import { type Visibility } from "../core/limits";
import { projectMessages as msg } from "../core/messages";

export const FUNCTION_FOLDERS: readonly string[] = ["functions", "src"];
export const ASSET_FOLDERS: readonly string[] = ["assets", "static"];
const FUNCTION_EXTENSION = ".js";
const SKIPPED_NAMES: readonly string[] = [".DS_Store"];

export interface ProjectFile {
  /** The file's path in its folder, with forward slashes: `sms/reply.protected.js`. */
  file: string;
  absolutePath: string;
  /** The version's path: `/sms/reply`. */
  path: string;
  visibility: Visibility;
  size: number;
}

/** The path and visibility the toolkit gives a file at `rel` (forward slashes) in its folder. */
export function toolkitPathOf(rel: string, dropExtension?: string): { path: string; visibility: Visibility } {
  const ext = nodePath.posix.extname(rel);
  const visibility: Visibility = rel.includes(`.protected${ext}`) ? "protected" : rel.includes(`.private${ext}`) ? "private" : "public";
  const base = nodePath.posix.basename(rel, ext).replace(`.${visibility}`, "");
  let path = `/${nodePath.posix.join(nodePath.posix.dirname(rel), base)}`;
  if (ext !== dropExtension) path += ext;
  return { path: path.replace(/\s/g, "-"), visibility };
}

/** The folder to read: `named` (a setting) if given, else the first of `candidates` that is a directory. */
export function findFolder(projectDir: string, candidates: readonly string[], named: string | undefined, field: string, problems: string[]): string | undefined {
  const isDir = (abs: string) => fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory() === true;
  if (named !== undefined) {
    const abs = nodePath.resolve(projectDir, named);
    if (isDir(abs)) return abs;
    problems.push(msg.missingFolder(field, named, abs));
    return undefined;
  }
  return candidates.map((c) => nodePath.join(projectDir, c)).find(isDir);
}

/** Every file under `root` (links followed, cycles skipped), as paths relative to it, sorted. */
function walk(root: string, problems: string[]): Array<{ rel: string; abs: string; size: number }> {
  const found: Array<{ rel: string; abs: string; size: number }> = [];
  const visit = (dirAbs: string, dirRel: string, ancestors: string[]) => {
    const entries = fs.readdirSync(dirAbs, { encoding: "buffer" }).sort(Buffer.compare);
    for (const raw of entries) {
      const name = raw.toString("utf8");
      const rel = dirRel ? `${dirRel}/${name}` : name;
      if (!isUtf8(raw)) {
        problems.push(msg.notUtf8(dirRel ? `${dirRel}/${escapeInvalidUtf8(raw)}` : escapeInvalidUtf8(raw)));
        continue;
      }
      const abs = nodePath.join(dirAbs, name);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(abs);
      } catch (err) {
        problems.push(msg.unreadable(rel, (err as Error).message));
        continue;
      }
      if (stat.isDirectory()) {
        const real = fs.realpathSync(abs);
        if (!ancestors.includes(real)) visit(abs, rel, [...ancestors, real]);
      } else if (stat.isFile() && !SKIPPED_NAMES.includes(name)) {
        found.push({ rel, abs, size: stat.size });
      }
    }
  };
  visit(root, "", [fs.realpathSync(root)]);
  return found;
}

/** The Functions of a functions folder (`.js` files only). */
export function functionFiles(dir: string, problems: string[]): ProjectFile[] {
  return walk(dir, problems)
    .filter((f) => nodePath.posix.extname(f.rel) === FUNCTION_EXTENSION)
    .map((f) => ({ file: f.rel, absolutePath: f.abs, size: f.size, ...toolkitPathOf(f.rel, FUNCTION_EXTENSION) }));
}

/** The Assets of an assets folder (every file). */
export function assetFiles(dir: string, problems: string[]): ProjectFile[] {
  return walk(dir, problems).map((f) => ({ file: f.rel, absolutePath: f.abs, size: f.size, ...toolkitPathOf(f.rel) }));
}
