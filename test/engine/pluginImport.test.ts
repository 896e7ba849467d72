/**
 * `pulumi import` through the provider plugin, against the emulator: a Service, an Environment, an
 * Asset, a Function, a Build, a Deployment and a Variable made outside Pulumi (by the REST client)
 * are imported into an empty YAML program, each kind by `pulumi import twilio-serverless:index:<Kind>
 * <name> <id>` and all at once from an import file. With the code `pulumi import` generates in the
 * program, the next `up` changes nothing and writes nothing, and `destroy` deletes them all.
 * The other kinds are refused by name, with the reason. Needs `npm run build` first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { type RunningEmulator, startEmulator } from "../../emulator/src";
import { fetchBuildStatus, createBuild } from "../../provider/src/core/client/builds";
import { TwilioClient } from "../../provider/src/core/client/client";
import { assetsApi, functionsApi } from "../../provider/src/core/client/containers";
import { createDeployment } from "../../provider/src/core/client/deployments";
import { createEnvironment } from "../../provider/src/core/client/environments";
import { createService } from "../../provider/src/core/client/services";
import { createVariable } from "../../provider/src/core/client/variables";
import { assetVersionsApi } from "../../provider/src/core/client/versions";
import { tempDir, uniqueName } from "../helpers/common";
import { changeCounts, createEngineStack, disposeAll, type EngineStack } from "../helpers/engine";

const TIMEOUT = 5 * 60 * 1000;
const TOKEN = "twilio-serverless:index";

let emulator: RunningEmulator;
let stack: EngineStack;
let work: string;
/** What was made outside Pulumi: each kind's import ID. */
let ids: Record<string, string>;
let serviceName: string;

async function madeOutsidePulumi(): Promise<Record<string, string>> {
  const client = new TwilioClient({ baseUrl: emulator.url, uploadBaseUrl: emulator.url, username: emulator.accountSid, password: emulator.authToken });
  const isNew = () => true;
  const service = await createService(client, serviceName, { friendlyName: "Made in the Console" });
  const environment = await createEnvironment(client, service.sid, "staging", "staging");
  const asset = await assetsApi.create(client, service.sid, "hello.txt", isNew);
  const content = Buffer.from("hello\n");
  const version = await assetVersionsApi.create(client, service.sid, asset.sid, "/hello.txt", "public", {
    field: "Content",
    filename: "hello.txt",
    contentType: "text/plain",
    size: content.length,
    open: () => content,
  }, isNew);
  const fn = await functionsApi.create(client, service.sid, "greeting", isNew);
  const build = await createBuild(client, service.sid, { assetVersions: [version.sid], functionVersions: [] }, isNew);
  while ((await fetchBuildStatus(client, service.sid, build.sid)).status !== "completed") await new Promise((r) => setTimeout(r, 50));
  const deployment = await createDeployment(client, service.sid, environment.sid, build.sid);
  const variable = await createVariable(client, service.sid, environment.sid, "GREETING", "ahoy");
  const s = service.sid;
  const e = `${s}/${environment.sid}`;
  return {
    Service: s,
    Environment: e,
    Asset: `${s}/${asset.sid}`,
    Function: `${s}/${fn.sid}`,
    Build: `${s}/${build.sid}`,
    Deployment: `${e}/${deployment.sid}`,
    Variable: `${e}/${variable.sid}`,
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 100 });
  serviceName = uniqueName("imported");
  stack = await createEngineStack({ program: "test/fixtures/plugin-import", emulator, plugin: true });
  work = tempDir("plugin-import-");
  ids = await madeOutsidePulumi();
}, TIMEOUT);

afterAll(() => disposeAll(stack, emulator, work), TIMEOUT);

type Program = { resources: Record<string, { type: string; properties: Record<string, unknown> }> };

/**
 * `pulumi import twilio-serverless:index:<Kind> <kind> <id> --preview-only`: the read, and the
 * code it generates, without a write to the state. (The harness skips confirmations, which
 * `--preview-only` refuses beside.)
 */
async function previewImport(kind: string, id: string): Promise<{ code: number; output: string; program?: Program }> {
  const out = path.join(work, `${kind}.yaml`);
  const result = await stack.cli(["import", `${TOKEN}:${kind}`, kind.toLowerCase(), id, "--preview-only", "--out", out], { PULUMI_SKIP_CONFIRMATIONS: "false" });
  const program = fs.existsSync(out) ? (yaml.load(fs.readFileSync(out, "utf8")) as Program) : undefined;
  return { code: result.code, output: result.stdout + result.stderr, program };
}

describe("pulumi import through the provider plugin", () => {
  test(
    "reads each importable kind by `pulumi import twilio-serverless:index:<Kind> <name> <id>`, and generates its code",
    async () => {
      const [s, e] = [ids.Service, ids.Environment.split("/")[1]];
      const generated: Record<string, unknown> = {};
      for (const [kind, id] of Object.entries(ids)) {
        const { code, output, program } = await previewImport(kind, id);
        expect([kind, code, output]).toEqual([kind, 0, expect.stringContaining("= 1 to import")]);
        generated[kind] = program?.resources[kind.toLowerCase()]?.properties;
      }
      const buildSid = ids.Build.split("/")[1];
      expect(generated).toEqual({
        Service: { uniqueName: serviceName, friendlyName: "Made in the Console", includeCredentials: true, uiEditable: false },
        Environment: { serviceSid: s, uniqueName: "staging", domainSuffix: "staging" },
        Asset: { serviceSid: s, friendlyName: "hello.txt" },
        Function: { serviceSid: s, friendlyName: "greeting" },
        Build: expect.objectContaining({ serviceSid: s, assetVersions: [expect.stringMatching(/^ZN[0-9a-f]{32}$/)] }),
        Deployment: { serviceSid: s, environmentSid: e, buildSid },
        Variable: expect.objectContaining({ serviceSid: s, environmentSid: e, key: "GREETING" }),
      });
      // --preview-only: nothing in the state yet.
      expect((await stack.stack.exportStack()).deployment.resources ?? []).toHaveLength(0);
    },
    TIMEOUT,
  );

  test(
    "refuses the kinds whose state Twilio cannot give back, and an ID that names the wrong parents, by name",
    async () => {
      const notImportable = await previewImport("AssetVersion", `${ids.Asset}/ZN${"0".repeat(32)}`);
      expect(notImportable.code).not.toBe(0);
      expect(notImportable.output).toContain("An AssetVersion cannot be imported: its content exists only in the program");
      const badId = await previewImport("Environment", ids.Environment.split("/")[1]);
      expect(badId.code).not.toBe(0);
      expect(badId.output).toMatch(/Environment .*ZS…\/ZE…/);
    },
    TIMEOUT,
  );

  test(
    "imports them all from a file; with the generated code in the program, up changes nothing; destroy deletes them",
    async () => {
      const file = path.join(work, "import.json");
      const resources = Object.entries(ids).map(([kind, id]) => ({ type: `${TOKEN}:${kind}`, name: kind.toLowerCase(), id }));
      fs.writeFileSync(file, JSON.stringify({ resources }));
      const out = path.join(work, "all.yaml");
      const imported = await stack.cli(["import", "--file", file, "--yes", "--protect=false", "--out", out]);
      expect([imported.code, imported.stdout]).toEqual([0, expect.stringContaining("= 7 imported")]);
      const generated = yaml.load(fs.readFileSync(out, "utf8")) as Program;
      // Between resources imported together, pulumi import writes references (`${service.id}`).
      expect(generated.resources.environment.properties.serviceSid).toBe("${service.id}");

      const programFile = path.join(stack.workDir, "Pulumi.yaml");
      const program = yaml.load(fs.readFileSync(programFile, "utf8")) as Program;
      fs.writeFileSync(programFile, yaml.dump({ ...program, resources: generated.resources }));
      emulator.resetStats();
      const up = await stack.up();
      expect(changeCounts(up.summary.resourceChanges)).toEqual({ same: 1 + resources.length });
      expect(emulator.stats().writes).toBe(0);
      const state = await stack.stateText();
      expect(state).not.toContain(emulator.authToken);
      expect(state).not.toContain("ahoy");

      await stack.destroy();
      expect(emulator.inventory()).toMatchObject({ services: 0, environments: 0, assets: 0, functions: 0, builds: 0, variables: 0 });
    },
    TIMEOUT,
  );
});
