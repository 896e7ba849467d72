/**
 * examples/toolkit-project/app, a Serverless Toolkit project, deployed twice on one emulator:
 * once by the toolkit's own CLI (`twilio-run deploy`, reading the project with its own code), once
 * by ServerlessProject through the real Pulumi CLI. The two environments must hold the same
 * thing, read back through Twilio's API and the served site, apart from ALLOWED_DIFFERENCES.
 * Then one Function and one Asset are edited: the preview names exactly their versions, the
 * Build and the Deployment, and `up` uploads exactly those two files.
 * Needs `npm run build` first (the program, the provider process and the toolkit's preload load dist/).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator/src";
import { problems, projectMessages } from "../../provider/src/core/messages";
import { changeCounts, createEngineStack, type EngineStack, expectCleanPolicyPreview, REPO_ROOT } from "../helpers/engine";
import { DEBUG_COMMANDS, runReview, section, tableRows } from "../helpers/review";
import { previewPlan } from "../helpers/siteSteps";
import { type DeployedEnvironment, describeEnvironment, findServiceEnvironment, twilioRunDeploy } from "../helpers/toolkit";
import { sha256, tempDir } from "../helpers/common";

const TIMEOUT = 5 * 60 * 1000;
const PROJECT = path.join(REPO_ROOT, "examples", "toolkit-project", "app");
/** The rc file's serviceName: the toolkit's service. */
const TOOLKIT_SERVICE = "toolkit-project-demo";
/** Two services cannot share a unique name in one account: the Pulumi side takes the toolkit's --service-name. */
const PULUMI_SERVICE = "toolkit-project-pulumi";
/** The same for the stack with the assets in one AssetBundle. */
const BUNDLE_SERVICE = "toolkit-project-bundle";

/**
 * What may differ between the two deploys, and why; everything else must be equal.
 * - the Service's unique and friendly name: one account cannot hold two Services of one name, so
 *   the Pulumi side is given another (as `--service-name` would give the toolkit);
 * - the environment's domain name: it is made of the Service's unique name (and random digits).
 */
function withoutAllowedDifferences(env: DeployedEnvironment): Omit<DeployedEnvironment, "service" | "environment"> & {
  service: Omit<DeployedEnvironment["service"], "uniqueName" | "friendlyName">;
  environment: Omit<DeployedEnvironment["environment"], "domainName">;
} {
  const { uniqueName: _u, friendlyName: _f, ...service } = env.service;
  const { domainName: _d, ...environment } = env.environment;
  return { ...env, service, environment };
}

let emulator: RunningEmulator;
let stack: EngineStack | undefined;
let toolkitCopy: string;

beforeAll(async () => {
  // Dependencies checked for their form only: the test needs no npm registry.
  emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 100, resolveDependencies: false });
  toolkitCopy = tempDir("toolkit-project-");
  // The toolkit writes .twiliodeployinfo into the project: it gets a copy.
  fs.cpSync(PROJECT, toolkitCopy, { recursive: true });
}, TIMEOUT);

afterAll(async () => {
  try {
    await stack?.dispose();
  } finally {
    await emulator?.close();
    fs.rmSync(toolkitCopy, { recursive: true, force: true });
  }
}, TIMEOUT);

describe("examples/toolkit-project", () => {
  let pulumiSide: { serviceSid: string; environmentSid: string };

  test(
    "twilio-run deploy and ServerlessProject deploy the same environment from the same project",
    async () => {
      const toolkit = await twilioRunDeploy(emulator, toolkitCopy);
      expect({ code: toolkit.code, output: toolkit.output }).toMatchObject({ code: 0 });
      const toolkitSide = await findServiceEnvironment(emulator, TOOLKIT_SERVICE);

      stack = await createEngineStack({
        program: "examples/toolkit-project",
        emulator,
        // A resource per file, so the edit's preview names each version it replaces.
        config: { "toolkit-project:serviceName": PULUMI_SERVICE, "toolkit-project:resourcePerFile": "true" },
      });
      const result = await stack.up();
      expect(result.summary.result).toBe("succeeded");
      pulumiSide = { serviceSid: result.outputs.serviceSid.value, environmentSid: result.outputs.environmentSid.value };

      const expected = await describeEnvironment(emulator, toolkitSide.serviceSid, toolkitSide.environmentSid);
      const actual = await describeEnvironment(emulator, pulumiSide.serviceSid, pulumiSide.environmentSid);
      expect(withoutAllowedDifferences(actual)).toEqual(withoutAllowedDifferences(expected));

      // The comparison is worth something only if the project exercises the toolkit's rules.
      expect(expected.service.uniqueName).toBe(TOOLKIT_SERVICE);
      expect(actual.service.uniqueName).toBe(PULUMI_SERVICE);
      expect(Object.fromEntries(Object.entries(expected.functions).map(([p, f]) => [p, f.visibility]))).toEqual({
        "/admin/format": "private",
        "/hello-world": "public",
        "/index": "public",
        "/sms/reply": "protected",
      });
      expect(Object.fromEntries(Object.entries(expected.assets).map(([p, a]) => [p, [a.visibility, a.served.status]]))).toEqual({
        "/.well-known/security.txt": ["public", 200],
        "/assets/index.html": ["public", 200],
        "/images/logo.svg": ["protected", 200],
        "/release-notes.txt": ["public", 200],
        "/settings.json": ["private", 404],
        "/style.css": ["public", 200],
      });
      expect(expected.root).toEqual(expected.assets["/assets/index.html"].served);
      expect(expected.variables).toEqual({ GREETING: "Ahoy from the toolkit project", SUPPORT_NUMBER: "+15005550006" });
      expect(expected.runtime).toBe("node22");
      // The project's two, and the SDK Twilio adds to every build (emulator/README.md).
      expect(expected.dependencies.map((d) => d.name)).toEqual(["@twilio/runtime-handler", "lodash.startcase", "twilio"]);

      // The outputs list every entry; private ones as not served.
      const functions = result.outputs.functions.value as Record<string, { url?: string; served: boolean; visibility: string; file: string }>;
      expect(functions["/admin/format"]).toEqual({ file: "functions/admin/format.private.js", visibility: "private", served: false });
      expect(functions["/sms/reply"]).toEqual({
        file: "functions/sms/reply.protected.js",
        visibility: "protected",
        served: true,
        url: `https://${actual.environment.domainName}/sms/reply`,
      });
      expect(Object.keys(result.outputs.assets.value)).toEqual(Object.keys(actual.assets));
      expect(result.outputs.url.value).toBe(`https://${actual.environment.domainName}`);
      // Variable values are secrets in the state.
      expect(await stack.stateText()).not.toContain("Ahoy from the toolkit project");
    },
    TIMEOUT,
  );

  test(
    "in the default layout, the assets in one AssetBundle, the deployed environment is the same",
    async () => {
      const toolkitSide = await findServiceEnvironment(emulator, TOOLKIT_SERVICE);
      const bundled = await createEngineStack({
        program: "examples/toolkit-project",
        emulator,
        config: { "toolkit-project:serviceName": BUNDLE_SERVICE },
      });
      try {
        const result = await bundled.up();
        expect(result.summary.result).toBe("succeeded");
        const { deployment } = await bundled.stack.exportStack();
        const types = (deployment as { resources: Array<{ type: string }> }).resources.map((r) => r.type.split(":").pop());
        expect(types.filter((t) => t === "AssetBundle" || t === "AssetCleanup")).toEqual(["AssetBundle", "AssetCleanup"]);
        expect(types).not.toContain("AssetVersion");
        const expected = await describeEnvironment(emulator, toolkitSide.serviceSid, toolkitSide.environmentSid);
        const actual = await describeEnvironment(emulator, result.outputs.serviceSid.value, result.outputs.environmentSid.value);
        expect(withoutAllowedDifferences(actual)).toEqual(withoutAllowedDifferences(expected));
        expect(Object.keys(actual.assets)).toHaveLength(6);
      } finally {
        await bundled.dispose();
      }
    },
    TIMEOUT,
  );

  test(
    "passes the policy pack without a single violation or warning",
    async () => {
      if (!stack) throw new Error("the first test did not create the stack");
      await expectCleanPolicyPreview(stack, emulator);
    },
    TIMEOUT,
  );

  test(
    "editing one Function and one Asset replaces their versions, the Build and the Deployment, and uploads those two files",
    async () => {
      if (!stack) throw new Error("the first test did not create the stack");
      fs.appendFileSync(path.join(stack.workDir, "app", "functions", "hello world.js"), "// edited\n");
      fs.appendFileSync(path.join(stack.workDir, "app", "assets", "style.css"), "h1 { color: #f22f46; }\n");
      emulator.resetStats();

      const { plan, summary } = await previewPlan(stack);
      expect(plan).toEqual({
        replace: ["AssetVersion::app/assets/style.css", "Build::app", "Deployment::app", "FunctionVersion::app/functions/hello world.js"],
        update: ["BuildCleanup::app"],
      });
      expect(summary).toEqual({ replace: 4, update: 1, same: 24 });
      expect(emulator.stats()).toMatchObject({ writes: 0, uploads: 0 });

      const result = await stack.up();
      expect(changeCounts(result.summary.resourceChanges)).toEqual({ replace: 4, update: 1, same: 24 });
      expect(emulator.stats().uploads).toBe(2);
      expect(emulator.stats().byOperation).toMatchObject({ CreateFunctionVersion: 1, CreateAssetVersion: 1 });

      const after = await describeEnvironment(emulator, pulumiSide.serviceSid, pulumiSide.environmentSid);
      const css = fs.readFileSync(path.join(stack.workDir, "app", "assets", "style.css"));
      expect(after.assets["/style.css"].served.sha256).toBe(sha256(css));
    },
    TIMEOUT,
  );

  test(
    "the review command reports Functions by path, and a private Function made public as an escalation",
    async () => {
      if (!stack) throw new Error("the first test did not create the stack");
      const functions = path.join(stack.workDir, "app", "functions");
      const privateFile = path.join(functions, "admin", "format.private.js");
      const publicFile = path.join(functions, "admin", "format.js");
      const index = path.join(functions, "index.js");
      const indexBefore = fs.readFileSync(index);
      fs.renameSync(privateFile, publicFile);
      fs.appendFileSync(index, "// edited\n");
      const log = path.join(tempDir("toolkit-review-"), "preview.jsonl");
      try {
        emulator.resetStats();
        const preview = await stack.cli(["preview", "--event-log", log], DEBUG_COMMANDS);
        expect(preview.code).toBe(0);
        expect(emulator.stats().writes).toBe(0);
        const review = await runReview([log]);
        expect(review.code).toBe(1);
        const site = tableRows(section(review.stdout, "### ServerlessProject `app`"));
        expect(site.map((row) => row.split(" | ").slice(0, 3))).toEqual([
          ["| changed: visibility, file name", "`/admin/format`", "private → **public**"],
          ["| changed: content", "`/index`", "public"],
        ]);
        const escalations = tableRows(section(review.stdout, "### ⚠️ Visibility escalations: possible leaks"));
        expect(escalations).toHaveLength(1);
        expect(escalations[0]).toContain("`/admin/format`");
        expect(escalations[0]).toContain("functions/admin/format.js");
      } finally {
        fs.renameSync(publicFile, privateFile);
        fs.writeFileSync(index, indexBefore);
        fs.rmSync(path.dirname(log), { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );

  test(
    "a file at a path Twilio refuses fails the program, naming the file, the path and the rule, before anything is written",
    async () => {
      if (!stack) throw new Error("the first test did not create the stack");
      const bad = path.join(stack.workDir, "app", "functions", "pay#now.js");
      fs.writeFileSync(bad, "exports.handler = (c, e, cb) => cb(null, 'ok');\n");
      emulator.resetStats();
      try {
        await expect(stack.up()).rejects.toThrow();
        const expected = projectMessages.badPath("functions/pay#now.js", "/pay#now", problems.pathFragment());
        expect(stack.output()).toContain(expected);
        expect(emulator.stats().writes).toBe(0);
      } finally {
        fs.rmSync(bad);
      }
    },
    TIMEOUT,
  );
});
