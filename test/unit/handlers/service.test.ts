import { UNKNOWN } from "../../../provider/src/core/handlers/validation";
import { handlers } from "../../../provider/src/core/handlers";

const serviceHandler = handlers.Service;

const check = (news: Record<string, unknown>) => serviceHandler.check({}, { __resourceName: "svc", __provider: "P", ...news });
const base = { uniqueName: "my-svc", friendlyName: "My", includeCredentials: true, uiEditable: false, __provider: "P" };

describe("Service check", () => {
  it("fills Twilio's defaults and keeps the resource name", async () => {
    expect(await check({ uniqueName: "my-svc" })).toEqual({
      inputs: { __resourceName: "svc", uniqueName: "my-svc", friendlyName: "my-svc", includeCredentials: true, uiEditable: false },
    });
  });

  it.each([
    [{ uniqueName: "a".repeat(51) }, "uniqueName", `Service "svc": uniqueName "${"a".repeat(51)}" is 51 characters long, over the limit of 50`],
    [{ uniqueName: "my_svc" }, "uniqueName", 'Service "svc": uniqueName "my_svc" may contain only letters, digits and dashes (it becomes part of a domain name)'],
    [{ uniqueName: "ok", friendlyName: "f".repeat(256) }, "friendlyName", `Service "svc": friendlyName "${"f".repeat(80)}…" is 256 characters long, over the limit of 255`],
    [{ uniqueName: "ok", includeCredentials: "yes" }, "includeCredentials", 'Service "svc": includeCredentials "yes" is not a boolean (true or false)'],
    [{}, "uniqueName", 'Service "svc": uniqueName is required'],
  ])("refuses %j", async (news, property, reason) => {
    expect((await check(news)).failures).toEqual([{ property, reason }]);
  });

  it("leaves values unknown during preview alone", async () => {
    const result = await check({ uniqueName: UNKNOWN });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toMatchObject({ uniqueName: UNKNOWN, friendlyName: UNKNOWN });
  });
});

describe("Service diff", () => {
  it("replaces on a new uniqueName, deleting the old service first", async () => {
    expect(await serviceHandler.diff("ZS1", base, { ...base, uniqueName: "other" })).toEqual({
      changes: true,
      replaces: ["uniqueName"],
      deleteBeforeReplace: true,
    });
  });

  it.each(["friendlyName", "includeCredentials", "uiEditable"])("updates %s in place", async (field) => {
    const news = { ...base, [field]: field === "friendlyName" ? "New" : !base[field as "uiEditable"] };
    expect(await serviceHandler.diff("ZS1", base, news)).toEqual({ changes: true });
  });

  it("ignores the serialized provider and the resource name", async () => {
    expect(await serviceHandler.diff("ZS1", base, { ...base, __provider: "new build", __resourceName: "renamed" })).toEqual({ changes: false });
  });

  it("counts an unknown value as a change", async () => {
    expect(await serviceHandler.diff("ZS1", base, { ...base, friendlyName: UNKNOWN })).toEqual({ changes: true });
  });
});
