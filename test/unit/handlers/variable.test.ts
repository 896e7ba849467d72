import { variableHandler } from "../../../provider/src/core/handlers/variable";

const ZE = "ZE" + "e".repeat(32);
const check = (news: Record<string, unknown>) =>
  variableHandler.check({}, { __resourceName: "api-key", serviceSid: "ZS1", environmentSid: ZE, key: "API_KEY", value: "v", ...news });

describe("Variable check", () => {
  it("passes a key and a value", async () => {
    expect(await check({})).toEqual({ inputs: { __resourceName: "api-key", serviceSid: "ZS1", environmentSid: ZE, key: "API_KEY", value: "v" } });
  });

  it("refuses a value over 450 bytes without ever quoting it", async () => {
    const secret = "s3cr3t-".repeat(70);
    const result = await check({ value: secret });
    expect(result.failures).toEqual([
      { property: "value", reason: `Variable "api-key": value is ${secret.length} bytes long, over the limit of 450 (the value is not shown)` },
    ]);
    expect(JSON.stringify(result.failures)).not.toContain("s3cr3t");
  });

  it("counts bytes, not characters", async () => {
    expect((await check({ value: "é".repeat(226) })).failures?.[0].reason).toContain("value is 452 bytes long");
  });

  it("refuses a key over 128 characters and a missing value", async () => {
    expect((await check({ key: "K".repeat(129) })).failures?.[0].reason).toMatch(/^Variable "api-key": key "K+…" is 129 characters long, over the limit of 128$/);
    expect((await check({ value: undefined })).failures).toEqual([{ property: "value", reason: 'Variable "api-key": value is required' }]);
  });
});

describe("Variable diff", () => {
  const olds = { serviceSid: "ZS1", environmentSid: ZE, key: "A", value: "1", sid: "ZV1" };

  it("updates key and value in place", async () => {
    expect(await variableHandler.diff("ZV1", olds, { ...olds, key: "B", value: "2" })).toEqual({ changes: true });
  });

  it("is replaced in another environment", async () => {
    expect(await variableHandler.diff("ZV1", olds, { ...olds, environmentSid: "ZE" + "0".repeat(32) })).toMatchObject({
      changes: true,
      replaces: ["environmentSid"],
    });
  });
});
