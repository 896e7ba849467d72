/**
 * examples/static-site (one AssetFolder) a resource per file (`resourcePerFile: true`; the default
 * layout is staticSiteBundle.test.ts) through the real engine: up; the policy pack at preview;
 * then the example's step folders (steps/1-edit … 5-no-change) applied one after another to the
 * working copy, in the style of pulumi-command's example steps. For each step: the preview names
 * exactly the resources that change (and Twilio receives nothing; an edited file's path is what the
 * Build's `--diff` names), `up` uploads exactly the new
 * files, and the site serves the working copy. Then the stack moves to the default layout (one
 * AssetBundle) as the upgrade to 0.2.0 moves it: the bundle takes over the live Assets and versions,
 * nothing is uploaded, no Asset is created or deleted, the Build and the Deployment stay, and the
 * site, fetched over and over during that up, serves every public file as it was. Then back
 * to a resource per file, going live with new Assets before the bundle's are deleted. Finally
 * destroy leaves the emulator empty.
 * Needs `npm run build` first (the program and the provider process load dist/).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { changeCounts, type EngineStack, expectCleanPolicyPreview } from "../helpers/engine";
import {
  applyStep,
  expectSiteServesWorkingCopy,
  journalSince,
  journalSize,
  outputsByUrn,
  type Plan,
  previewPlan,
  seqOf,
  SITE_FILES,
  type SiteStack,
  startSiteStack,
} from "../helpers/siteSteps";
import { fetchSite, uniqueName } from "../helpers/common";
import { scanFolder } from "../../provider/src/components/folder";

const TIMEOUT = 5 * 60 * 1000;
const FILES = SITE_FILES;
/** Stack + Service + Function + FunctionVersion + AssetFolder + Environment + an Asset and an AssetVersion per file + Build + Deployment + BuildCleanup. */
const RESOURCES = 6 + 2 * FILES + 3;

let emulator: RunningEmulator;
let dataDir: string;
let stack: EngineStack;
let domainName: string;

interface StepExpectation {
  plan: Plan;
  /** The preview's and the up's change summary. */
  summary: Record<string, number>;
  uploads: number;
  inventory: { assets: number; assetVersions: number };
  /** Served paths that must now answer 404. */
  gone?: string[];
}

/**
 * One step folder: apply it, preview (exactly `plan`, and Twilio receives nothing), up (the same
 * counts, exactly `uploads` uploads, one build left), then the site serves the working copy.
 */
async function runStep(step: string, expected: StepExpectation): Promise<{ replaceKeys: Record<string, string[]>; diff: string }> {
  applyStep(stack, step);
  emulator.resetStats();
  const { plan, replaceKeys, summary, stdout: diff } = await previewPlan(stack, { diff: true });
  expect(plan).toEqual(expected.plan);
  expect(summary).toEqual(expected.summary);
  expect(emulator.stats()).toMatchObject({ writes: 0, uploads: 0 });

  const result = await stack.up();
  expect(changeCounts(result.summary.resourceChanges)).toEqual(expected.summary);
  expect(emulator.stats().uploads).toBe(expected.uploads);
  expect(emulator.stats().byOperation.CreateAssetVersion ?? 0).toBe(expected.uploads);
  expect(emulator.inventory()).toMatchObject({ ...expected.inventory, builds: 1, deployments: expect.any(Number) });
  await expectSiteServesWorkingCopy(emulator, stack, result.outputs, expected.gone);
  return { replaceKeys, diff };
}

/**
 * The entries of the Build's `assetVersionsByPath` that `--diff` marks (`~`, `+`, `-`), with their
 * line: `~ /about.html: "ZN…" => [unknown]` (the engine prints only the entries that change).
 */
function changedBuildVersions(diff: string): string[] {
  const blocks = diff.split(/\n(?=\s*[-+~]*pulumi-nodejs:dynamic\/twilio:\w+: \()/);
  const build = blocks.filter((b) => /^\s*\+-pulumi-nodejs:dynamic\/twilio:Build: \(replace\)/.test(b));
  expect(build).toHaveLength(1);
  return [...build[0].matchAll(/^\s*([-+~]) (\/\S*?)\s*: (.*)$/gm)].map((m) => `${m[1]} ${m[2]}: ${m[3]}`);
}

async function sidsByUrn(): Promise<Record<string, string>> {
  const outputs = await outputsByUrn(stack);
  return Object.fromEntries(Object.entries(outputs).flatMap(([urn, o]) => (o.sid ? [[urn, o.sid as string]] : [])));
}

/**
 * Sets `static-site:resourcePerFile` and runs `up`: every file uploaded once, one build left, the
 * site serving the working copy, and the new build live before the first of `oldAssets` is
 * deleted. Answers the outputs by short URN.
 */
async function switchLayout(
  resourcePerFile: boolean,
  oldAssets: string[],
  expected: { summary: Record<string, number>; inventory: Record<string, number> },
): Promise<Record<string, Record<string, any>>> {
  await stack.stack.setConfig("static-site:resourcePerFile", { value: String(resourcePerFile) });
  emulator.resetStats();
  const offset = journalSize(dataDir);
  const result = await stack.up();
  expect(changeCounts(result.summary.resourceChanges)).toEqual(expected.summary);
  expect(emulator.stats().uploads).toBe(FILES);
  expect(emulator.inventory()).toMatchObject({ ...expected.inventory, builds: 1 });
  await expectSiteServesWorkingCopy(emulator, stack, result.outputs, GONE);

  const after = await outputsByUrn(stack);
  const journal = journalSince(dataDir, offset);
  const live = seqOf(journal, (e) => e.op === "put" && e.kind === "environments" && e.rec.buildSid === after["Build::site"].sid);
  const firstOldAssetDeleted = Math.min(...oldAssets.map((sid) => seqOf(journal, (e) => e.op === "del" && e.kind === "assets" && e.sid === sid)));
  expect(live).toBeLessThan(firstOldAssetDeleted);
  return after;
}

/** The served paths the steps removed (3-remove, 4-rename). */
const GONE = ["/images/icon.svg", "/notes.txt"];

/** Sets every file of the working copy's site as last modified `ms` ago. */
function ageSiteFiles(ms: number): void {
  const when = new Date(Date.now() - ms);
  const root = path.join(stack.workDir, "site");
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) fs.utimesSync(path.join(entry.parentPath, entry.name), when, when);
  }
}

/**
 * Fetches every public file of the working copy from the site, round after round, until stopped:
 * answers what was served otherwise than the file (`/about.html: 404`) and how many rounds ran.
 */
function watchSite(domain: string): { stop(): Promise<{ rounds: number; wrong: string[] }> } {
  const files = scanFolder(path.join(stack.workDir, "site"), { rootPage: "index.html" }).filter((f) => f.visibility === "public");
  const wanted = files.map((f) => ({ servedPath: f.servedPath, body: fs.readFileSync(f.absolutePath, "utf8") }));
  const wrong: string[] = [];
  let rounds = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped || rounds === 0) {
      for (const f of wanted) {
        const res = await fetchSite(emulator, domain, f.servedPath);
        if (res.status !== 200 || res.body !== f.body) wrong.push(`${f.servedPath}: ${res.status}`);
      }
      rounds++;
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { rounds, wrong };
    },
  };
}

let site: SiteStack | undefined;

beforeAll(async () => {
  site = await startSiteStack({ "static-site:serviceName": uniqueName("site"), "static-site:resourcePerFile": "true" });
  ({ emulator, dataDir, stack } = site);
}, TIMEOUT);

afterAll(async () => {
  await site?.close();
}, TIMEOUT);

describe("examples/static-site on the real engine", () => {
  it(
    "creates the service, the environment, an Asset and an AssetVersion per file, one Build and one Deployment, and serves the site",
    async () => {
      const result = await stack.up();
      expect(changeCounts(result.summary.resourceChanges)).toEqual({ create: RESOURCES });
      domainName = result.outputs.domainName.value;
      expect(result.outputs.url.value).toBe(`https://${domainName}`);
      expect(emulator.inventory()).toMatchObject({ services: 1, environments: 1, assets: FILES, assetVersions: FILES, builds: 1, deployments: 1 });
      // The files, and the Function's code.
      expect(emulator.stats().uploads).toBe(FILES + 1);
      expect(result.outputs.files.value["/"]).toEqual({ url: `https://${domainName}/`, visibility: "public", file: "index.html" });
      await expectSiteServesWorkingCopy(emulator, stack, result.outputs);
    },
    TIMEOUT,
  );

  it(
    "passes the policy pack without a single violation or warning",
    async () => {
      // The pack runs (and would report on root assets, EXIF data, secrets, counts and paths).
      await expectCleanPolicyPreview(stack, emulator);
    },
    TIMEOUT,
  );

  it(
    "1-edit: previews the edited file's AssetVersion, the Build and the Deployment as replaced, then uploads that one file",
    async () => {
      const before = await sidsByUrn();
      const { replaceKeys, diff } = await runStep("1-edit", {
        plan: { replace: ["AssetVersion::site/about.html", "Build::site", "Deployment::site"], update: ["BuildCleanup::site"] },
        summary: { same: RESOURCES - 4, replace: 3, update: 1 },
        uploads: 1,
        // Twilio keeps the asset's earlier version (versions cannot be deleted); only the new one is built.
        inventory: { assets: FILES, assetVersions: FILES + 1 },
      });
      expect(replaceKeys).toEqual({
        "AssetVersion::site/about.html": ["contentSha256"],
        "Build::site": ["assetVersionsByPath"],
        "Deployment::site": ["buildSid"],
      });
      // The Build's diff names the edited file's path, its old version and the new one (unknown
      // until the upload), and no other version as changed.
      expect(changedBuildVersions(diff)).toEqual([`~ /about.html: "${before["AssetVersion::site/about.html"]}" => [unknown]`]);
    },
    TIMEOUT,
  );

  it(
    "2-add: previews one new Asset and AssetVersion and the Build and Deployment replaced, then uploads the new file",
    async () => {
      const { diff } = await runStep("2-add", {
        plan: { create: ["Asset::site/contact.html", "AssetVersion::site/contact.html"], replace: ["Build::site", "Deployment::site"], update: ["BuildCleanup::site"] },
        summary: { same: RESOURCES - 3, create: 2, replace: 2, update: 1 },
        uploads: 1,
        inventory: { assets: FILES + 1, assetVersions: FILES + 2 },
      });
      expect(changedBuildVersions(diff)).toEqual(["+ /contact.html: [unknown]"]);
    },
    TIMEOUT,
  );

  it(
    "3-remove: previews the file's Asset and AssetVersion deleted, uploads nothing, and deletes the Asset only after the new build is live",
    async () => {
      const before = await sidsByUrn();
      const offset = journalSize(dataDir);
      const { diff } = await runStep("3-remove", {
        plan: { delete: ["Asset::site/notes.txt", "AssetVersion::site/notes.txt"], replace: ["Build::site", "Deployment::site"], update: ["BuildCleanup::site"] },
        summary: { same: RESOURCES - 3, delete: 2, replace: 2, update: 1 },
        uploads: 0,
        inventory: { assets: FILES, assetVersions: FILES + 1 },
        gone: ["/notes.txt"],
      });
      expect(changedBuildVersions(diff)).toEqual([`- /notes.txt: "${before["AssetVersion::site/notes.txt"]}"`]);

      // The order in which Twilio saw the changes: the new build goes live (the environment's
      // buildSid), and only then are the old build and the removed file's asset deleted.
      const after = await sidsByUrn();
      const journal = journalSince(dataDir, offset);
      const newBuildCreated = seqOf(journal, (e) => e.op === "put" && e.kind === "builds" && e.sid === after["Build::site"]);
      const newDeployment = seqOf(journal, (e) => e.op === "put" && e.kind === "deployments" && e.sid === after["Deployment::site"]);
      const live = seqOf(journal, (e) => e.op === "put" && e.kind === "environments" && e.rec.buildSid === after["Build::site"]);
      const oldBuildDeleted = seqOf(journal, (e) => e.op === "del" && e.kind === "builds" && e.sid === before["Build::site"]);
      const assetDeleted = seqOf(journal, (e) => e.op === "del" && e.kind === "assets" && e.sid === before["Asset::site/notes.txt"]);
      expect(newBuildCreated).toBeLessThan(newDeployment);
      expect(newDeployment).toBeLessThanOrEqual(live);
      expect(live).toBeLessThan(oldBuildDeleted);
      expect(oldBuildDeleted).toBeLessThan(assetDeleted);
      // The old deployment's delete did not un-deploy the environment (no put with buildSid null).
      expect(journal.filter((e) => e.kind === "environments" && e.op === "put" && e.rec.buildSid !== after["Build::site"])).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "4-rename: previews a rename as one Asset and AssetVersion deleted and one of each created, then uploads the file once",
    async () => {
      await runStep("4-rename", {
        plan: {
          create: ["Asset::site/images/mark.svg", "AssetVersion::site/images/mark.svg"],
          delete: ["Asset::site/images/icon.svg", "AssetVersion::site/images/icon.svg"],
          replace: ["Build::site", "Deployment::site"],
          update: ["BuildCleanup::site"],
        },
        summary: { same: RESOURCES - 5, create: 2, delete: 2, replace: 2, update: 1 },
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
      await runStep("5-no-change", { plan: {}, summary: { same: RESOURCES }, uploads: 0, inventory: { assets: FILES, assetVersions: FILES + 1 } });
      expect(emulator.stats().writes).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "moves to the default layout in place, as the upgrade to 0.2.0 does: its preview and its up create and delete no Asset, upload nothing, keep the Build and the Deployment, and the site answers throughout",
    async () => {
      const before = await outputsByUrn(stack);
      const oldAssets = Object.entries(before).flatMap(([urn, o]) => (urn.startsWith("Asset::") ? [o.sid as string] : []));
      const oldVersions = Object.entries(before).flatMap(([urn, o]) => (urn.startsWith("AssetVersion::") ? [o.sid as string] : []));
      expect(oldAssets).toHaveLength(FILES);
      // The files were last modified well before their versions were uploaded, as in a repository
      // whose files are older than their last deploy: a version newer than its file by more than a
      // minute stands for it (a fresh checkout, as in CI, uploads each file once again instead).
      ageSiteFiles(3_600_000);
      // The upgrade: the stack says nothing of a layout, so it gets the new default.
      await stack.stack.removeConfig("static-site:resourcePerFile");
      emulator.resetStats();
      const offset = journalSize(dataDir);

      const perFile = Object.keys(before).filter((urn) => /^(Asset|AssetVersion)::/.test(urn)).sort();
      const { plan, summary, stdout } = await previewPlan(stack);
      // The per-file resources leave the state; the Build (of the same versions) and the Deployment stay.
      expect({ ...plan, delete: [...(plan.delete ?? [])].sort() }).toEqual({ create: ["AssetBundle::site", "AssetCleanup::site"], delete: perFile });
      expect(summary).toEqual({ same: RESOURCES - 2 * FILES, create: 2, delete: 2 * FILES });
      expect(stdout).toContain(`AssetBundle "site": takes over the ${FILES} Assets of the build "dev" serves, with ${FILES} of their versions; 0 files to upload`);
      expect(emulator.stats()).toMatchObject({ writes: 0, uploads: 0 });

      // The site answers with the working copy's files all through the up.
      const watch = watchSite(domainName);
      let served: Awaited<ReturnType<typeof watch.stop>>;
      let result: Awaited<ReturnType<typeof stack.up>>;
      try {
        result = await stack.up();
      } finally {
        served = await watch.stop();
      }
      expect(served.wrong).toEqual([]);
      expect(served.rounds).toBeGreaterThan(1);
      expect(changeCounts(result.summary.resourceChanges)).toEqual({ same: RESOURCES - 2 * FILES, create: 2, delete: 2 * FILES });
      expect(emulator.stats().uploads).toBe(0);
      // No Asset created or deleted, no build or deployment made: the site stays as it was, live.
      const journal = journalSince(dataDir, offset);
      expect(journal.filter((e) => ["assets", "assetVersions", "builds", "deployments", "environments"].includes(e.kind))).toEqual([]);
      const after = await outputsByUrn(stack);
      const bundle = after["AssetBundle::site"];
      expect(Object.values(bundle.assets).map((e: any) => e.assetSid).sort()).toEqual([...oldAssets].sort());
      expect(Object.values(bundle.assets).map((e: any) => e.versionSid).sort()).toEqual([...oldVersions].sort());
      expect(after["Build::site"].sid).toBe(before["Build::site"].sid);
      expect(after["Deployment::site"].sid).toBe(before["Deployment::site"].sid);
      expect(emulator.inventory()).toMatchObject({ assets: FILES, builds: 1 });
      await expectSiteServesWorkingCopy(emulator, stack, result.outputs, GONE);

      // The next preview of the new layout has nothing to do, and asks Twilio nothing.
      emulator.resetStats();
      expect((await previewPlan(stack)).plan).toEqual({});
      expect(emulator.stats().requests).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "switches back to a resource per file: the new Assets go live before the bundle's are deleted",
    async () => {
      const bundleAssets = Object.values((await outputsByUrn(stack))["AssetBundle::site"].assets).map((e: any) => e.assetSid as string);
      await switchLayout(true, bundleAssets, {
        summary: { same: 6, create: 2 * FILES, delete: 2, replace: 2, update: 1 },
        inventory: { assets: FILES, assetVersions: FILES },
      });
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
