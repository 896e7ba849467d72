/**
 * The bottom of the provider's peer range: `@pulumi/pulumi` 3.139.0, the first release whose
 * Node.js dynamic providers receive stack config (`configure`, pulumi/pulumi#17697), which our
 * credentials come through. A project on that SDK type-checks against our declarations with
 * Pulumi's template tsconfig, and deploys, updates in place and destroys with the real CLI.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { startTestEmulator } from "../emulator/helpers";
import { configureForEmulator, createProject, devVersion, newWorkDir, type Project, run } from "./project";

jest.setTimeout(300_000);

const OLDEST_SDK = devVersion("pulumi-sdk-oldest");

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Environment, Service, Variable } from "pulumi-twilio-serverless";

const config = new pulumi.Config();
const service = new Service("ivr", { uniqueName: "oldest-sdk", friendlyName: config.require("friendlyName") });
const env = new Environment("dev", { serviceSid: service.sid, uniqueName: "dev", domainSuffix: "dev" });
new Variable("greeting", { serviceSid: service.sid, environmentSid: env.sid, key: "GREETING", value: "hello" });
export const domain = env.domainName;
`;

let work: string;
let project: Project;
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
  work = newWorkDir();
  project = await createProject({ work, sdk: OLDEST_SDK, packages: ["provider"], program: PROGRAM });
  await configureForEmulator(project, emulator);
  await project.pulumiOk(["config", "set", "friendlyName", "ACME IVR"]);
}, 600_000);

afterAll(async () => {
  await emulator?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe(`a project on @pulumi/pulumi ${OLDEST_SDK}, the oldest the provider supports`, () => {
  it("installs it as the only SDK and type-checks our declarations with the template tsconfig", async () => {
    const sdk = JSON.parse(fs.readFileSync(path.join(project.dir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"));
    expect(sdk.version).toBe(OLDEST_SDK);
    expect(fs.existsSync(path.join(project.dir, "node_modules", "pulumi-twilio-serverless", "node_modules", "@pulumi"))).toBe(false);
    const tsc = path.join(project.dir, "node_modules", "typescript", "bin", "tsc");
    await expect(run(process.execPath, [tsc, "--noEmit", "-p", "."], { cwd: project.dir })).resolves.toBeDefined();
  });

  it("deploys with credentials from stack config, updates in place, and destroys", async () => {
    await project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect(emulator.inventory()).toMatchObject({ services: 1, environments: 1, variables: 1 });
    await project.pulumiOk(["config", "set", "friendlyName", "ACME IVR line"]);
    const update = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect(update).toContain("1 updated");
    await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect(emulator.inventory()).toMatchObject({ services: 0, environments: 0, variables: 0 });
  });
});
