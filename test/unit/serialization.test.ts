/**
 * What each resource puts into state as `__provider`: small, free of credentials and of any
 * by-value copy of our modules, and working when loaded the way Pulumi's provider process does.
 */
import * as pulumi from "@pulumi/pulumi";
import { Asset, AssetVersion, Build, Deployment, Environment, Function, FunctionVersion, Service, Variable } from "../../provider/src";
import * as runtime from "../../provider/src/dynamic/runtime";

const TOKEN = "tok_SHOULD_NEVER_BE_SERIALIZED_0001";
const API_SECRET = "sec_SHOULD_NEVER_BE_SERIALIZED_0002";
/** One line that loads the runtime by package name (`dynamicResource.ts`): about 100 bytes. */
const MAX_PROVIDER_BYTES = 200;

const providers = new Map<string, string>();

beforeAll(async () => {
  process.env.TWILIO_AUTH_TOKEN = TOKEN;
  process.env.TWILIO_API_SECRET = API_SECRET;
  pulumi.runtime.setAllConfig({ "twilio:authToken": TOKEN, "twilio:apiSecret": API_SECRET }, ["twilio:authToken", "twilio:apiSecret"]);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        providers.set(args.type, String(args.inputs.__provider));
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    false,
  );
  const service = new Service("svc", { uniqueName: "svc" });
  const env = new Environment("env", { serviceSid: service.sid, uniqueName: "dev" });
  const asset = new Asset("asset", { serviceSid: service.sid, friendlyName: "a" });
  const version = new AssetVersion("v", {
    serviceSid: service.sid,
    assetSid: asset.sid,
    path: "/a.txt",
    visibility: "public",
    content: new pulumi.asset.StringAsset("hi"),
  });
  const build = new Build("b", { serviceSid: service.sid, assetVersions: [version.sid] });
  new Deployment("d", { serviceSid: service.sid, environmentSid: env.sid, buildSid: build.sid });
  const fn = new Function("fn", { serviceSid: service.sid, friendlyName: "fn" });
  new FunctionVersion("fv", { serviceSid: service.sid, functionSid: fn.sid, path: "/fn", visibility: "public", content: new pulumi.asset.StringAsset("x") });
  new Variable("var", { serviceSid: service.sid, environmentSid: env.sid, key: "K", value: pulumi.secret("v") });
  await new Promise((resolve) => setTimeout(resolve, 200));
});

afterAll(() => {
  delete process.env.TWILIO_AUTH_TOKEN;
  delete process.env.TWILIO_API_SECRET;
});

const KINDS = ["Service", "Environment", "Asset", "AssetVersion", "Build", "Deployment", "Function", "FunctionVersion", "Variable"];

describe("the serialized provider", () => {
  it.each(KINDS)("of %s is small and loads the runtime by package name", (kind) => {
    const text = providers.get(`pulumi-nodejs:dynamic/twilio:${kind}`);
    expect(text).toBeDefined();
    expect(Buffer.byteLength(text!)).toBeLessThanOrEqual(MAX_PROVIDER_BYTES);
    expect(text).toContain('require("pulumi-twilio-serverless/runtime")');
    expect(text).toContain(`.provider("${kind}")`);
    // nothing of ours is copied in by value
    expect(text).not.toMatch(/require\("\.{1,2}\//);
    expect(text).not.toContain("TwilioClient");
    expect(text).not.toContain("undici");
  });

  it.each(KINDS)("of %s captures no credential", (kind) => {
    const text = providers.get(`pulumi-nodejs:dynamic/twilio:${kind}`)!;
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(API_SECRET);
  });

  it("dispatches to the runtime's handler when loaded like Pulumi's provider process does", async () => {
    const text = providers.get("pulumi-nodejs:dynamic/twilio:Service")!;
    const module = { exports: {} as { handler: () => pulumi.dynamic.ResourceProvider } };
    const fakeRequire = (name: string) => {
      if (name === "pulumi-twilio-serverless/runtime") return runtime;
      throw new Error(`unexpected require(${name})`);
    };
    new globalThis.Function("exports", "require", "module", text)(module.exports, fakeRequire, module);
    const provider = module.exports.handler();
    const result = await provider.check!({}, { __resourceName: "svc", uniqueName: "has space" });
    expect(result.failures).toEqual([
      {
        property: "uniqueName",
        reason: 'Service "svc": uniqueName "has space" may contain only letters, digits and dashes (it becomes part of a domain name)',
      },
    ]);
  });
});
