import { handlers } from "../../../provider/src/core/handlers";

const assetHandler = handlers.Asset;

describe("Asset", () => {
  it("requires a friendlyName of at most 255 characters", async () => {
    expect((await assetHandler.check({}, { __resourceName: "logo", serviceSid: "ZS1" })).failures).toEqual([
      { property: "friendlyName", reason: 'Asset "logo": friendlyName is required' },
    ]);
    const long = await assetHandler.check({}, { __resourceName: "logo", serviceSid: "ZS1", friendlyName: "x".repeat(256) });
    expect(long.failures?.[0].reason).toMatch(/^Asset "logo": friendlyName "x+…" is 256 characters long, over the limit of 255$/);
  });

  it("updates friendlyName in place and replaces on a new service", async () => {
    const olds = { serviceSid: "ZS1", friendlyName: "a", sid: "ZH1" };
    expect(await assetHandler.diff("ZH1", olds, { serviceSid: "ZS1", friendlyName: "b" })).toEqual({ changes: true });
    expect(await assetHandler.diff("ZH1", olds, { serviceSid: "ZS2", friendlyName: "a" })).toEqual({
      changes: true,
      replaces: ["serviceSid"],
      deleteBeforeReplace: false,
    });
  });
});
