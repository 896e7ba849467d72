/**
 * `DynamicResource` (provider/src/dynamicResource.ts): the one-line `__provider`, and the
 * frame-less promise-debugging traces while the SDK builds a resource, which must leave
 * `Error.stackTraceLimit` as it was and must not cost an error thrown in there its stack.
 */
import * as pulumi from "@pulumi/pulumi";
import { Asset, AssetBundle, AssetVersion, Build, Environment, Service } from "../../provider/src";
import { providerLine } from "../../provider/src/resources/dynamicResource";
import * as runtime from "../../provider/src/dynamic/runtime";

/** Inputs the engine received, by resource name. */
const registered = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.set(args.name, args.inputs);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
});

describe("DynamicResource", () => {
  it("writes a __provider that loads the kind's provider from the runtime by package name", () => {
    const text = providerLine("AssetVersion");
    expect(text).toBe('exports.handler = () => require("pulumi-twilio-serverless/runtime").provider("AssetVersion");\n');
    const module = { exports: {} as { handler: () => pulumi.dynamic.ResourceProvider } };
    const fakeRequire = (name: string) => (name === "pulumi-twilio-serverless/runtime" ? runtime : undefined);
    new globalThis.Function("exports", "require", "module", text)(module.exports, fakeRequire, module);
    const provider = module.exports.handler();
    expect(provider).toBe(runtime.provider("AssetVersion"));
    expect(Object.keys(provider).sort()).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
  });

  it("sends every resource's name as __resourceName and its kind's __provider, next to its own inputs", async () => {
    const service = new Service("named-svc", { uniqueName: "named-svc" });
    const build = new Build("named-build", { serviceSid: "ZS00000000000000000000000000000000", assetVersions: ["ZN00000000000000000000000000000000"] });
    await Promise.all([service, build].map((r) => new Promise<void>((resolve) => r.urn.apply(() => resolve()))));
    expect(registered.get("named-svc")).toMatchObject({
      uniqueName: "named-svc",
      __resourceName: "named-svc",
      __provider: providerLine("Service"),
    });
    expect(registered.get("named-build")).toMatchObject({
      serviceSid: "ZS00000000000000000000000000000000",
      __resourceName: "named-build",
      __provider: providerLine("Build"),
    });
  });

  it("reads sid from the resource's ID, which an update keeps (a preview knows it), not from the provider's outputs", async () => {
    const service = new Service("id-svc", { uniqueName: "id-svc" });
    const env = new Environment("id-env", { serviceSid: service.sid, uniqueName: "dev" });
    expect(await new Promise((resolve) => service.sid.apply(resolve))).toBe("id-svc-id");
    await new Promise<void>((resolve) => env.urn.apply(() => resolve()));
    expect(registered.get("id-svc")).not.toHaveProperty("sid");
    expect(registered.get("id-env")).toMatchObject({ serviceSid: "id-svc-id" });
  });

  it("sends a Build's and an AssetBundle's URN as __urn (their status lines go to the engine with it)", async () => {
    const parent = new pulumi.ComponentResource("test:index:Folder", "folder");
    const build = new Build("urn-build", { serviceSid: "ZS00000000000000000000000000000000", assetVersions: ["ZN00000000000000000000000000000000"] }, { parent });
    const bundle = new AssetBundle("urn-bundle", { serviceSid: "ZS00000000000000000000000000000000", files: {} });
    const urns = await Promise.all([build, bundle].map((r) => new Promise<string>((resolve) => r.urn.apply(resolve))));
    expect(registered.get("urn-build")?.__urn).toBe(urns[0]);
    expect(urns[0]).toBe("urn:pulumi:stack::project::test:index:Folder$pulumi-nodejs:dynamic/twilio:Build::urn-build");
    expect(registered.get("urn-bundle")?.__urn).toBe(urns[1]);
    expect(registered.get("named-svc")).not.toHaveProperty("__urn");
  });

  it("has every declared output as an Output, also for optional inputs left out", () => {
    const service = new Service("bare-svc", { uniqueName: "bare-svc" });
    const env = new Environment("bare-env", { serviceSid: "ZS00000000000000000000000000000000", uniqueName: "bare" });
    const version = new AssetVersion("bare-v", {
      serviceSid: "ZS00000000000000000000000000000000",
      assetSid: "ZH00000000000000000000000000000000",
      path: "/a.txt",
      visibility: "public",
      content: new pulumi.asset.StringAsset("a"),
    });
    const outputs = {
      "Service.friendlyName": service.friendlyName,
      "Service.includeCredentials": service.includeCredentials,
      "Service.uiEditable": service.uiEditable,
      "Environment.domainSuffix": env.domainSuffix,
      "AssetVersion.contentFile": version.contentFile,
    };
    const notOutputs = Object.entries(outputs).filter(([, o]) => !pulumi.Output.isInstance(o)).map(([k]) => k);
    expect(notOutputs).toEqual([]);
  });

  it("refuses a kind the runtime does not know, by name, listing all twelve it knows", () => {
    // The whole message: a kind missing from the list, or one added to it, fails here.
    const known = "Service, Environment, Asset, AssetVersion, Build, Deployment, Function, FunctionVersion, Variable, AssetBundle, AssetCleanup, BuildCleanup";
    expect(() => runtime.provider("Queue" as never)).toThrow(new Error(`Unknown resource kind "Queue"; expected one of ${known}`));
    expect(() => runtime.provider("toString" as never)).toThrow(new Error(`Unknown resource kind "toString"; expected one of ${known}`));
  });

  it("leaves Error.stackTraceLimit as it found it", () => {
    const before = Error.stackTraceLimit;
    new Service("limit-svc", { uniqueName: "limit-svc" });
    expect(Error.stackTraceLimit).toBe(before);
  });

  it("gives an error the SDK throws while building the resource a stack that leads to the caller", () => {
    const before = Error.stackTraceLimit;
    let caught: unknown;
    try {
      new Asset("orphan", { serviceSid: "ZS00000000000000000000000000000000", friendlyName: "/a" }, { parent: {} as pulumi.Resource });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toMatch(/parent is not a valid Resource/);
    expect((caught as Error).stack).toContain("dynamicResource.test.ts");
    expect(Error.stackTraceLimit).toBe(before);
  });
});
