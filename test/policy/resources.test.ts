import { kindOf, knownStrings, knownValue, StackView } from "../../policy/policies/resources";
import { FakeStack, newAssetVersion, UNKNOWN } from "./policyArgs";
import { unknownCheckingProxy } from "@pulumi/policy";

describe("reading props at preview", () => {
  it("treats unknown values as absent instead of throwing", () => {
    const props = unknownCheckingProxy({ a: UNKNOWN.string, b: "x" });
    expect(knownValue(props, "a")).toBeUndefined();
    expect(knownValue(props, "b")).toBe("x");
  });

  it("keeps the known elements of a list and counts the unknown ones", () => {
    const props = unknownCheckingProxy({ list: ["ZN1", UNKNOWN.string, "ZN2"], whole: UNKNOWN.array, one: "ZB1" });
    expect(knownStrings(props, "list")).toEqual({ values: ["ZN1", "ZN2"], unknown: 1 });
    expect(knownStrings(props, "whole")).toEqual({ values: [], unknown: 1 });
    expect(knownStrings(props, "one")).toEqual({ values: ["ZB1"], unknown: 0 });
    expect(knownStrings(props, "missing")).toEqual({ values: [], unknown: 0 });
  });

  it("reads a map of SIDs (a Build's assetVersionsByPath) as its values", () => {
    const props = unknownCheckingProxy({ byPath: { "/a.txt": "ZN1", "/b.txt": UNKNOWN.string }, whole: UNKNOWN.object });
    expect(knownStrings(props, "byPath")).toEqual({ values: ["ZN1"], unknown: 1 });
    expect(knownStrings(props, "whole")).toEqual({ values: [], unknown: 1 });
  });

  it("knows our kinds by type token", () => {
    expect(kindOf("pulumi-nodejs:dynamic/twilio:AssetVersion")).toBe("AssetVersion");
    expect(kindOf("pulumi-nodejs:dynamic:Resource")).toBeUndefined();
  });
});

describe("StackView.referenced", () => {
  it("does not count twice a dependency that is also named by its known SID", () => {
    const stack = new FakeStack();
    const v = stack.add("AssetVersion", "v", { sid: "ZN1", path: "/v", visibility: "public" });
    const build = stack.add("Build", "b", { assetVersions: ["ZN1"] }, { assetVersions: [v] });
    expect(new StackView(stack.resources).referenced(build, "assetVersions", "AssetVersion")).toEqual({ resources: [v], external: [] });
  });

  it("lets a dependency being updated (SID not in its preview outputs) account for an unmatched SID", () => {
    const stack = new FakeStack();
    const v = newAssetVersion(stack, "v", {});
    const build = stack.add("Build", "b", { assetVersions: ["ZNold"] }, { assetVersions: [v] });
    expect(new StackView(stack.resources).referenced(build, "assetVersions", "AssetVersion")).toEqual({ resources: [v], external: [] });
  });

  it("reads several properties at once: a Build's list and its map by path", () => {
    const stack = new FakeStack();
    const a = stack.add("AssetVersion", "a", { sid: "ZN1", path: "/a", visibility: "public" });
    const b = newAssetVersion(stack, "b", {});
    const build = stack.add("Build", "b", { assetVersions: ["ZNext"], assetVersionsByPath: { "/a": "ZN1", "/b": UNKNOWN.string } }, { assetVersionsByPath: [a, b] });
    expect(new StackView(stack.resources).referenced(build, ["assetVersions", "assetVersionsByPath"], "AssetVersion")).toEqual({
      resources: [a, b],
      external: ["ZNext"],
    });
  });

  it("ignores dependencies of other kinds", () => {
    const stack = new FakeStack();
    const service = stack.add("Service", "s");
    const build = stack.add("Build", "b", { assetVersions: [] }, { assetVersions: [service] });
    expect(new StackView(stack.resources).referenced(build, "assetVersions", "AssetVersion").resources).toEqual([]);
  });
});
