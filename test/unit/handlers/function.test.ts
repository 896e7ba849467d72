import { stringAssetWire } from "../../../provider/src/core/content";
import { handlers } from "../../../provider/src/core/handlers";

const functionHandler = handlers.Function;
const functionVersionHandler = handlers.FunctionVersion;

const ZH = "ZH" + "f".repeat(32);

describe("Function", () => {
  it("names itself in check failures and updates friendlyName in place", async () => {
    expect((await functionHandler.check({}, { __resourceName: "hello", serviceSid: "ZS1" })).failures).toEqual([
      { property: "friendlyName", reason: 'Function "hello": friendlyName is required' },
    ]);
    const olds = { serviceSid: "ZS1", friendlyName: "a", sid: ZH };
    expect(await functionHandler.diff(ZH, olds, { serviceSid: "ZS1", friendlyName: "b" })).toEqual({ changes: true });
  });
});

describe("FunctionVersion", () => {
  const check = (news: Record<string, unknown>) =>
    functionVersionHandler.check({}, { __resourceName: "hello", serviceSid: "ZS1", functionSid: ZH, visibility: "public", ...news });

  it("checks like an asset version, with JavaScript as the default media type", async () => {
    const result = await check({ path: "hello", content: stringAssetWire("exports.handler = (c, e, cb) => cb(null, 'hi');") });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toMatchObject({ functionSid: ZH, path: "/hello", contentType: "application/javascript" });
    expect(result.inputs).not.toHaveProperty("assetSid");
  });

  it("requires a Function SID", async () => {
    expect((await check({ functionSid: "hello", path: "/x", content: stringAssetWire("x") })).failures).toEqual([
      { property: "functionSid", reason: 'FunctionVersion "hello": functionSid "hello" is not a ZH SID (ZH followed by 32 hexadecimal digits)' },
    ]);
  });

  it("is replaced when its function or its content changes", async () => {
    const olds = { serviceSid: "ZS1", functionSid: ZH, path: "/x", visibility: "public", contentSha256: "a".repeat(64), sid: "ZN1" };
    expect(await functionVersionHandler.diff("ZN1", olds, { ...olds, functionSid: "ZH" + "0".repeat(32) })).toMatchObject({ replaces: ["functionSid"] });
    expect(await functionVersionHandler.diff("ZN1", olds, { ...olds, contentSha256: "b".repeat(64) })).toMatchObject({ replaces: ["contentSha256"] });
  });
});
