/**
 * Which files of a folder an AssetFolder publishes, at which path and with which visibility: plain
 * file-system logic, no Pulumi, so that it runs (and is tested) on its own.
 *
 * - Selection: a file is published when an `include` glob matches its path relative to the folder
 *   (default `**`) and no `exclude` glob does. Globs are picomatch's. Hidden files and folders
 *   (a name starting with a dot) match only globs that spell the dot (`.well-known/**`), and the
 *   editor and OS litter of `DEFAULT_EXCLUDES` (`.DS_Store`, `Thumbs.db`, `*~`, …) is excluded
 *   unless `defaultExcludes: false`.
 * - Visibility: public, unless the name carries Twilio's marker (`logo.protected.png`,
 *   `config.private.json`), which also leaves the served path (`/logo.png`, `/config.json`); an
 *   override in `visibility` (globs on the file's path or its served path; the last match wins)
 *   beats both.
 * - Root page: `rootPage` serves one public file at the environment's root, by Twilio's two rules:
 *   an HTML file at `/assets/index.html` (the default for HTML), anything else at `/`.
 * - Symbolic links are followed inside the folder; a published link that leaves it is refused.
 * Files are only stat'ed here; their content is hashed (streaming) by the AssetVersion's `check`.
 */
import { isUtf8 } from "node:buffer";
import * as fs from "node:fs";
import * as nodePath from "node:path";
import picomatch from "picomatch";
import { contentTypeFor } from "../core/content";
import { DeclarationError } from "./declarationError";
import { folderMessages as msg } from "../core/messages";
import {
  INDEX_HTML_PATH,
  isHtmlType,
  isVisibility,
  LIMITS,
  MAX_VERSION_BYTES,
  normalizePath,
  pathProblem,
  ROOT_ASSET_PATHS,
  type Visibility,
} from "../core/limits";

export type RootPath = (typeof ROOT_ASSET_PATHS)[number];

/** Editor and OS litter, skipped unless `defaultExcludes: false`. */
export const DEFAULT_EXCLUDES: readonly string[] = [
  "**/.DS_Store",
  "**/._*",
  "**/.AppleDouble/**",
  "**/.Spotlight-V100/**",
  "**/.Trashes/**",
  "**/__MACOSX/**",
  "**/Thumbs.db",
  "**/ehthumbs.db",
  "**/desktop.ini",
  "**/.gitkeep",
  "**/.keep",
  "**/.gitignore",
  "**/.gitattributes",
  "**/.git/**",
  "**/.hg/**",
  "**/.svn/**",
  "**/.idea/**",
  "**/.vscode/**",
  "**/*~",
  "**/#*#",
  "**/.#*",
  "**/*.swp",
  "**/*.swo",
];

export interface FolderOptions {
  /** Globs of files to publish, relative to the folder. Default `["**"]` (hidden files need a glob that spells the dot). */
  include?: string[];
  /** Globs of files (or folders) to skip, on top of `DEFAULT_EXCLUDES`. */
  exclude?: string[];
  /** Skip the editor and OS litter of `DEFAULT_EXCLUDES`. Default true. */
  defaultExcludes?: boolean;
  /**
   * Visibility overrides: glob (or path) → visibility, matched against the file's path in the
   * folder (`audio/hello.protected.mp3`) and against its served path (`audio/hello.mp3`); the last
   * matching entry wins over the file-name marker.
   */
  visibility?: Record<string, Visibility>;
  /** A published file (path in the folder, e.g. `index.html`) to serve at the environment's root. */
  rootPage?: string;
  /** Where the root page goes: `/assets/index.html` (HTML only; the default for HTML) or `/` (any file; the default otherwise). */
  rootPath?: RootPath;
}

export interface FolderFile {
  /** The file's path in the folder, with forward slashes and the marker: `audio/hello.protected.mp3`. */
  file: string;
  /** The file on disk (absolute; a link inside the folder stays a link). */
  absolutePath: string;
  /** The version's path in the build: `/audio/hello.mp3`; for the root page `/assets/index.html` or `/`. */
  path: string;
  /** The path visitors request: `path`, except `/` for the root page. */
  servedPath: string;
  visibility: Visibility;
  /** By the file's name (mime-types), e.g. `audio/mpeg`. */
  contentType: string;
  size: number;
}

const MARKER = /^(.+?)\.(private|protected)(\..*)?$/;

/** `config.private.json` → `{ name: "config.json", visibility: "private" }`; no marker → public. */
export function parseMarker(basename: string): { name: string; visibility?: Visibility } {
  const m = MARKER.exec(basename);
  if (!m) return { name: basename };
  return { name: m[1] + (m[3] ?? ""), visibility: m[2] as Visibility };
}

function isInside(root: string, target: string): boolean {
  const rel = nodePath.relative(root, target);
  return rel === "" || (!rel.startsWith("..") && !nodePath.isAbsolute(rel));
}

interface Selector {
  file(rel: string): boolean;
  dir(rel: string): boolean;
}

function selector(opts: FolderOptions): Selector {
  const include = picomatch(opts.include?.length ? opts.include : ["**"], { dot: false });
  const excludes = [...(opts.defaultExcludes === false ? [] : DEFAULT_EXCLUDES), ...(opts.exclude ?? [])];
  const exclude = excludes.length ? picomatch(excludes, { dot: true }) : () => false;
  const hidden = (rel: string) => rel.split("/").pop()!.startsWith(".");
  return {
    file: (rel) => include(rel) && !exclude(rel),
    // A hidden folder is entered only when an include glob names it (`.well-known/**` matches `.well-known`).
    dir: (rel) => !exclude(rel) && (!hidden(rel) || include(rel)),
  };
}

interface Found {
  rel: string;
  absolutePath: string;
  size: number;
}

/**
 * A file name's bytes as text, each byte that is not part of valid UTF-8 percent-encoded
 * (`caf%E9.txt`), so that a message can show the name, and globs can match it.
 */
export function escapeInvalidUtf8(name: Buffer): string {
  let text = "";
  for (let i = 0; i < name.length; ) {
    // the shortest valid sequence starting here (a valid one has no valid shorter prefix, ASCII aside)
    const length = [1, 2, 3, 4].find((n) => i + n <= name.length && isUtf8(name.subarray(i, i + n)));
    if (length) {
      text += name.toString("utf8", i, i + length);
      i += length;
    } else {
      text += `%${name[i].toString(16).toUpperCase().padStart(2, "0")}`;
      i += 1;
    }
  }
  return text;
}

/**
 * A folder's entries by name. A name that is not valid UTF-8 cannot become a URL path (nor be
 * opened again by its text), so it is a problem when it would be published or entered, and
 * otherwise skipped; globs see it with its bad bytes percent-encoded.
 */
function readEntries(dirAbs: string, dirRel: string, select: Selector, problems: string[]): Array<{ name: string; isLink: boolean }> {
  const entries: Array<{ name: string; isLink: boolean }> = [];
  for (const entry of fs.readdirSync(dirAbs, { withFileTypes: true, encoding: "buffer" })) {
    if (isUtf8(entry.name)) {
      entries.push({ name: entry.name.toString("utf8"), isLink: entry.isSymbolicLink() });
      continue;
    }
    const shown = escapeInvalidUtf8(entry.name);
    const rel = dirRel ? `${dirRel}/${shown}` : shown;
    if (entry.isDirectory() ? select.dir(rel) : select.file(rel)) problems.push(msg.notUtf8(rel));
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Walks `root`, following links inside it; problems are collected, not thrown. */
function walk(root: string, select: Selector, problems: string[]): Found[] {
  const rootReal = fs.realpathSync(root);
  const found: Found[] = [];
  const visit = (dirAbs: string, dirRel: string, ancestors: string[]) => {
    for (const entry of readEntries(dirAbs, dirRel, select, problems)) {
      const rel = dirRel ? `${dirRel}/${entry.name}` : entry.name;
      const abs = nodePath.join(dirAbs, entry.name);
      let stat: fs.Stats;
      let real = abs;
      if (entry.isLink) {
        try {
          real = fs.realpathSync(abs);
          stat = fs.statSync(real);
        } catch {
          if (select.file(rel)) problems.push(msg.brokenSymlink(rel));
          continue;
        }
        const wanted = stat.isDirectory() ? select.dir(rel) : select.file(rel);
        if (!isInside(rootReal, real)) {
          if (wanted) problems.push(msg.symlinkOutside(rel, real));
          continue;
        }
        if (stat.isDirectory() && wanted && ancestors.includes(real)) {
          problems.push(msg.symlinkCycle(rel, real));
          continue;
        }
      } else {
        stat = fs.statSync(abs);
      }
      if (stat.isDirectory()) {
        if (select.dir(rel)) visit(abs, rel, [...ancestors, fs.realpathSync(abs)]);
      } else if (select.file(rel)) {
        if (stat.isFile()) found.push({ rel, absolutePath: abs, size: stat.size });
        else problems.push(msg.notAFile(rel));
      }
    }
  };
  visit(root, "", [rootReal]);
  return found;
}

function visibilityOverrides(opts: FolderOptions, problems: string[]): Array<{ match: (s: string) => boolean; visibility: Visibility }> {
  return Object.entries(opts.visibility ?? {}).flatMap(([key, visibility]) => {
    if (!isVisibility(visibility)) {
      problems.push(msg.badVisibility(key, visibility));
      return [];
    }
    const glob = key.replace(/^\.?\//, "");
    return [{ match: picomatch(glob, { dot: true }), visibility }];
  });
}

/** Picks the root page's path and checks Twilio's rules for it. */
function placeRootPage(files: FolderFile[], opts: FolderOptions, problems: string[]): void {
  if (opts.rootPage === undefined) return;
  const wanted = opts.rootPage.replace(/^\.?\//, "");
  const page = files.find((f) => f.file === wanted) ?? files.find((f) => f.path === normalizePath(wanted));
  if (!page) {
    problems.push(msg.rootPageMissing(opts.rootPage));
    return;
  }
  if (opts.rootPath !== undefined && !ROOT_ASSET_PATHS.includes(opts.rootPath)) {
    problems.push(msg.badRootPath(opts.rootPath));
    return;
  }
  if (page.visibility !== "public") {
    problems.push(msg.rootPageNotPublic(opts.rootPage, page.visibility));
    return;
  }
  const rootPath = opts.rootPath ?? (isHtmlType(page.contentType) ? INDEX_HTML_PATH : "/");
  if (rootPath === INDEX_HTML_PATH && !isHtmlType(page.contentType)) {
    problems.push(msg.rootPathNotHtml(opts.rootPage, page.contentType));
    return;
  }
  page.path = rootPath;
  page.servedPath = "/";
}

function checkUniquePaths(files: FolderFile[], problems: string[]): void {
  const byPath = new Map<string, string[]>();
  for (const f of files) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f.file]);
  for (const [path, names] of byPath) if (names.length > 1) problems.push(msg.duplicatePath(path, names));
}

/**
 * What Twilio would refuse only after the uploads: a file over its visibility's size limit, and
 * more files than one build may hold (1,000 public and protected, 50 private).
 */
function checkBuildLimits(files: FolderFile[], problems: string[]): void {
  for (const f of files) {
    const limit = MAX_VERSION_BYTES[f.visibility];
    if (f.size > limit) problems.push(msg.fileTooLarge(f.file, f.size, limit, f.visibility));
  }
  const privateFiles = files.filter((f) => f.visibility === "private").length;
  const served = files.length - privateFiles;
  if (served > LIMITS.publicAssetVersionsPerBuild) {
    problems.push(msg.tooManyFiles(served, LIMITS.publicAssetVersionsPerBuild, "public and protected files"));
  }
  if (privateFiles > LIMITS.privateAssetVersionsPerBuild) {
    problems.push(msg.tooManyFiles(privateFiles, LIMITS.privateAssetVersionsPerBuild, "private files"));
  }
}

/**
 * The files of `dir` that an AssetFolder publishes, sorted by their path in the folder. Throws one
 * error listing every problem (links leaving the folder, names that are not UTF-8, paths Twilio
 * refuses, two files at one path, a root page Twilio would not serve, a file over its size limit,
 * more files than a build holds), prefixed with `AssetFolder "<label>"`.
 */
export function scanFolder(dir: string, opts: FolderOptions = {}, label: string = dir): FolderFile[] {
  const root = nodePath.resolve(dir);
  let rootStat: fs.Stats;
  try {
    rootStat = fs.statSync(root);
  } catch {
    throw new DeclarationError(msg.problems(label, [msg.missingDirectory(root)]));
  }
  if (!rootStat.isDirectory()) throw new DeclarationError(msg.problems(label, [msg.notADirectory(root)]));

  const problems: string[] = [];
  const overrides = visibilityOverrides(opts, problems);
  const files: FolderFile[] = [];
  for (const found of walk(root, selector(opts), problems)) {
    const slash = found.rel.lastIndexOf("/");
    const folder = found.rel.slice(0, slash + 1);
    const marked = parseMarker(found.rel.slice(slash + 1));
    const served = folder + marked.name;
    let visibility = marked.visibility ?? "public";
    for (const o of overrides) if (o.match(found.rel) || o.match(served)) visibility = o.visibility;
    const path = normalizePath(served);
    const problem = pathProblem(path);
    if (problem) problems.push(msg.badPath(found.rel, path, problem));
    files.push({
      file: found.rel,
      absolutePath: found.absolutePath,
      path,
      servedPath: path,
      visibility,
      contentType: contentTypeFor(path, found.absolutePath),
      size: found.size,
    });
  }
  placeRootPage(files, opts, problems);
  checkUniquePaths(files, problems);
  checkBuildLimits(files, problems);
  if (problems.length) throw new DeclarationError(msg.problems(label, problems));
  return files;
}
