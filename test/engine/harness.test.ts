import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { startEmulator, RunningEmulator } from "../../emulator/src";
import { changeCounts, createEngineStack, EngineStack, findPulumiCli, isPinnedBuild, pinnedPulumiVersion } from "../helpers/engine";

// The harness itself, proven with a minimal dynamic resource (test/fixtures/engine-minimal).
describe("engine harness", () => {
  let emulator: RunningEmulator;
  let stack: EngineStack;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, quiet: true });
    stack = await createEngineStack({
      program: "test/fixtures/engine-minimal",
      emulator,
      credentials: "env",
      config: { "engine-minimal:uniqueName": `harness-${Date.now()}` },
    });
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("uses a Pulumi CLI that reports its version (the pinned one when we built it)", () => {
    const binDir = findPulumiCli();
    const version = execFileSync(path.join(binDir, "pulumi"), ["version"], { encoding: "utf8" }).trim();
    expect(version).toMatch(/^v3\.\d+\.\d+$/);
    if (isPinnedBuild(binDir)) expect(version).toBe(pinnedPulumiVersion());
  });

  it("creates the resource on up", async () => {
    const result = await stack.up();
    expect(changeCounts(result.summary.resourceChanges)).toEqual({ create: 2 });
    expect(result.outputs.serviceSid.value).toMatch(/^ZS[0-9a-f]{32}$/);
    expect(emulator.inventory().services).toBe(1);
  });

  it("reports no changes on a second up", async () => {
    const result = await stack.up();
    expect(changeCounts(result.summary.resourceChanges)).toEqual({ same: 2 });
  });

  it("previews exactly the edited property as an update", async () => {
    await stack.stack.setConfig("engine-minimal:friendlyName", { value: "Renamed" });
    emulator.resetStats();
    const preview = await stack.preview({ diff: true });
    expect(changeCounts(preview.changeSummary)).toEqual({ same: 1, update: 1 });
    expect(preview.stdout).toContain("friendlyName");
    expect(emulator.stats().writes).toBe(0);
  });

  it("removes everything on destroy", async () => {
    const result = await stack.destroy();
    expect(changeCounts(result.summary.resourceChanges)).toEqual({ delete: 2 });
    expect(emulator.inventory().services).toBe(0);
  });
});
