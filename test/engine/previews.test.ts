/**
 * Previews that tell the truth, on the real engine (test/fixtures/previews: every kind that Twilio
 * updates in place, each with a dependant that takes its `sid` in a field that replaces). For each
 * in-place field, the preview plans exactly the update that the following `up` makes, and the same
 * counts: no dependant shows as replaced, because `sid` is read from the resource's ID, which an
 * update keeps. A change of the Service's uniqueName still previews as its replacement with every
 * dependant, as `up` does it.
 * Needs `npm run build` first (the program and the provider process load dist/).
 */
import { type RunningEmulator, startEmulator } from "../../emulator/src";
import { changeCounts, createEngineStack, type EngineStack } from "../helpers/engine";
import { previewPlan } from "../helpers/siteSteps";
import { uniqueName } from "../helpers/common";

const TIMEOUT = 5 * 60 * 1000;
/** Stack, Service, Environment, Asset, AssetVersion, Function, FunctionVersion, Build, Deployment, Variable. */
const RESOURCES = 10;

let emulator: RunningEmulator;
let stack: EngineStack;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 100 });
  stack = await createEngineStack({
    program: "test/fixtures/previews",
    emulator,
    config: { "previews:uniqueName": uniqueName("previews") },
    // 16 runs of the program: `npm run typecheck` checks it once instead of ts-node at every run.
    env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
  });
}, TIMEOUT);

afterAll(async () => {
  await stack?.dispose();
  await emulator?.close();
}, TIMEOUT);

/** Field, config key, new value, the resource that updates (short URN). */
const IN_PLACE: Array<[string, string, string, string]> = [
  ["Service friendlyName", "previews:serviceFriendlyName", "Previews, renamed", "Service::service"],
  ["Service includeCredentials", "previews:includeCredentials", "false", "Service::service"],
  ["Service uiEditable", "previews:uiEditable", "true", "Service::service"],
  ["Asset friendlyName", "previews:assetFriendlyName", "/home.html", "Asset::page"],
  ["Function friendlyName", "previews:functionFriendlyName", "/greet", "Function::hello"],
  ["Variable value", "previews:variableValue", "bonjour", "Variable::greeting"],
  ["Variable key", "previews:variableKey", "SALUTATION", "Variable::greeting"],
];

describe("previews on the real engine", () => {
  it(
    "creates every resource",
    async () => {
      const result = await stack.up();
      expect(changeCounts(result.summary.resourceChanges)).toEqual({ create: RESOURCES });
    },
    TIMEOUT,
  );

  it.each(IN_PLACE)(
    "%s: previews the one update that up makes, with the same counts and no replacement",
    async (_field, key, value, updated) => {
      await stack.stack.setConfig(key, { value });
      emulator.resetStats();
      const preview = await previewPlan(stack);
      expect(preview.plan).toEqual({ update: [updated] });
      expect(emulator.stats().writes).toBe(0);
      const up = await stack.up();
      expect(changeCounts(up.summary.resourceChanges)).toEqual(preview.summary);
      expect(preview.summary).toEqual({ same: RESOURCES - 1, update: 1 });
    },
    TIMEOUT,
  );

  it(
    "a uniqueName change previews the Service's replacement with every dependant, as up then does",
    async () => {
      await stack.stack.setConfig("previews:uniqueName", { value: uniqueName("previews2") });
      const preview = await previewPlan(stack);
      expect(preview.plan).toEqual({
        replace: [
          "Asset::page",
          "AssetVersion::page",
          "Build::build",
          "Deployment::deployment",
          "Environment::environment",
          "Function::hello",
          "FunctionVersion::hello",
          "Service::service",
          "Variable::greeting",
        ],
      });
      expect(preview.replaceKeys["Service::service"]).toEqual(["uniqueName"]);
      const up = await stack.up();
      expect(changeCounts(up.summary.resourceChanges)).toEqual(preview.summary);
      expect(preview.summary).toEqual({ same: 1, replace: RESOURCES - 1 });
      expect(emulator.inventory()).toMatchObject({ services: 1, environments: 1, builds: 1 });
    },
    TIMEOUT,
  );
});
