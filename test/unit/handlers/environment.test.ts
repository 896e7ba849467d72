import { handlers } from "../../../provider/src/core/handlers";

const environmentHandler = handlers.Environment;

const check = (news: Record<string, unknown>) => environmentHandler.check({}, { __resourceName: "staging", ...news });
const base = { serviceSid: "ZS1", uniqueName: "staging", domainSuffix: "stage" };

describe("Environment check", () => {
  it("passes valid inputs and leaves out an empty domainSuffix", async () => {
    expect(await check({ serviceSid: "ZS1", uniqueName: "prod", domainSuffix: "" })).toEqual({
      inputs: { __resourceName: "staging", serviceSid: "ZS1", uniqueName: "prod" },
    });
  });

  it.each([
    [{ ...base, domainSuffix: "a".repeat(17) }, "domainSuffix", `Environment "staging": domainSuffix "${"a".repeat(17)}" is 17 characters long, over the limit of 16`],
    [{ ...base, domainSuffix: "a.b" }, "domainSuffix", 'Environment "staging": domainSuffix "a.b" may contain only letters, digits and dashes (it becomes part of a domain name)'],
    [{ ...base, uniqueName: "u".repeat(101) }, "uniqueName", `Environment "staging": uniqueName "${"u".repeat(80)}…" is 101 characters long, over the limit of 100`],
    [{ uniqueName: "x" }, "serviceSid", 'Environment "staging": serviceSid is required'],
  ])("refuses %j", async (news, property, reason) => {
    expect((await check(news)).failures).toEqual([{ property, reason }]);
  });
});

describe("Environment diff", () => {
  it("replaces on any change, deleting first while the new one reuses a unique field", async () => {
    expect(await environmentHandler.diff("ZE1", base, { ...base, uniqueName: "stage2" })).toEqual({
      changes: true,
      replaces: ["uniqueName"],
      deleteBeforeReplace: true,
    });
    expect(await environmentHandler.diff("ZE1", base, { ...base, domainSuffix: undefined })).toEqual({
      changes: true,
      replaces: ["domainSuffix"],
      deleteBeforeReplace: true,
    });
  });

  it("creates the new environment first when nothing unique is reused, or the service changes", async () => {
    expect(await environmentHandler.diff("ZE1", base, { ...base, uniqueName: "b", domainSuffix: "b" })).toMatchObject({ deleteBeforeReplace: false });
    expect(await environmentHandler.diff("ZE1", base, { ...base, serviceSid: "ZS2" })).toMatchObject({
      replaces: ["serviceSid"],
      deleteBeforeReplace: false,
    });
  });

  it("sees no change when only computed outputs differ", async () => {
    const olds = { ...base, sid: "ZE1", domainName: "x-1-stage.twil.io", url: "https://x-1-stage.twil.io" };
    expect(await environmentHandler.diff("ZE1", olds, base)).toEqual({ changes: false });
  });
});
