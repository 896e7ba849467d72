/**
 * A build Twilio accepts (201) and then fails, through the real engine: what `pulumi up` tells the
 * user. Real runs show such builds (serverless-toolkit-moved#17, serverless-toolkit#390 and #273;
 * emulator/README.md); the emulator fails one on request here, and the integration test
 * (test/integration/build.test.ts) fails one for a recorded cause (node24 with an old handler).
 * Needs `npm run build` first.
 */
import { type RunningEmulator, startEmulator } from "../../emulator/src";
import { changeCounts, createEngineStack, type EngineStack } from "../helpers/engine";
import { fetchSite, uniqueName } from "../helpers/common";

let emulator: RunningEmulator;
let stack: EngineStack;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 200 });
  stack = await createEngineStack({ program: "examples/primitives", emulator, config: { "primitives:uniqueName": uniqueName("fail") } });
}, 120_000);

afterAll(async () => {
  await stack?.dispose();
  await emulator?.close();
}, 300_000);

describe("a build that fails after Twilio accepted it, on the real engine", () => {
  it("fails pulumi up with the provider's message, leaves no build behind, and the next up completes", async () => {
    emulator.failNextBuilds(1);
    const failure = stack.up();
    await expect(failure).rejects.toThrow(
      /error: Failed to create Build (ZB[0-9a-f]{32}) in Service (ZS[0-9a-f]{32}): Build \1 of Service \2 failed: Twilio reports status \\?"failed\\?" and no reason\. Look for the build's errors in the Twilio Console/,
    );
    expect(stack.output()).toContain("Causes seen before: a dependency Twilio could not install, and on node24 a @twilio/runtime-handler older than 1.2.0");
    expect(emulator.inventory().builds).toBe(0);

    const result = await stack.up();
    expect(changeCounts(result.summary.resourceChanges)).toMatchObject({ create: 2 });
    expect(emulator.inventory().builds).toBe(1);
    expect((await fetchSite(emulator, result.outputs.domainName.value, "/index.html")).status).toBe(200);
  }, 300_000);
});
