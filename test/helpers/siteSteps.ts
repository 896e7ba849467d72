/**
 * What the engine tests of examples/static-site share, whichever way the AssetFolder holds its
 * files: applying the example's step folders to a stack's working copy, checking that the site
 * serves that copy, and reading the emulator's journal for the order in which Twilio saw changes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";
import { type RunningEmulator, startEmulator } from "../../emulator/src";
import { scanFolder } from "../../provider/src/components/folder";
import { checkSite, formatCheck } from "../../scripts/siteCheck";
import { changeCounts, createEngineStack, type EngineStack } from "./engine";
import { fetchSite, tempDir } from "./common";

/** The published files of examples/static-site/site. */
export const SITE_FILES = 10;

/** A stack of examples/static-site against its own emulator, whose data dir keeps a journal. */
export interface SiteStack {
  emulator: RunningEmulator;
  dataDir: string;
  stack: EngineStack;
  /** Destroys the stack and removes everything (safe after a failed start). */
  close(): Promise<void>;
}

/** Starts the emulator (with a data dir, so its journal records the order of every change) and the stack. */
export async function startSiteStack(config: Record<string, string>, env?: Record<string, string>): Promise<SiteStack> {
  const dataDir = tempDir("static-site-emulator-");
  const emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 200, dataDir });
  let stack: EngineStack | undefined;
  const close = async () => {
    try {
      await stack?.dispose();
    } finally {
      await emulator.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
  try {
    stack = await createEngineStack({ program: "examples/static-site", emulator, config, env });
  } catch (err) {
    await close();
    throw err;
  }
  return { emulator, dataDir, stack, close };
}

/** `urn:…::twilio-serverless:index:AssetFolder$pulumi-nodejs:dynamic/twilio:Build::site` → `Build::site`. */
export function shortUrn(urn: string): string {
  const [type, name] = urn.split("::").slice(-2);
  return `${type.split("$").pop()!.split(":").pop()}::${name}`;
}

/** What a preview plans, by operation: `{ replace: ["AssetVersion::site/about.html", …] }` (no `same`). */
export type Plan = Partial<Record<OpType, string[]>>;

export interface PreviewPlan {
  plan: Plan;
  /** For each replaced resource, the properties that force it. */
  replaceKeys: Record<string, string[]>;
  summary: Record<string, number>;
  /** What the CLI printed (with `--diff` when asked). */
  stdout: string;
}

/** A preview of the stack, read from its engine events. */
export async function previewPlan(stack: EngineStack, opts: { diff?: boolean } = {}): Promise<PreviewPlan> {
  const plan: Plan = {};
  const replaceKeys: Record<string, string[]> = {};
  const onEvent = (e: EngineEvent) => {
    const m = e.resourcePreEvent?.metadata;
    if (!m || m.op === "same" || m.op === "create-replacement" || m.op === "delete-replaced") return;
    // The default provider holds the stack's config as its inputs: a config change "updates" it,
    // which Pulumi's change summary leaves out, and so does the plan.
    if (m.type.startsWith("pulumi:providers:")) return;
    (plan[m.op] ??= []).push(shortUrn(m.urn));
    if (m.op === "replace") replaceKeys[shortUrn(m.urn)] = [...(m.keys ?? [])].sort();
  };
  const result = await stack.preview({ onEvent, diff: opts.diff });
  for (const urns of Object.values(plan)) urns.sort();
  return { plan, replaceKeys, summary: changeCounts(result.changeSummary), stdout: result.stdout };
}

/** A step folder's `step.json`. */
export interface StepSpec {
  description: string;
  remove?: string[];
  rename?: Record<string, string>;
  /** Stack config the step sets (the caller applies it: it is asynchronous). */
  config?: Record<string, string>;
  /** Policy pack config for the step's preview (`--policy-pack-config`). */
  policyConfig?: Record<string, unknown>;
}

/**
 * Applies one step folder's files to the working copy: its files over the program, then its
 * removals and renames. Answers its spec, whose `config` and `policyConfig` are the caller's to use.
 */
export function applyStep(stack: EngineStack, step: string): StepSpec {
  const stepDir = path.join(stack.workDir, "steps", step);
  const spec = JSON.parse(fs.readFileSync(path.join(stepDir, "step.json"), "utf8")) as StepSpec;
  for (const entry of fs.readdirSync(stepDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === "step.json") continue;
    const rel = path.relative(stepDir, path.join(entry.parentPath, entry.name));
    fs.mkdirSync(path.dirname(path.join(stack.workDir, rel)), { recursive: true });
    fs.copyFileSync(path.join(stepDir, rel), path.join(stack.workDir, rel));
  }
  for (const rel of spec.remove ?? []) fs.rmSync(path.join(stack.workDir, rel));
  for (const [from, to] of Object.entries(spec.rename ?? {})) fs.renameSync(path.join(stack.workDir, from), path.join(stack.workDir, to));
  return spec;
}

/** The site serves exactly the working copy: the `files` output lists every file, each answers as its visibility says, and the Function runs. */
export async function expectSiteServesWorkingCopy(
  emulator: RunningEmulator,
  stack: EngineStack,
  outputs: Record<string, { value: any }>,
  gone: string[] = [],
): Promise<void> {
  const siteDir = path.join(stack.workDir, "site");
  const url = outputs.url.value as string;
  const domainName = outputs.domainName.value as string;
  const expected = Object.fromEntries(
    scanFolder(siteDir, { rootPage: "index.html" }).map((f) => [f.servedPath, { url: url + f.servedPath, visibility: f.visibility, file: f.file }]),
  );
  expect(outputs.files.value).toEqual(expected);
  const checks = await checkSite({
    apiUrl: emulator.url,
    domainName,
    authToken: emulator.authToken,
    siteDir,
    files: outputs.files.value,
    functions: outputs.functions?.value,
  });
  expect(checks.filter((c) => !c.ok).map(formatCheck)).toEqual([]);
  expect(checks.length).toBeGreaterThan(Object.keys(expected).length);
  for (const servedPath of gone) {
    const res = await fetchSite(emulator, domainName, servedPath);
    expect([servedPath, res.status]).toEqual([servedPath, 404]);
  }
}

export interface JournalEntry {
  seq: number;
  op: "put" | "del";
  kind: string;
  sid: string;
  rec?: any;
}

/** The emulator's journal (in its data dir) from `offset` on: one entry per committed change, in order. */
export function journalSince(dataDir: string, offset: number): JournalEntry[] {
  const text = fs.readFileSync(path.join(dataDir, "journal.log"), "utf8").slice(offset);
  return text
    .split("\n")
    .filter(Boolean)
    .flatMap((line) => {
      const { seq, changes } = JSON.parse(line.slice(17)) as { seq: number; changes: any[] };
      return changes.map((c) => ({ seq, op: c.op, kind: c.kind, sid: c.op === "put" ? c.rec.sid : c.sid, rec: c.rec }));
    });
}

export function journalSize(dataDir: string): number {
  return fs.statSync(path.join(dataDir, "journal.log")).size;
}

/** The sequence number of the one journal entry that `want` matches. */
export function seqOf(journal: JournalEntry[], want: (e: JournalEntry) => boolean): number {
  const found = journal.filter(want);
  expect(found).toHaveLength(1);
  return found[0].seq;
}

/** Each resource's outputs by short URN (`Build::site`), from the stack's state. */
export async function outputsByUrn(stack: EngineStack): Promise<Record<string, Record<string, any>>> {
  const exported = (await stack.stack.exportStack()).deployment as { resources: Array<{ urn: string; outputs?: Record<string, any> }> };
  return Object.fromEntries(exported.resources.filter((r) => r.outputs).map((r) => [shortUrn(r.urn), r.outputs!]));
}
