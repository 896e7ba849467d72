import { deploymentHandler } from "../../../provider/src/core/handlers/deployment";

const ZE = "ZE" + "0".repeat(32);
const ZB = "ZB" + "1".repeat(32);

describe("Deployment", () => {
  it("requires environment and build SIDs", async () => {
    const result = await deploymentHandler.check({}, { __resourceName: "live", serviceSid: "ZS1", environmentSid: "staging", buildSid: ZB });
    expect(result.failures).toEqual([
      {
        property: "environmentSid",
        reason: 'Deployment "live": environmentSid "staging" is not a ZE SID (ZE followed by 32 hexadecimal digits)',
      },
    ]);
  });

  it("is replaced when the build changes", async () => {
    const olds = { serviceSid: "ZS1", environmentSid: ZE, buildSid: ZB, sid: "ZD1" };
    const news = { serviceSid: "ZS1", environmentSid: ZE, buildSid: "ZB" + "2".repeat(32) };
    // `changes` left to the engine, which diffs the inputs itself and prints only what changed.
    expect(await deploymentHandler.diff("ZD1", olds, news)).toEqual({ changes: undefined, replaces: ["buildSid"], deleteBeforeReplace: false });
    expect(await deploymentHandler.diff("ZD1", olds, { ...olds })).toEqual({ changes: false });
  });
});
