/**
 * examples/primitives with credentials from the provider process's environment instead of stack
 * config, and with none at all. Needs `npm run build` first.
 */
import { type RunningEmulator, startEmulator } from "../../emulator/src";
import { changeCounts, createEngineStack, type EngineStack } from "../helpers/engine";
import { uniqueName } from "../helpers/common";

let emulator: RunningEmulator;
beforeAll(async () => (emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 100 })));
afterAll(() => emulator?.close());

describe("examples/primitives credentials", () => {
  let stack: EngineStack | undefined;
  afterEach(async () => {
    await stack?.dispose();
    stack = undefined;
  }, 300_000);

  it("reads TWILIO_* environment variables when stack config has no credentials", async () => {
    stack = await createEngineStack({
      program: "examples/primitives",
      emulator,
      credentials: "env",
      config: { "primitives:uniqueName": uniqueName("env") },
    });
    const result = await stack.up();
    expect(changeCounts(result.summary.resourceChanges).create).toBeGreaterThan(10);
    expect(emulator.inventory().services).toBe(1);
    expect(await stack.stateText()).not.toContain(emulator.authToken);
    await stack.destroy();
    expect(emulator.inventory().services).toBe(0);
  }, 300_000);

  it("previews without credentials, then fails on up with one message naming the settings", async () => {
    stack = await createEngineStack({
      program: "examples/primitives",
      emulator,
      credentials: "none",
      config: { "primitives:uniqueName": uniqueName("none") },
    });
    await expect(stack.preview()).resolves.toBeDefined();
    await expect(stack.up()).rejects.toThrow(/No Twilio credentials\. Set stack config twilio:accountSid and twilio:authToken/);
    expect(emulator.inventory().services).toBe(0);
  }, 300_000);
});
