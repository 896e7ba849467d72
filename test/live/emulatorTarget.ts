/**
 * The emulator as the committed transcripts were recorded against it and as CI runs the live
 * suite: in memory, with short builds, and deliberate deviations when a test asks for them.
 */
import { type Deviation, type RunningEmulator, startEmulator } from "../../emulator/src";
import type { LiveTarget } from "./gate";

/** Builds of 100 ms: a poll or two each. */
export function startTranscriptEmulator(deviations?: Deviation[]): Promise<RunningEmulator> {
  return startEmulator({ port: 0, quiet: true, buildDurationMs: 100, deviations });
}

export function emulatorTarget(emulator: RunningEmulator): LiveTarget {
  return {
    name: "emulator",
    upstream: { api: emulator.url, upload: emulator.url },
    accountSid: emulator.accountSid,
    authToken: emulator.authToken,
    siteOrigin: () => emulator.url,
  };
}
