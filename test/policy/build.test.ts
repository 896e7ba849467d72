import {
  buildFunctionVersionLimit,
  buildOneVersionPerAsset,
  buildPrivateAssetVersionLimit,
  buildPublicAssetVersionLimit,
  buildUniquePaths,
} from "../../policy/policies/build";
import { FakeStack, newAssetVersion, newBuild, newFunctionVersion, newService, UNKNOWN, validateStack } from "./policyArgs";

function assets(stack: FakeStack, prefix: string, n: number, visibility = "public") {
  return Array.from({ length: n }, (_, i) => newAssetVersion(stack, `${prefix}${i}`, { visibility }));
}

describe("#buildPublicAssetVersionLimit", () => {
  it("fails a Build of a new stack with 1,001 public and protected versions, counted through propertyDependencies", async () => {
    const stack = new FakeStack();
    const versions = [...assets(stack, "pub", 600), ...assets(stack, "prot", 401, "protected")];
    const build = newBuild(stack, "site", { assets: versions });
    expect(await validateStack(buildPublicAssetVersionLimit, stack)).toEqual([
      {
        message: 'Build "site" includes 1,001 public and protected asset versions, over the limit of 1,000 per build.',
        urn: build.urn,
      },
    ]);
  });

  it("passes 1,000 public versions alongside private ones", async () => {
    const stack = new FakeStack();
    newBuild(stack, "site", { assets: [...assets(stack, "pub", 1000), ...assets(stack, "priv", 10, "private")] });
    expect(await validateStack(buildPublicAssetVersionLimit, stack)).toEqual([]);
  });

  it("counts versions when the whole list is unknown at preview (built with apply)", async () => {
    const stack = new FakeStack();
    const versions = assets(stack, "pub", 3);
    stack.add("Build", "site", { serviceSid: UNKNOWN.string, assetVersions: UNKNOWN.array }, { assetVersions: versions });
    expect(await validateStack(buildPublicAssetVersionLimit, stack, { maxPublicAssetVersions: 2 })).toEqual([
      expect.objectContaining({ message: expect.stringContaining("includes 3 public and protected asset versions, over the limit of 2") }),
    ]);
  });

  it("counts the versions of assetVersionsByPath (as AssetFolder builds), by dependency and by SID", async () => {
    const stack = new FakeStack();
    const versions = assets(stack, "pub", 3);
    stack.add("Build", "site", { assetVersions: [], assetVersionsByPath: { "/a": UNKNOWN.string, "/b": UNKNOWN.string, "/c": UNKNOWN.string } }, { assetVersionsByPath: versions });
    expect(await validateStack(buildPublicAssetVersionLimit, stack, { maxPublicAssetVersions: 2 })).toEqual([
      expect.objectContaining({ message: expect.stringContaining("includes 3 public and protected asset versions, over the limit of 2") }),
    ]);
    const existing = new FakeStack();
    const sids = ["ZN01", "ZN02", "ZN03"];
    sids.forEach((sid) => existing.add("AssetVersion", sid, { sid, path: `/${sid}`, visibility: "public", size: 1 }));
    existing.add("Build", "site", { sid: "ZB01", assetVersions: ["ZN01"], assetVersionsByPath: { "/ZN02": "ZN02", "/ZN03": "ZN03" } });
    expect(await validateStack(buildPublicAssetVersionLimit, existing, { maxPublicAssetVersions: 2 })).toHaveLength(1);
    expect(await validateStack(buildPublicAssetVersionLimit, existing, { maxPublicAssetVersions: 3 })).toEqual([]);
  });

  it("counts versions by SID on an existing stack, where SIDs are known", async () => {
    const stack = new FakeStack();
    const sids = ["ZN01", "ZN02", "ZN03"];
    sids.forEach((sid) => stack.add("AssetVersion", sid, { sid, path: `/${sid}`, visibility: "public", size: 1 }));
    stack.add("Build", "site", { sid: "ZB01", assetVersions: sids });
    expect(await validateStack(buildPublicAssetVersionLimit, stack, { maxPublicAssetVersions: 2 })).toHaveLength(1);
    expect(await validateStack(buildPublicAssetVersionLimit, stack, { maxPublicAssetVersions: 3 })).toEqual([]);
  });
});

describe("#buildPrivateAssetVersionLimit", () => {
  it("fails a Build with 51 private versions", async () => {
    const stack = new FakeStack();
    newBuild(stack, "site", { assets: assets(stack, "priv", 50 + 1, "private") });
    expect(await validateStack(buildPrivateAssetVersionLimit, stack)).toEqual([
      expect.objectContaining({ message: 'Build "site" includes 51 private asset versions, over the limit of 50 per build.' }),
    ]);
  });

  it("passes 50 private versions, and 51 when config raises the limit", async () => {
    const stack = new FakeStack();
    newBuild(stack, "a", { assets: assets(stack, "a", 50, "private") });
    expect(await validateStack(buildPrivateAssetVersionLimit, stack)).toEqual([]);
    newBuild(stack, "b", { assets: assets(stack, "b", 51, "private") });
    expect(await validateStack(buildPrivateAssetVersionLimit, stack, { maxPrivateAssetVersions: 60 })).toEqual([]);
  });
});

describe("#buildFunctionVersionLimit", () => {
  it("fails a Build with 101 function versions", async () => {
    const stack = new FakeStack();
    const fns = Array.from({ length: 101 }, (_, i) => newFunctionVersion(stack, `fn${i}`));
    newBuild(stack, "api", { functions: fns });
    expect(await validateStack(buildFunctionVersionLimit, stack)).toEqual([
      expect.objectContaining({ message: 'Build "api" includes 101 function versions, over the limit of 100 per build.' }),
    ]);
  });

  it("counts function versions made outside the stack by their SIDs", async () => {
    const stack = new FakeStack();
    const fn = newFunctionVersion(stack, "mine");
    stack.add("Build", "api", { functionVersions: [UNKNOWN.string, "ZNexternal1", "ZNexternal2"] }, { functionVersions: [fn] });
    expect(await validateStack(buildFunctionVersionLimit, stack, { maxFunctionVersions: 2 })).toEqual([
      expect.objectContaining({ message: expect.stringContaining("includes 3 function versions") }),
    ]);
  });

  it("passes 100 function versions", async () => {
    const stack = new FakeStack();
    newBuild(stack, "api", { functions: Array.from({ length: 100 }, (_, i) => newFunctionVersion(stack, `fn${i}`)) });
    expect(await validateStack(buildFunctionVersionLimit, stack)).toEqual([]);
  });
});

describe("#buildUniquePaths", () => {
  it("fails two versions with the same path in one Build, asset and function alike", async () => {
    const stack = new FakeStack();
    const a = newAssetVersion(stack, "page", { path: "/hello" });
    const f = newFunctionVersion(stack, "hello", { path: "hello" });
    const build = newBuild(stack, "site", { assets: [a], functions: [f] });
    expect(await validateStack(buildUniquePaths, stack)).toEqual([
      {
        message: 'Build "site" includes 2 versions with the path "/hello" (AssetVersion "page", FunctionVersion "hello"), over the limit of one version per path.',
        urn: build.urn,
      },
    ]);
  });

  it("passes the same path in two different Builds", async () => {
    const stack = new FakeStack();
    newBuild(stack, "one", { assets: [newAssetVersion(stack, "a", { path: "/x" })] });
    newBuild(stack, "two", { assets: [newAssetVersion(stack, "b", { path: "/x" })] });
    expect(await validateStack(buildUniquePaths, stack)).toEqual([]);
  });
});

describe("#buildOneVersionPerAsset", () => {
  it("fails a Build with two versions of one Asset, related through assetSid dependencies", async () => {
    const stack = new FakeStack();
    const service = newService(stack, "app");
    const logo = stack.add("Asset", "logo", { serviceSid: UNKNOWN.string, friendlyName: "logo" }, { serviceSid: [service] });
    const v1 = newAssetVersion(stack, "logo-v1", { path: "/logo.png" }, { service, asset: logo });
    const v2 = newAssetVersion(stack, "logo-v2", { path: "/logo-2.png" }, { service, asset: logo });
    newBuild(stack, "site", { assets: [v1, v2] });
    expect(await validateStack(buildOneVersionPerAsset, stack)).toEqual([
      expect.objectContaining({
        message: 'Build "site" includes 2 versions of Asset "logo" (AssetVersion "logo-v1", AssetVersion "logo-v2"), over the limit of one version per asset.',
      }),
    ]);
  });

  it("fails two versions of an Asset made outside the stack, by its SID", async () => {
    const s = new FakeStack();
    const x1 = s.add("AssetVersion", "x1", { assetSid: "ZH0001", path: "/x1", visibility: "public" });
    const x2 = s.add("AssetVersion", "x2", { assetSid: "ZH0001", path: "/x2", visibility: "public" });
    newBuild(s, "site", { assets: [x1, x2] });
    expect(await validateStack(buildOneVersionPerAsset, s)).toEqual([
      expect.objectContaining({ message: expect.stringContaining("2 versions of Asset ZH0001") }),
    ]);
  });

  it("passes one version each of two Assets", async () => {
    const stack = new FakeStack();
    const a = stack.add("Asset", "a");
    const b = stack.add("Asset", "b");
    newBuild(stack, "site", { assets: [newAssetVersion(stack, "va", {}, { asset: a }), newAssetVersion(stack, "vb", {}, { asset: b })] });
    expect(await validateStack(buildOneVersionPerAsset, stack)).toEqual([]);
  });
});
