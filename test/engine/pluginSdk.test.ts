/**
 * The plugin from other languages' side: its schema as `pulumi package get-schema` loads it from
 * the plugin, and the SDKs generated from it (scripts/gen-sdk.sh). The TypeScript SDK is built,
 * packed and installed with npm into a project of its own (test/fixtures/plugin-sdk), which deploys
 * the static site through the plugin against the emulator; the Python SDK compiles
 * (`python3 -m py_compile`); the Go SDK passes gofmt and go vet. Needs `npm run build` first.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator/src";
import { COMPONENT_KINDS, RESOURCE_KINDS } from "../../provider/src/core/kinds";
import type { PackageSchema } from "../../provider/src/plugin/schemaTypes";
import { tempDir, uniqueName } from "../helpers/common";
import { changeCounts, createEngineStack, disposeAll, type EngineStack, findPulumiCli, pinnedPulumiVersion, REPO_ROOT } from "../helpers/engine";
import { PLUGIN_DIR } from "../helpers/plugin";
import { expectSiteServesWorkingCopy } from "../helpers/siteSteps";

const TIMEOUT = 10 * 60 * 1000;
const GEN_SDK = path.join(REPO_ROOT, "scripts", "gen-sdk.sh");
const TSC = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

let work: string;

beforeAll(() => {
  work = tempDir("plugin-sdk-");
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Runs a command to its end; a failure says what it printed. */
function run(file: string, args: string[], cwd = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(file, args, { cwd, env, encoding: "utf8", stdio: "pipe", maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`${[file, ...args].join(" ")} failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}

function filesUnder(dir: string, ext: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(ext)).map((f) => path.join(dir, f));
}

describe("the plugin's schema", () => {
  test("loads with pulumi package get-schema from the plugin, every resource and component described, under the plugin's tokens", () => {
    const home = path.join(work, "home");
    const schema = JSON.parse(
      run(path.join(findPulumiCli(), "pulumi"), ["package", "get-schema", path.join(PLUGIN_DIR, "pulumi-resource-twilio-serverless")], REPO_ROOT, {
        ...process.env,
        PULUMI_HOME: home,
        PULUMI_SKIP_UPDATE_CHECK: "true",
      }),
    ) as PackageSchema;
    expect(schema.name).toBe("twilio-serverless");
    expect(Object.keys(schema.resources).sort()).toEqual([...RESOURCE_KINDS, ...COMPONENT_KINDS].map((k) => `twilio-serverless:index:${k}`).sort());
    const undescribed = Object.entries(schema.resources).filter(([, r]) => !r.description?.trim()).map(([token]) => token);
    expect(undescribed).toEqual([]);
    const components = Object.entries(schema.resources).filter(([, r]) => r.isComponent).map(([token]) => token.split(":")[2]);
    expect(components.sort()).toEqual([...COMPONENT_KINDS].sort());
    expect(schema.resources["twilio-serverless:index:Variable"].properties.value.secret).toBe(true);
  });
});

describe("a TypeScript program through the generated SDK", () => {
  let emulator: RunningEmulator;
  let stack: EngineStack;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 200 });
    stack = await createEngineStack({
      program: "test/fixtures/plugin-sdk",
      emulator,
      plugin: true,
      config: { "plugin-sdk:serviceName": uniqueName("sdk-site"), "plugin-sdk:dir": "site" },
    });
    fs.cpSync(path.join(REPO_ROOT, "examples", "static-site", "site"), path.join(stack.workDir, "site"), { recursive: true });
  }, TIMEOUT);

  afterAll(() => disposeAll(stack, emulator), TIMEOUT);

  test(
    "generates, builds and packs the SDK, and npm installs it into a project of its own",
    () => {
      // Inside the repository (beside the program's copy), where the build finds @types/node.
      const sdk = path.join(stack.workDir, "..", "sdk");
      run(GEN_SDK, ["nodejs", sdk]);
      // As Pulumi's SDK builds do: compile into bin/, the package's manifest beside the output.
      run(process.execPath, [TSC, "-p", path.join(sdk, "tsconfig.json"), "--types", "node"]);
      fs.copyFileSync(path.join(sdk, "package.json"), path.join(sdk, "bin", "package.json"));
      const tarball = path.join(sdk, run("npm", ["pack", "--silent", "--pack-destination", sdk], path.join(sdk, "bin")).trim().split("\n").pop()!);
      // From npm's cache: the SDK's one dependency, @pulumi/pulumi, is the repository's.
      run("npm", ["install", "--no-save", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", tarball], stack.workDir);
      const installed = path.join(stack.workDir, "node_modules", "@pulumi-twilio-serverless", "twilio-serverless");
      expect(JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"))).toMatchObject({ pulumi: { resource: true, name: "twilio-serverless" } });
      expect(fs.existsSync(path.join(stack.workDir, "node_modules", "@pulumi", "pulumi"))).toBe(true);
    },
    TIMEOUT,
  );

  test(
    "deploys the static site through the plugin; the state holds the plugin's tokens and no credential; destroy empties the account",
    async () => {
      const result = await stack.up();
      // Stack, Service, AssetFolder, Environment, the AssetBundle of every file, Build, Deployment, AssetCleanup, BuildCleanup.
      expect(changeCounts(result.summary.resourceChanges)).toEqual({ create: 9 });
      await expectSiteServesWorkingCopy(emulator, stack, result.outputs);
      const { resources } = (await stack.stack.exportStack()).deployment as { resources: Array<{ type: string }> };
      expect(resources.filter((r) => r.type.startsWith("twilio-serverless:index:")).length).toBe(8);
      expect(resources.some((r) => r.type.startsWith("pulumi-nodejs:dynamic"))).toBe(false);
      const state = await stack.stateText();
      expect(state).not.toContain(emulator.authToken);

      const again = await stack.preview();
      expect(changeCounts(again.changeSummary)).toEqual({ same: 9 });

      await stack.destroy();
      expect(emulator.inventory()).toMatchObject({ services: 0, environments: 0, assets: 0, assetVersions: 0, builds: 0 });
    },
    TIMEOUT,
  );
});

describe("the SDKs of other languages", () => {
  test("Python: generated, and every module compiles (python3 -m py_compile)", () => {
    const sdk = path.join(work, "python");
    run(GEN_SDK, ["python", sdk]);
    const modules = filesUnder(sdk, ".py");
    expect(modules.map((f) => path.relative(sdk, f))).toEqual(expect.arrayContaining(["setup.py", path.join("pulumi_twilio_serverless", "asset_folder.py")]));
    run("python3", ["-m", "py_compile", ...modules]);
  });

  test(
    "Go: generated, gofmt-clean, and go vet passes against the Pulumi Go SDK of the CLI's version",
    () => {
      const sdk = path.join(work, "go");
      run(GEN_SDK, ["go", sdk]);
      const sources = filesUnder(sdk, ".go");
      expect(sources.map((f) => path.basename(f))).toEqual(expect.arrayContaining(["assetFolder.go", "provider.go"]));
      expect(run("gofmt", ["-l", ...sources])).toBe("");
      // The module the schema's importBasePath names; its one requirement from the Go module proxy
      // (in its cache once scripts/install-pulumi.sh built the CLI: seconds, else minutes).
      fs.writeFileSync(
        path.join(sdk, "go.mod"),
        `module github.com/pulumi-twilio-serverless/pulumi-twilio-serverless/sdk/go\n\ngo 1.25.11\n\nrequire github.com/pulumi/pulumi/sdk/v3 ${pinnedPulumiVersion()}\n`,
      );
      run("go", ["mod", "tidy"], sdk);
      run("go", ["vet", "./..."], sdk);
    },
    TIMEOUT,
  );
});
