/**
 * examples/static-site in the default layout through the real engine: every file in one
 * AssetBundle resource. The same step folders as staticSite.test.ts (which runs them a resource
 * per file), with what differs in this layout: an edit, addition, removal or rename is an update of
 * the bundle, the Build and the Deployment are replaced, and a removed file's Asset is deleted by
 * the AssetCleanup only after the new build is live. Unchanged files are never uploaded again.
 * Each step's preview names the files that change and no other: a plain `pulumi preview` on the
 * bundle's row and in its info line (by path), `--diff` in the bundle's properties and the Build's
 * versions by path. Growing the bundle to 300 files (with the emulator's latency) shows the
 * upload's progress as status lines on the bundle's row, none left under Diagnostics. Destroy leaves
 * the emulator empty.
 * Needs `npm run build` first (the program and the provider process load dist/).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent, PolicyEvent, UpResult } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator/src";
import { changeCounts, type EngineStack, REPO_ROOT } from "../helpers/engine";
import {
  applyStep,
  expectSiteServesWorkingCopy,
  journalSince,
  journalSize,
  outputsByUrn,
  type Plan,
  previewPlan,
  seqOf,
  shortUrn,
  SITE_FILES,
  type SiteStack,
  startSiteStack,
} from "../helpers/siteSteps";
import { uniqueName } from "../helpers/common";
import { scanFolder } from "../../provider/src/components/folder";

const TIMEOUT = 5 * 60 * 1000;
const FILES = SITE_FILES;
/** Stack + Service + Function + FunctionVersion + AssetFolder + Environment + AssetBundle + Build + Deployment + AssetCleanup + BuildCleanup. */
const RESOURCES = 11;
const CHANGED = { update: ["AssetBundle::site", "AssetCleanup::site", "BuildCleanup::site"], replace: ["Build::site", "Deployment::site"] };

let emulator: RunningEmulator;
let dataDir: string;
let stack: EngineStack;

/**
 * The files `--diff` marks as changed (`~`), added (`+`) or removed (`-`): each file is a property
 * of the bundle (`file:about.html`), and the CLI prints only those that change.
 */
function filesInDiff(diff: string): string[] {
  return [...diff.matchAll(/^\s*([-+~]) file:(\S+?)\s*: \{$/gm)].map((m) => `${m[1]}${m[2]}`).sort();
}

const escaped = (text: string) => text.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");

/** Every file of the site (by its path in the folder, or its version's path) that a preview's text names anywhere. */
function filesNamed(text: string, files: readonly { file: string; path: string }[]): string[] {
  const named = (name: string) => new RegExp(`(^|[^\\w./-])${escaped(name)}($|[^\\w./-])`, "m").test(text);
  return files.filter((f) => named(f.file) || named(f.path)).map((f) => f.file).sort();
}

interface StepExpectation {
  plan: Plan;
  /** The preview's summary (the cleanup shows as an update until the bundle has run). */
  previewSummary: Record<string, number>;
  /** The files the preview's `--diff` marks, with their mark: `~about.html`. */
  diffFiles: string[];
  /** The bundle's info line in a plain preview: one line per file that changes, `~ /about.html`. */
  changeLines: string[];
  /** At most this many lines of `--diff` before its `Resources:` summary. */
  maxDiffLines?: number;
  upSummary: Record<string, number>;
  uploads: number;
  inventory: { assets: number; assetVersions: number };
  gone?: string[];
}

/** The site's files in the working copy: each one's path in the folder and its version's path. */
function siteFiles(): Array<{ file: string; path: string }> {
  return scanFolder(path.join(stack.workDir, "site"), { rootPage: "index.html" }).map((f) => ({ file: f.file, path: f.path }));
}

async function runStep(step: string, expected: StepExpectation): Promise<void> {
  const before = siteFiles();
  applyStep(stack, step);
  const files = [...before, ...siteFiles().filter((f) => !before.some((b) => b.file === f.file))];
  emulator.resetStats();
  const { plan, summary, stdout: diff } = await previewPlan(stack, { diff: true });
  expect(plan).toEqual(expected.plan);
  expect(summary).toEqual(expected.previewSummary);
  expect(filesInDiff(diff)).toEqual(expected.diffFiles);
  // `--diff` names the files that change and no other: the bundle's properties, the Build's paths.
  const changed = expected.diffFiles.map((f) => f.slice(1)).sort();
  expect(filesNamed(diff, files)).toEqual(changed);
  if (changed.length > 0) expect(diff).toMatch(/^ +~ assetVersionsByPath: \{$/m);
  if (expected.maxDiffLines !== undefined) {
    const body = diff.slice(0, diff.indexOf("\nResources:")).split("\n");
    expect(body.length).toBeLessThanOrEqual(expected.maxDiffLines);
  }
  // A plain preview names them too, by path, in the bundle's info line, and names no other file.
  const plain = (await stack.stack.preview()).stdout;
  expect(filesNamed(plain, files)).toEqual(changed);
  if (changed.length > 0) {
    const lines = plain.split("\n").map((l) => l.trim());
    const header = lines.findIndex((l) => /^(info: )?AssetBundle "site": \d+ files? (changed|added|removed)/.test(l));
    expect(header).toBeGreaterThanOrEqual(0);
    expect(lines.slice(header + 1, header + 1 + expected.changeLines.length)).toEqual(expected.changeLines);
  }
  expect(emulator.stats()).toMatchObject({ requests: 0, uploads: 0 });

  const result = await stack.up();
  expect(changeCounts(result.summary.resourceChanges)).toEqual(expected.upSummary);
  expect(emulator.stats().uploads).toBe(expected.uploads);
  expect(emulator.inventory()).toMatchObject({ ...expected.inventory, builds: 1 });
  await expectSiteServesWorkingCopy(emulator, stack, result.outputs, expected.gone);
}

let site: SiteStack | undefined;

beforeAll(async () => {
  // The example sets no layout: the component's default.
  site = await startSiteStack({ "static-site:serviceName": uniqueName("bundle") });
  ({ emulator, dataDir, stack } = site);
}, TIMEOUT);

afterAll(async () => {
  await site?.close();
}, TIMEOUT);

describe("examples/static-site with every file in one AssetBundle, on the real engine", () => {
  it(
    "creates one AssetBundle holding an Asset and a version per file, builds, deploys and serves the site",
    async () => {
      const result = await stack.up();
      expect(changeCounts(result.summary.resourceChanges)).toEqual({ create: RESOURCES });
      expect(emulator.inventory()).toMatchObject({ services: 1, environments: 1, assets: FILES, assetVersions: FILES, builds: 1, deployments: 1 });
      // The files, and the Function's code.
      expect(emulator.stats().uploads).toBe(FILES + 1);
      await expectSiteServesWorkingCopy(emulator, stack, result.outputs);
    },
    TIMEOUT,
  );

  it(
    "passes the policy pack, which checks the bundle's files one by one",
    async () => {
      const events: PolicyEvent[] = [];
      const result = await stack.preview({ policyPacks: [path.join(REPO_ROOT, "policy")], onEvent: (e) => e.policyEvent && events.push(e.policyEvent) });
      expect(events.map((e) => `${e.policyName}: ${e.message}`)).toEqual([]);
      expect(result.stdout).toMatch(/Policies:\s+✅ twilio-serverless@v[\d.]+/);
    },
    TIMEOUT,
  );

  it(
    "1-edit: the plain preview and --diff name the edited file and no other; up uploads that one file",
    async () => {
      await runStep("1-edit", {
        plan: CHANGED,
        previewSummary: { same: RESOURCES - 5, update: 3, replace: 2 },
        diffFiles: ["~about.html"],
        changeLines: ["~ /about.html"],
        // 33 lines with Pulumi 3.276: each changing resource's header and changed properties, the
        // file's hash and size, the Build's one path. Issue 27 counted 180 when the bundle printed
        // every file and the Build its whole list of version SIDs, and 51 a resource per file (32 now).
        maxDiffLines: 40,
        upSummary: { same: RESOURCES - 4, update: 2, replace: 2 },
        uploads: 1,
        inventory: { assets: FILES, assetVersions: FILES + 1 },
      });
    },
    TIMEOUT,
  );

  it(
    "2-add: the diff names the new file; up creates its Asset and uploads it",
    async () => {
      await runStep("2-add", {
        plan: CHANGED,
        previewSummary: { same: RESOURCES - 5, update: 3, replace: 2 },
        diffFiles: ["+contact.html"],
        changeLines: ["+ /contact.html"],
        upSummary: { same: RESOURCES - 4, update: 2, replace: 2 },
        uploads: 1,
        inventory: { assets: FILES + 1, assetVersions: FILES + 2 },
      });
    },
    TIMEOUT,
  );

  it(
    "3-remove: uploads nothing, and the AssetCleanup deletes the file's Asset only after the new build is live",
    async () => {
      const before = await outputsByUrn(stack);
      const removedAsset = before["AssetBundle::site"].assets["notes.txt"].assetSid as string;
      const offset = journalSize(dataDir);
      await runStep("3-remove", {
        plan: CHANGED,
        previewSummary: { same: RESOURCES - 5, update: 3, replace: 2 },
        diffFiles: ["-notes.txt"],
        changeLines: ["- /notes.txt"],
        upSummary: { same: RESOURCES - 5, update: 3, replace: 2 },
        uploads: 0,
        inventory: { assets: FILES, assetVersions: FILES + 1 },
        gone: ["/notes.txt"],
      });
      const after = await outputsByUrn(stack);
      const journal = journalSince(dataDir, offset);
      const live = seqOf(journal, (e) => e.op === "put" && e.kind === "environments" && e.rec.buildSid === after["Build::site"].sid);
      const assetDeleted = seqOf(journal, (e) => e.op === "del" && e.kind === "assets" && e.sid === removedAsset);
      expect(live).toBeLessThan(assetDeleted);
      expect(after["AssetCleanup::site"].assetSids).toEqual([removedAsset]);
    },
    TIMEOUT,
  );

  it(
    "4-rename: the diff names the old and the new name; up uploads the file once and deletes the old Asset after the deployment",
    async () => {
      await runStep("4-rename", {
        plan: CHANGED,
        previewSummary: { same: RESOURCES - 5, update: 3, replace: 2 },
        diffFiles: ["+images/mark.svg", "-images/icon.svg"],
        changeLines: ["- /images/icon.svg", "+ /images/mark.svg"],
        upSummary: { same: RESOURCES - 5, update: 3, replace: 2 },
        uploads: 1,
        inventory: { assets: FILES, assetVersions: FILES + 1 },
        gone: ["/images/icon.svg", "/notes.txt"],
      });
    },
    TIMEOUT,
  );

  it(
    "5-no-change: previews no change, and up writes and uploads nothing",
    async () => {
      await runStep("5-no-change", {
        plan: {},
        previewSummary: { same: RESOURCES },
        diffFiles: [],
        changeLines: [],
        upSummary: { same: RESOURCES },
        uploads: 0,
        inventory: { assets: FILES, assetVersions: FILES + 1 },
      });
      expect(emulator.stats().writes).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "300 files: while the bundle uploads, at least three status lines carry its URN; only the line naming the new files stays under Diagnostics",
    async () => {
      const added = 300 - FILES;
      const dir = path.join(stack.workDir, "site", "many");
      fs.mkdirSync(dir, { recursive: true });
      for (let i = 0; i < added; i++) fs.writeFileSync(path.join(dir, `f${i}.txt`), `file ${i}\n`.repeat(200));
      const events: EngineEvent[] = [];
      // 400 ms per request: the new files' 2 × 290 requests, 25 at a time, take about 9 s.
      emulator.setLatency(400);
      let result: UpResult;
      try {
        result = await stack.up({ onEvent: (e) => events.push(e) });
      } finally {
        emulator.setLatency(0);
      }
      // The AssetCleanup updates too: the Asset it deleted at the rename is no longer listed.
      expect(changeCounts(result.summary.resourceChanges)).toEqual({ same: RESOURCES - 5, update: 3, replace: 2 });
      expect(emulator.inventory()).toMatchObject({ assets: 300, builds: 1 });

      const urnOf = (short: string) => events.find((e) => e.resourcePreEvent && shortUrn(e.resourcePreEvent.metadata.urn) === short)!.resourcePreEvent!.metadata.urn;
      const bundleUrn = urnOf("AssetBundle::site");
      const started = events.find((e) => e.resourcePreEvent?.metadata.urn === bundleUrn)!.sequence;
      const ended = events.find((e) => e.resOutputsEvent?.metadata.urn === bundleUrn)!.sequence;
      const statusOf = (urn: string) => events.filter((e) => e.diagnosticEvent?.urn === urn);
      const uploading = statusOf(bundleUrn).filter((e) => e.sequence > started && e.sequence < ended);
      expect(uploading.length).toBeGreaterThanOrEqual(3);
      expect(uploading[0].diagnosticEvent!.message).toMatch(/^uploading 0 of 290 files, 0 bytes of [\d.]+ KB \(0 of 290 new Assets created\)$/m);
      expect(uploading[uploading.length - 1].diagnosticEvent!.message).toMatch(/^uploading 290 of 290 files, ([\d.]+ KB) of \1$/m);
      const buildStatus = statusOf(urnOf("Build::site")).map((e) => e.diagnosticEvent!.message);
      expect(buildStatus).toContainEqual(expect.stringMatching(/^Build ZB[0-9a-f]{32}: completed \(\d+s\)$/m));
      // Every line is a status line, but one: the bundle's info line naming the files it adds, which stays.
      const lasting = [...statusOf(bundleUrn), ...statusOf(urnOf("Build::site"))].filter((e) => !e.diagnosticEvent!.ephemeral);
      expect(lasting.map((e) => e.diagnosticEvent!.message.split("\n")[0])).toEqual(['AssetBundle "site": 290 files added:']);
      for (const e of [...statusOf(bundleUrn), ...statusOf(urnOf("Build::site"))]) expect(e.diagnosticEvent!.severity).toBe("info");
      // Shown on the bundle's row while it runs; under Diagnostics, only that info line.
      expect(result.stdout).toMatch(/AssetBundle site updating \(\d+s\) \[diff: [^\]]*\]; uploading \d+ of 290 files/);
      const diagnostics = result.stdout.slice(result.stdout.search(/^Diagnostics:/m));
      expect(diagnostics).toMatch(/AssetBundle "site": 290 files added:\n\s+\+ \/many\/f0\.txt\n/);
      expect(diagnostics).not.toMatch(/uploading|warning|error/);
      await expectSiteServesWorkingCopy(emulator, stack, result.outputs);
    },
    TIMEOUT,
  );

  it(
    "leaves the emulator empty on destroy",
    async () => {
      const result = await stack.destroy();
      expect(changeCounts(result.summary.resourceChanges)).toEqual({ delete: RESOURCES });
      expect(emulator.inventory()).toEqual(Object.fromEntries(Object.keys(emulator.inventory()).map((k) => [k, 0])));
    },
    TIMEOUT,
  );
});
