/**
 * examples/static-site-yaml, a Pulumi YAML program, through the provider plugin installed from the
 * tarball `npm run build` packs (`pulumi plugin install resource twilio-serverless … --file`), with
 * the real CLI and its YAML language host, against the emulator: the folder deploys in the default
 * layout and is served as its visibilities say; a one-file edit previews as exactly that file (and
 * the review command reports it as it does a dynamic stack's); the policy pack runs on the
 * plugin's preview and refuses an oversize file; `up` uploads that one file; no credential is in
 * the state; destroy leaves the account empty.
 * Needs `npm run build` first (the plugin's tarball and the review's bin).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator/src";
import { fetchSite, tempDir, uniqueName } from "../helpers/common";
import { changeCounts, createEngineStack, disposeAll, type EngineStack, REPO_ROOT } from "../helpers/engine";
import { DEBUG_COMMANDS, runReview, section, tableRows } from "../helpers/review";
import { expectSiteServesWorkingCopy, previewPlan } from "../helpers/siteSteps";

const TIMEOUT = 5 * 60 * 1000;
const PACK = path.join(REPO_ROOT, "policy");
/** The TypeScript example's site, which the YAML program publishes. */
const SITE = path.join(REPO_ROOT, "examples", "static-site", "site");

let emulator: RunningEmulator;
let stack: EngineStack;
let work: string;
let siteDir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 200 });
  stack = await createEngineStack({
    program: "examples/static-site-yaml",
    emulator,
    plugin: true,
    config: { "static-site-yaml:serviceName": uniqueName("yaml-site"), "static-site-yaml:dir": "site" },
  });
  // A copy beside the program, which the tests edit.
  siteDir = path.join(stack.workDir, "site");
  fs.cpSync(SITE, siteDir, { recursive: true });
  work = tempDir("plugin-yaml-");
}, TIMEOUT);

afterAll(() => disposeAll(stack, emulator, work), TIMEOUT);

describe("a YAML program through the provider plugin", () => {
  let domainName: string;

  test(
    "deploys an AssetFolder in the default layout: public files 200, the protected one 403 unsigned, the private one and unknown paths 404",
    async () => {
      const result = await stack.up();
      // Stack, Service, AssetFolder, Environment, the AssetBundle of every file, Build, Deployment, AssetCleanup, BuildCleanup.
      expect(changeCounts(result.summary.resourceChanges)).toEqual({ create: 9 });
      domainName = result.outputs.domainName.value;
      await expectSiteServesWorkingCopy(emulator, stack, result.outputs);
      const answers = await Promise.all(
        ["/", "/about.html", "/images/logo.png", "/audio/welcome.mp3", "/config/settings.json", "/index.html", "/nowhere.html"].map(async (p) => [p, (await fetchSite(emulator, domainName, p)).status]),
      );
      expect(answers).toEqual([
        ["/", 200],
        ["/about.html", 200],
        ["/images/logo.png", 200],
        ["/audio/welcome.mp3", 403],
        ["/config/settings.json", 404],
        ["/index.html", 404],
        ["/nowhere.html", 404],
      ]);
    },
    TIMEOUT,
  );

  test(
    "keeps the plugin's resources under its tokens, and no credential in the state",
    async () => {
      const state = await stack.stateText();
      expect(state).not.toContain(emulator.authToken);
      expect(state).not.toContain(emulator.accountSid);
      for (const hidden of ["__resourceName", "__urn", "__provider"]) expect(state).not.toContain(hidden);
      const { resources } = (await stack.stack.exportStack()).deployment as { resources: Array<{ type: string }> };
      const types = new Set(resources.map((r) => r.type));
      expect([...types].filter((t) => !t.startsWith("twilio-serverless:index:") && !t.startsWith("pulumi:")).sort()).toEqual([]);
      expect(types).toContain("pulumi:providers:twilio-serverless");
    },
    TIMEOUT,
  );

  test(
    "previews a one-file edit as exactly that file, and the review reports it as a dynamic stack's",
    async () => {
      fs.appendFileSync(path.join(siteDir, "about.html"), "<p>Edited.</p>\n");
      emulator.resetStats();
      const { plan, summary } = await previewPlan(stack);
      // The bundle's file (the review below names it), a new Build and Deployment, the cleanups after them.
      expect(plan).toEqual({
        replace: ["Build::site", "Deployment::site"],
        update: ["AssetBundle::site", "AssetCleanup::site", "BuildCleanup::site"],
      });
      expect(summary).toMatchObject({ replace: 2, update: 3 });
      expect(emulator.stats()).toMatchObject({ writes: 0, uploads: 0 });

      const log = path.join(work, "edit.jsonl");
      const preview = await stack.cli(["preview", "--event-log", log], DEBUG_COMMANDS);
      expect(preview.code).toBe(0);
      const review = await runReview([log]);
      expect(review.code).toBe(0);
      const size = fs.statSync(path.join(siteDir, "about.html")).size;
      const before = fs.statSync(path.join(SITE, "about.html")).size;
      expect(tableRows(section(review.stdout, "### AssetFolder `site`"))).toEqual([
        `| changed: content | \`/about.html\` | public | ${size.toLocaleString("en-US")} bytes | +${(size - before).toLocaleString("en-US")} | \`about.html\` |`,
      ]);
      expect(review.stdout).toContain(`| uploads | 1 file, ${size.toLocaleString("en-US")} bytes |`);
    },
    TIMEOUT,
  );

  test(
    "runs the policy pack on the plugin's preview, which refuses a file over the configured size",
    async () => {
      const big = path.join(siteDir, "big.txt");
      fs.writeFileSync(big, "x".repeat(3_001));
      const config = path.join(work, "policy-config.json");
      fs.writeFileSync(config, JSON.stringify({ "asset-version-size-limit": { maxPublicBytes: 3_000 } }));
      try {
        await expect(stack.preview({ policyPacks: [PACK], policyPackConfigs: [config] })).rejects.toThrow(
          'AssetBundle "site" file "big.txt" is 3,001 bytes, over the 3,000-byte limit for public assets.',
        );
      } finally {
        fs.rmSync(big);
      }
    },
    TIMEOUT,
  );

  test(
    "uploads exactly the edited file at up, then destroy leaves the account empty",
    async () => {
      emulator.resetStats();
      const result = await stack.up();
      // As in a TypeScript program: the AssetCleanup, whose work the preview could not rule out, has none.
      expect(changeCounts(result.summary.resourceChanges)).toMatchObject({ replace: 2, update: 2 });
      expect(emulator.stats().uploads).toBe(1);
      await expectSiteServesWorkingCopy(emulator, stack, result.outputs);

      await stack.destroy();
      expect(emulator.inventory()).toEqual({
        services: 0,
        environments: 0,
        assets: 0,
        assetVersions: 0,
        functions: 0,
        functionVersions: 0,
        builds: 0,
        deployments: 0,
        variables: 0,
      });
    },
    TIMEOUT,
  );
});
