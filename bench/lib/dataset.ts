/**
 * The benchmark's site: a deterministic folder (same seed, same bytes) of `files` small files of
 * 1–20 KB in nested folders, a share of them protected or private by Twilio's file-name convention
 * (`name.protected.ext`, `name.private.ext`; at most 50 private, Twilio's per-build limit), plus
 * `large` files of 1–5 MB. It lives in `<root>/assets/`, which is where Twilio's toolkit looks
 * for assets; our AssetFolder is pointed at the same directory.
 */
import { createCipheriv, createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { LIMITS } from "pulumi-twilio-serverless/limits";

export interface DatasetOptions {
  /** Small files (1–20 KB). */
  files: number;
  /** Large files (1–5 MB). */
  large: number;
  seed: number;
}

export interface DatasetFile {
  /** Relative to the assets folder, with forward slashes. */
  rel: string;
  size: number;
  visibility: "public" | "protected" | "private";
}

export interface Dataset {
  /** The project folder (holds `assets/`). */
  root: string;
  assetsDir: string;
  files: DatasetFile[];
  totalBytes: number;
  /** The small public file that scenario 2 edits. */
  editTarget: string;
}

const KB = 1024;
const MB = 1024 * 1024;

/**
 * xorshift32: a tiny seeded generator for the dataset's choices and words (returns [0, 1)). Not
 * emulator/src/faults.ts's mulberry32: this sequence defines the folder that bench/README.md's
 * figures were measured on (which files, their sizes and visibilities).
 */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/** Deterministic pseudo-random bytes for binary files: AES-128-CTR over zeros, keyed by the seed. */
function binaryStream(seed: number): (size: number) => Buffer {
  const key = createHash("sha256").update(`bench-dataset-${seed}`).digest().subarray(0, 16);
  const cipher = createCipheriv("aes-128-ctr", key, Buffer.alloc(16));
  return (size) => cipher.update(Buffer.alloc(size));
}

const TEXT_EXTS = [".html", ".css", ".js", ".json", ".txt", ".svg", ".md"];
const BINARY_EXTS = [".png", ".jpg", ".woff2"];
const LARGE_EXTS = [".mp3", ".mp4", ".zip"];
const WORDS = "lorem ipsum dolor sit amet twilio serverless asset build deploy voice message call queue flex studio sync"
  .split(" ");

/** Text of exactly `size` bytes: ASCII words and line breaks chosen by the generator. */
function text(rand: () => number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let i = 0;
  while (i < size) {
    const word = WORDS[Math.floor(rand() * WORDS.length)];
    const sep = rand() < 0.08 ? "\n" : " ";
    i += buf.write(word + sep, i, "ascii");
  }
  return buf;
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

/** Writes (or rewrites) the dataset under `root`; the same options give the same bytes. */
export function generateDataset(root: string, opts: DatasetOptions): Dataset {
  const assetsDir = path.join(root, "assets");
  fs.rmSync(assetsDir, { recursive: true, force: true });
  fs.mkdirSync(assetsDir, { recursive: true });
  const rand = prng(opts.seed);
  const bytes = binaryStream(opts.seed);
  const files: DatasetFile[] = [];
  const privateQuota = Math.min(LIMITS.privateAssetVersionsPerBuild, Math.floor(opts.files * 0.04));
  let privates = 0;
  let editTarget = "";

  const write = (rel: string, data: Buffer, visibility: DatasetFile["visibility"]) => {
    const abs = path.join(assetsDir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, data);
    files.push({ rel, size: data.length, visibility });
  };

  for (let i = 0; i < opts.files; i++) {
    const dir = `section-${String(i % 20).padStart(2, "0")}/part-${String(Math.floor(i / 20) % 5)}`;
    const binary = rand() < 0.2;
    const ext = binary ? pick(rand, BINARY_EXTS) : pick(rand, TEXT_EXTS);
    const r = rand();
    // Private files are always text (Twilio packages them for functions to read).
    let visibility: DatasetFile["visibility"] = "public";
    if (!binary && r < 0.05 && privates < privateQuota) {
      visibility = "private";
      privates++;
    } else if (r > 0.9) {
      visibility = "protected";
    }
    const marker = visibility === "public" ? "" : `.${visibility}`;
    const rel = `${dir}/file-${String(i).padStart(4, "0")}${marker}${ext}`;
    const size = KB + Math.floor(rand() * 19 * KB);
    write(rel, binary ? bytes(size) : text(rand, size), visibility);
    if (!editTarget && visibility === "public" && !binary) editTarget = rel;
  }
  for (let i = 0; i < opts.large; i++) {
    const size = MB + Math.floor(rand() * 4 * MB);
    write(`media/large-${i}${LARGE_EXTS[i % LARGE_EXTS.length]}`, bytes(size), "public");
  }
  if (!editTarget) throw new Error("dataset: no small public text file to edit (use at least a few files)");
  return { root, assetsDir, files, totalBytes: files.reduce((n, f) => n + f.size, 0), editTarget };
}

/** Scenario 2's edit: the target file gets a new last line, different for each `generation`. */
export function editOneFile(ds: Dataset, generation: number): string {
  const abs = path.join(ds.assetsDir, ds.editTarget);
  fs.appendFileSync(abs, `\nedited ${generation}\n`);
  return ds.editTarget;
}
