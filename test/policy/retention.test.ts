import { buildServedByDeployment, versionIncludedInBuild } from "../../policy/policies/retention";
import { FakeStack, newAssetVersion, newBuild, newFunctionVersion, UNKNOWN, validateStack } from "./policyArgs";

describe("#versionIncludedInBuild", () => {
  it("warns about asset and function versions that no Build includes", async () => {
    const stack = new FakeStack();
    const built = newAssetVersion(stack, "built", {});
    const orphan = newAssetVersion(stack, "orphan", {});
    const fn = newFunctionVersion(stack, "stray");
    newBuild(stack, "site", { assets: [built] });
    expect(await validateStack(versionIncludedInBuild, stack)).toEqual([
      { message: 'AssetVersion "orphan" is in no Build, so Twilio deletes it after 7 days.', urn: orphan.urn },
      { message: 'FunctionVersion "stray" is in no Build, so Twilio deletes it after 7 days.', urn: fn.urn },
    ]);
  });

  it("passes when every version is in some Build", async () => {
    const stack = new FakeStack();
    const a = newAssetVersion(stack, "a", {});
    const f = newFunctionVersion(stack, "f");
    newBuild(stack, "one", { assets: [a] });
    newBuild(stack, "two", { functions: [f] });
    expect(await validateStack(versionIncludedInBuild, stack)).toEqual([]);
  });

  it("counts a version held in a Build's assetVersionsByPath (as AssetFolder builds) as included", async () => {
    const stack = new FakeStack();
    const a = newAssetVersion(stack, "a", {});
    stack.add("Build", "site", { assetVersions: [], assetVersionsByPath: { "/a": UNKNOWN.string } }, { assetVersionsByPath: [a] });
    expect(await validateStack(versionIncludedInBuild, stack)).toEqual([]);
  });
});

describe("#buildServedByDeployment", () => {
  it("warns about a Build that no Deployment serves", async () => {
    const stack = new FakeStack();
    const build = newBuild(stack, "old", { assets: [newAssetVersion(stack, "a", {})] });
    expect(await validateStack(buildServedByDeployment, stack)).toEqual([
      { message: 'Build "old" is served by no Deployment, so Twilio deletes it after 7 days.', urn: build.urn },
    ]);
  });

  it("passes a Build that a Deployment of a new stack serves (buildSid unknown, found by dependency)", async () => {
    const stack = new FakeStack();
    const build = newBuild(stack, "live", { assets: [newAssetVersion(stack, "a", {})] });
    stack.add("Deployment", "deploy", { serviceSid: UNKNOWN.string, environmentSid: UNKNOWN.string, buildSid: UNKNOWN.string }, { buildSid: [build] });
    expect(await validateStack(buildServedByDeployment, stack)).toEqual([]);
  });

  it("passes a Build served by SID on an existing stack", async () => {
    const stack = new FakeStack();
    stack.add("Build", "live", { sid: "ZB0001", assetVersions: [] });
    stack.add("Deployment", "deploy", { sid: "ZD0001", buildSid: "ZB0001" });
    expect(await validateStack(buildServedByDeployment, stack)).toEqual([]);
  });
});
