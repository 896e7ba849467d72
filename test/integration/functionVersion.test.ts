import { fetchFunctionVersionContent } from "../../provider/src/core/client/versions";
import { create, handler, makeService, makeVersion, type ProviderEmulator, read, startProviderEmulator, stringAsset } from "./support";
import { fetchSite } from "../helpers/common";

let t: ProviderEmulator;
let serviceSid: string;
beforeAll(async () => {
  t = await startProviderEmulator();
  serviceSid = (await makeService("fnversions")).sid;
});
afterAll(() => t.close());

const SOURCE = "exports.handler = (context, event, callback) => callback(null, 'hi');\n";

describe("FunctionVersion against the emulator", () => {
  it("uploads the source, which Twilio returns as the version's content", async () => {
    const fn = await create("Function", { serviceSid, friendlyName: "hello" });
    t.emulator.resetStats();
    const { id, outs } = await create("FunctionVersion", { serviceSid, functionSid: fn.id, path: "/hello", visibility: "public", content: stringAsset(SOURCE) });
    expect(id).toMatch(/^ZN[0-9a-f]{32}$/);
    expect(outs).toMatchObject({ functionSid: fn.id, path: "/hello", contentType: "application/javascript", size: SOURCE.length });
    expect(t.emulator.stats().uploads).toBe(1);
    expect(await fetchFunctionVersionContent(t.client, serviceSid, fn.id, id)).toBe(SOURCE);
    expect((await read("FunctionVersion", id, outs)).props).toEqual(outs);
    t.emulator.resetStats();
    await handler("FunctionVersion").delete(id, outs);
    expect(t.emulator.stats().requests).toBe(0);
  });

  it("goes into a build with asset versions, and is deployed", async () => {
    const fn = await create("Function", { serviceSid, friendlyName: "api" });
    const version = await create("FunctionVersion", { serviceSid, functionSid: fn.id, path: "/api", visibility: "public", content: stringAsset(SOURCE) });
    const asset = await makeVersion(serviceSid, "/index.html", "<h1>hi</h1>");
    const build = await create("Build", { serviceSid, functionVersions: [version.id], assetVersions: [asset.sid], dependencies: { lodash: "4.17.21" } });
    expect(build.outs).toMatchObject({ status: "completed", functionVersions: [version.id] });
    const env = await create("Environment", { serviceSid, uniqueName: "fn", domainSuffix: "fn" });
    await create("Deployment", { serviceSid, environmentSid: env.id, buildSid: build.id });
    expect(await fetchSite(t.emulator, env.outs.domainName, "/index.html")).toMatchObject({ status: 200, body: "<h1>hi</h1>" });
    // The emulator runs the deployed Function (after installing the build's Dependencies).
    expect(await fetchSite(t.emulator, env.outs.domainName, "/api")).toMatchObject({ status: 200, body: "hi" });
  });
});
