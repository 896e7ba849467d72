/**
 * The sweeper, on an emulator holding what interrupted runs left (a deployed project; a deploy
 * cut short), a younger run's Service and Services that are no run's: it deletes the interrupted
 * runs' Services with everything in them, leaves the younger run's until asked for all, and never
 * touches the others. And a run cut by its request cap deletes what it made. Needs `npm run
 * build` and the Pulumi CLI.
 */
import type { RunningEmulator } from "../../emulator/src";
import { TwilioClient } from "../../provider/src/core/client/client";
import { createEnvironment } from "../../provider/src/core/client/environments";
import { createService, listServices } from "../../provider/src/core/client/services";
import { createEngineStack } from "../helpers/engine";
import { emulatorTarget, startTranscriptEmulator } from "./emulatorTarget";
import { Recorder } from "./recorder";
import { runSuite } from "./suite";
import { newRunPrefix, sweepVia } from "./sweeper";

const TIMEOUT = 5 * 60 * 1000;
const TWO_HOURS = 2 * 60 * 60 * 1000;

let emulator: RunningEmulator;
let client: TwilioClient;

beforeAll(async () => {
  emulator = await startTranscriptEmulator();
  client = new TwilioClient({ baseUrl: emulator.url, uploadBaseUrl: emulator.url, username: emulator.accountSid, password: emulator.authToken });
});

afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

/**
 * What a run that crashed leaves on Twilio: the live suite's project's `up`, its requests cut after
 * `maxRequests` (or none, after the whole deploy), then nothing more reaches Twilio, and the
 * run's local state is gone.
 */
async function crashedRun(serviceName: string, maxRequests: number): Promise<void> {
  const target = emulatorTarget(emulator);
  const recorder = new Recorder({ upstream: target.upstream, maxRequests, deadline: Date.now() + TIMEOUT, prefix: "" });
  await recorder.start();
  const stack = await createEngineStack({
    program: "test/live/programs/project",
    emulator: { url: recorder.apiUrl, uploadUrl: recorder.uploadUrl, accountSid: emulator.accountSid, authToken: emulator.authToken },
    config: { "live-project:serviceName": serviceName, "twilio:maxConcurrentRequests": "1", "twilio:maxTries": "1" },
  });
  try {
    await stack.up().catch(() => undefined);
  } finally {
    recorder.stop("the run crashed");
    // Its destroy is refused: Twilio keeps everything; the local stack and files go.
    await stack.dispose().catch(() => undefined);
    await recorder.close();
  }
}

async function serviceNames(): Promise<string[]> {
  return (await listServices(client)).map((s) => s.uniqueName).sort();
}

describe("the sweeper", () => {
  const old = newRunPrefix(Date.now() - TWO_HOURS);
  const deployed = `${old}project`;
  const cutShort = `${old}failing`;
  const young = `${newRunPrefix()}project`;
  // No run's: no prefix, the prefix without a run's shape, the prefix not at the start, the prefix in the friendly name only.
  const others = ["acme-ivr", "ptslive-demo", `x${old}site`, "shop"];

  it(
    "deletes what interrupted runs left, everything in it, and touches nothing else",
    async () => {
      await crashedRun(deployed, 1000);
      await crashedRun(cutShort, 6);
      await createService(client, young, { friendlyName: young });
      for (const name of others) {
        const service = await createService(client, name, { friendlyName: name === "shop" ? `${old}shop` : name });
        await createEnvironment(client, service.sid, "production", undefined);
      }
      expect(await serviceNames()).toEqual([cutShort, deployed, young, ...others].sort());
      // A deployed project, and the start of a deploy: more than bare Services.
      const before = emulator.inventory();
      expect(before).toMatchObject({ deployments: 1, builds: 1, variables: 1 });
      expect(before.functions + before.environments).toBeGreaterThan(2 + others.length);
      const runEnvironments = before.environments - others.length;

      emulator.resetStats();
      const swept = await sweepVia(emulatorTarget(emulator), {});
      // In the order the account lists its Services, which is Twilio's to choose.
      expect({ ...swept, deleted: [...swept.deleted].sort() }).toEqual({ deleted: [cutShort, deployed].sort(), left: [young], failed: [] });
      expect(await serviceNames()).toEqual([young, ...others].sort());
      // Nothing of the interrupted runs is left; the others' environments are all there.
      expect(emulator.inventory()).toMatchObject({ environments: others.length, functions: 0, functionVersions: 0, variables: 0, builds: 0, deployments: 0 });
      // Its only writes: the swept Services' environments, then the Services.
      const { writes, byOperation } = emulator.stats();
      expect({ writes, deletes: [byOperation.DeleteEnvironment, byOperation.DeleteService] }).toEqual({ writes: runEnvironments + 2, deletes: [runEnvironments, 2] });
    },
    TIMEOUT,
  );

  it("deletes a younger run's Services too when asked for all (--sweep), and still nothing else", async () => {
    const swept = await sweepVia(emulatorTarget(emulator), { all: true });
    expect(swept).toEqual({ deleted: [young], left: [], failed: [] });
    expect(await serviceNames()).toEqual([...others].sort());
    expect(emulator.inventory().environments).toBe(others.length);
  });

  it(
    "a run cut by its request cap stops, and deletes what it made",
    async () => {
      const result = await runSuite({ target: emulatorTarget(emulator), scenarios: ["project"], maxRequests: 6, maxMinutes: 5 });
      expect(result.stopped).toBe("the run's cap of 6 requests was reached");
      expect(result.requests).toBe(6);
      const entries = result.transcripts[0].entries;
      expect(entries.filter((e) => e.via !== "engine").slice(0, 6).map((e) => e.status)).not.toContain("refused");
      expect(entries.some((e) => e.status === "refused")).toBe(true);
      expect(result.after.deleted).toEqual([`${result.prefix}project`]);
      expect(await serviceNames()).toEqual([...others].sort());
    },
    TIMEOUT,
  );
});
