import { versionPathValid } from "../../policy/policies/paths";
import { resourceArgs, UNKNOWN, validateResource } from "./policyArgs";

const props = (path: unknown) => ({ serviceSid: UNKNOWN.string, path, visibility: "public", size: 10 });

describe("#versionPathValid", () => {
  it("fails a path over 255 characters, counting the leading slash Twilio adds", async () => {
    const path = "a".repeat(255); // 256 characters once normalized
    const found = await validateResource(versionPathValid, resourceArgs("AssetVersion", "long", props(path)));
    expect(found).toEqual([
      `AssetVersion "long" has the path "/${"a".repeat(56)}...", which is 256 characters long, over the limit of 255.`,
    ]);
  });

  it("passes a path of exactly 255 characters", async () => {
    const path = `/${"a".repeat(255 - 1)}`;
    expect(await validateResource(versionPathValid, resourceArgs("AssetVersion", "edge", props(path)))).toEqual([]);
  });

  it.each([
    ["/my file.txt", "contains whitespace"],
    ["/a;b", "contains the forbidden character ';'"],
    ["/who@home", "contains the forbidden character '@'"],
    ["/q?x=1", "contains the forbidden character '?'"],
    ["/it's", "contains the forbidden character '''"],
    ["", "is empty"],
  ])("fails %j because it %s", async (path, problem) => {
    const found = await validateResource(versionPathValid, resourceArgs("FunctionVersion", "fn", props(path)));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`FunctionVersion "fn" has the path "${path}", which ${problem}`);
  });

  it("finds a forbidden character past the 255th when the length limit is raised in config", async () => {
    const path = `/${"a".repeat(300)}$`;
    const config = { maxPathLength: 1000 };
    expect(await validateResource(versionPathValid, resourceArgs("AssetVersion", "x", props(path), config))).toEqual([
      expect.stringContaining("contains the forbidden character '$'"),
    ]);
  });

  it("uses maxPathLength from config", async () => {
    const found = await validateResource(versionPathValid, resourceArgs("AssetVersion", "x", props("/abcdef"), { maxPathLength: 5 }));
    expect(found).toEqual([expect.stringContaining("which is 7 characters long, over the limit of 5.")]);
  });

  it("passes ordinary asset and function paths", async () => {
    for (const path of ["/index.html", "styles/site.css", "/api/v1/hello-world", "/"]) {
      expect(await validateResource(versionPathValid, resourceArgs("AssetVersion", "ok", props(path)))).toEqual([]);
      expect(await validateResource(versionPathValid, resourceArgs("FunctionVersion", "ok", props(path)))).toEqual([]);
    }
  });

  it("ignores resources that have no path", async () => {
    expect(await validateResource(versionPathValid, resourceArgs("Service", "svc", { uniqueName: "a b" }))).toEqual([]);
  });
});
