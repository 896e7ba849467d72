import * as fs from "node:fs";
import * as path from "node:path";
import type { PolicyEvent } from "@pulumi/pulumi/automation";
import { startEmulator, RunningEmulator } from "../../emulator/src";
import { createEngineStack, EngineStack, REPO_ROOT } from "../helpers/engine";
import { tempDir } from "../helpers/common";

// `pulumi preview --policy-pack policy` on the stacks of examples/policy-violations: a brand-new
// stack, so every SID is unknown at preview. Each mandatory rule fails the preview with its own
// message before anything reaches Twilio; advisory rules warn and let it pass.
const PACK = path.join(REPO_ROOT, "policy");
const PROGRAM = "examples/policy-violations";
const POLICY_CONFIG = path.join(REPO_ROOT, PROGRAM, "policy-config.json");
const TIMEOUT = 5 * 60 * 1000;

const MANDATORY: [rule: string, message: string][] = [
  ["asset-version-size-limit", 'AssetVersion "big-v" is 2,000 bytes, over the 1,000-byte limit for protected assets.'],
  ["build-public-asset-version-limit", 'Build "site" includes 5 public and protected asset versions, over the limit of 4 per build.'],
  ["build-private-asset-version-limit", 'Build "site" includes 3 private asset versions, over the limit of 2 per build.'],
  ["build-function-version-limit", 'Build "api" includes 3 function versions, over the limit of 2 per build.'],
  [
    "build-unique-paths",
    'Build "site" includes 2 versions with the path "/style.css" (AssetVersion "style-copy-v", AssetVersion "style-v"), over the limit of one version per path.',
  ],
  [
    "build-one-version-per-asset",
    'Build "site" includes 2 versions of Asset "logo" (AssetVersion "logo-1-v", AssetVersion "logo-2-v"), over the limit of one version per asset.',
  ],
  ["service-environment-limit", 'Service "environments" has 26 environments, over the limit of 25 per service.'],
  ["service-count-limit", "The stack declares 51 services, over the limit of 50 per account."],
  [
    "version-path-valid",
    'AssetVersion "deep-v" has the path "/a/very/deep/folder/structure/readme.txt", which is 40 characters long, over the limit of 32.',
  ],
  ["asset-version-root-public", 'AssetVersion "home-v" is served at the root path "/" but is private, and Twilio serves only a public asset there.'],
  [
    "asset-version-root-index-html",
    'AssetVersion "index-v" has the path "/assets/index.html" but its content is image/png, and Twilio serves only HTML from that path.',
  ],
];

interface Outcome {
  passed: boolean;
  /** stdout and stderr of the preview (the failure's text when it failed). */
  text: string;
  events: PolicyEvent[];
}

describe("policy pack at preview (engine)", () => {
  let emulator: RunningEmulator;
  let stack: EngineStack;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, quiet: true });
    stack = await createEngineStack({ program: PROGRAM, emulator, config: { "policy-violations:scenario": "compliant" } });
  }, TIMEOUT);

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  }, TIMEOUT);

  async function preview(scenario: string, policyPackConfigs = [POLICY_CONFIG]): Promise<Outcome> {
    await stack.stack.setConfig("policy-violations:scenario", { value: scenario });
    emulator.resetStats();
    const events: PolicyEvent[] = [];
    const onEvent = (e: { policyEvent?: PolicyEvent }) => {
      if (e.policyEvent) events.push(e.policyEvent);
    };
    try {
      const result = await stack.preview({ policyPacks: [PACK], policyPackConfigs, onEvent });
      return { passed: true, text: result.stdout + result.stderr, events };
    } catch (err) {
      return { passed: false, text: String(err), events };
    }
  }

  it.each(MANDATORY)(
    "%s: fails the preview with its message, and Twilio receives no write",
    async (rule, message) => {
      const outcome = await preview(rule);
      expect(outcome.passed).toBe(false);
      expect(outcome.text).toContain(message);
      expect(outcome.events.map((e) => [e.policyName, e.enforcementLevel])).toEqual([[rule, "mandatory"]]);
      expect(outcome.events[0].message).toContain(message);
      expect(emulator.stats().writes).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "passes a compliant stack with no policy event",
    async () => {
      const outcome = await preview("compliant");
      expect(outcome.passed).toBe(true);
      expect(outcome.events).toEqual([]);
      expect(emulator.stats().writes).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "warns about image metadata, secrets and retention without failing the preview",
    async () => {
      const outcome = await preview("advisory");
      expect(outcome.passed).toBe(true);
      // The engine reports the level as "advisory" (the SDK's type says "warning").
      const warnings = outcome.events.map((e) => [e.policyName, e.enforcementLevel as string, e.message]);
      expect(warnings).toEqual(
        expect.arrayContaining([
          ["asset-version-public-image-metadata", "advisory", expect.stringContaining('AssetVersion "photo-v" is a public image whose EXIF metadata includes GPS coordinates')],
          ["asset-version-no-secrets", "advisory", expect.stringContaining('AssetVersion "dotenv-v" is public and looks like a secret (a .env file)')],
          ["version-included-in-build", "advisory", expect.stringContaining('AssetVersion "draft-v" is in no Build, so Twilio deletes it after 7 days.')],
          ["build-served-by-deployment", "advisory", expect.stringContaining('Build "unreleased" is served by no Deployment, so Twilio deletes it after 7 days.')],
        ]),
      );
      expect(warnings).toHaveLength(4);
      expect(emulator.stats().writes).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "takes its limits from --policy-pack-config: without it, the 40-character path is allowed",
    async () => {
      const outcome = await preview("version-path-valid", []);
      expect(outcome.passed).toBe(true);
      expect(outcome.events).toEqual([]);
    },
    TIMEOUT,
  );
});

describe("policy pack on an existing stack (engine)", () => {
  let emulator: RunningEmulator;
  let stack: EngineStack;
  let lowered: string;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, quiet: true });
    stack = await createEngineStack({ program: PROGRAM, emulator, config: { "policy-violations:scenario": "compliant" } });
    lowered = path.join(tempDir("policy-config-"), "lowered.json");
    fs.writeFileSync(lowered, JSON.stringify({ "build-public-asset-version-limit": { maxPublicAssetVersions: 1 } }));
  }, TIMEOUT);

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
    if (lowered) fs.rmSync(path.dirname(lowered), { recursive: true, force: true });
  }, TIMEOUT);

  it(
    "counts a deployed Build's versions from state (known SIDs, outputs of create) at the next preview",
    async () => {
      await stack.up({ policyPacks: [PACK] });
      emulator.resetStats();
      const events: PolicyEvent[] = [];
      const preview = stack.preview({
        policyPacks: [PACK],
        policyPackConfigs: [lowered],
        onEvent: (e) => {
          if (e.policyEvent) events.push(e.policyEvent);
        },
      });
      await expect(preview).rejects.toThrow('Build "site" includes 2 public and protected asset versions, over the limit of 1 per build.');
      expect(events.map((e) => e.policyName)).toEqual(["build-public-asset-version-limit"]);
      expect(emulator.stats().writes).toBe(0);
    },
    TIMEOUT,
  );
});
