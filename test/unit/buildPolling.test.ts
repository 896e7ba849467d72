/** How often a Build's status is polled while it builds: the backoff and its setting. */
import { nextPollInterval } from "../../provider/src/core/handlers/build";
import { buildWaitSettings } from "../../provider/src/core/settings";

describe("Build status polling", () => {
  it("waits 50 ms after the first poll, then 1.5 times longer each time, up to a second (Twilio's advice)", () => {
    const wait = buildWaitSettings({});
    expect(wait).toMatchObject({ firstIntervalMs: 50, maxIntervalMs: 1000 });
    const waits = [wait.firstIntervalMs];
    while (waits.length < 11) waits.push(nextPollInterval(waits[waits.length - 1], wait.maxIntervalMs));
    expect(waits).toEqual([50, 75, 113, 170, 255, 383, 575, 863, 1000, 1000, 1000]);
  });

  it("takes its longest wait from the setting", () => {
    const wait = buildWaitSettings({ TWILIO_SERVERLESS_BUILD_POLL_MAX_INTERVAL_MS: "200" });
    expect(wait.maxIntervalMs).toBe(200);
    expect(nextPollInterval(170, wait.maxIntervalMs)).toBe(200);
  });
});
