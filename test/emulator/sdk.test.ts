/**
 * The official `twilio` SDK as an independent client: its request client is pointed at the
 * emulator by rewriting https://serverless.twilio.com to the emulator's URL. Everything else
 * (form encoding, paging by next_page_url, error mapping to RestException) is the SDK's own.
 */
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type { RunningEmulator } from "../../emulator/src/index";
import { MESSAGES } from "../../emulator/src/index";
import { Api, rawRequest, startTestEmulator } from "./helpers";
import { uniqueName } from "../helpers/common";

class EmulatorRequestClient extends twilio.RequestClient {
  constructor(private readonly base: string) {
    super();
  }

  override request<T>(opts: RequestClient.RequestOptions<T>) {
    return super.request({ ...opts, uri: opts.uri.replace(/^https:\/\/serverless\.twilio\.com/, this.base) });
  }
}

function sdkFor(emulator: RunningEmulator, user = emulator.accountSid, password = emulator.authToken) {
  return twilio(user, password, { accountSid: emulator.accountSid, httpClient: new EmulatorRequestClient(emulator.url) });
}

describe("the twilio SDK against the emulator", () => {
  let emulator: RunningEmulator;
  let client: ReturnType<typeof twilio>;
  let api: Api;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    client = sdkFor(emulator);
    api = new Api(emulator);
  });
  afterAll(() => emulator.close());

  it("does Service CRUD", async () => {
    const name = uniqueName("sdk");
    const created = await client.serverless.v1.services.create({ uniqueName: name, friendlyName: "SDK", includeCredentials: false });
    expect(created.sid).toMatch(/^ZS/);
    expect(created.uniqueName).toBe(name);
    expect(created.includeCredentials).toBe(false);
    expect(created.domainBase).toMatch(new RegExp(`^${name}-\\d{4}$`));
    expect(created.dateCreated).toBeInstanceOf(Date);
    const fetched = await client.serverless.v1.services(name).fetch();
    expect(fetched.sid).toBe(created.sid);
    const updated = await client.serverless.v1.services(created.sid).update({ friendlyName: "Renamed", uiEditable: true });
    expect(updated.friendlyName).toBe("Renamed");
    expect(updated.uiEditable).toBe(true);
    expect(await client.serverless.v1.services(created.sid).remove()).toBe(true);
    await expect(client.serverless.v1.services(created.sid).fetch()).rejects.toMatchObject({
      status: 404,
      code: 20404,
      message: MESSAGES.notFound(`/Services/${created.sid}`),
      moreInfo: "https://www.twilio.com/docs/errors/20404",
    });
  });

  it("lists across pages by following next_page_url", async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await client.serverless.v1.services.create({ uniqueName: uniqueName("page"), friendlyName: "p" }));
    const all = await client.serverless.v1.services.list({ pageSize: 2 });
    for (const s of made) expect(all.map((x) => x.sid)).toContain(s.sid);
    const page = await client.serverless.v1.services.page({ pageSize: 2 });
    expect(page.instances).toHaveLength(2);
    const next = await page.nextPage();
    expect(next?.instances.length).toBeGreaterThan(0);
    expect(next?.instances[0].sid).not.toBe(page.instances[0].sid);
    const limited = await client.serverless.v1.services.list({ pageSize: 2, limit: 3 });
    expect(limited).toHaveLength(3);
    for (const s of made) await client.serverless.v1.services(s.sid).remove();
  });

  it("deploys a site: environment, asset, version, build, deployment, variables", async () => {
    const service = await client.serverless.v1.services.create({ uniqueName: uniqueName("site"), friendlyName: "site" });
    const svc = client.serverless.v1.services(service.sid);
    const env = await svc.environments.create({ uniqueName: "production", domainSuffix: "prod" });
    expect(env.domainName).toBe(`${service.domainBase}-prod.twil.io`);
    expect(env.buildSid).toBeNull();
    const asset = await svc.assets.create({ friendlyName: "index" });
    // The SDK has no upload (it is not in the spec); the emulator's upload endpoint takes it.
    const uploaded = await api.upload(`/v1/Services/${service.sid}/Assets/${asset.sid}/Versions`, { Path: "/", Visibility: "public" }, "home", "text/plain");
    const versions = await svc.assets(asset.sid).assetVersions.list();
    expect(versions.map((v) => v.sid)).toEqual([uploaded.body.sid]);
    expect(versions[0].path).toBe("/");
    const version = await svc.assets(asset.sid).assetVersions(uploaded.body.sid).fetch();
    expect(version.visibility).toBe("public");

    const fn = await svc.functions.create({ friendlyName: "hello" });
    const source = "exports.handler = (c, e, cb) => { console.log('greeting ' + c.GREETING); cb(null, 'hi'); };";
    const fnUpload = await api.upload(`/v1/Services/${service.sid}/Functions/${fn.sid}/Versions`, { Path: "/hello", Visibility: "public" }, source);
    const content = await svc.functions(fn.sid).functionVersions(fnUpload.body.sid).functionVersionContent().fetch();
    expect(content.content).toBe(source);

    const build = await svc.builds.create({
      assetVersions: [uploaded.body.sid],
      functionVersions: [fnUpload.body.sid],
      dependencies: JSON.stringify([{ name: "twilio", version: "5.0.0" }]),
      runtime: "node22",
    });
    expect(build.status).toBe("building");
    expect(build.assetVersions).toHaveLength(1);
    let status = "building";
    for (let i = 0; i < 100 && status === "building"; i++) {
      status = (await svc.builds(build.sid).buildStatus().fetch()).status;
      if (status === "building") await new Promise((r) => setTimeout(r, 10));
    }
    expect(status).toBe("completed");
    expect((await svc.builds(build.sid).fetch()).status).toBe("completed");
    expect((await svc.builds.list()).map((b) => b.sid)).toEqual([build.sid]);

    const deployment = await svc.environments(env.sid).deployments.create({ buildSid: build.sid });
    expect(deployment.buildSid).toBe(build.sid);
    expect((await svc.environments(env.sid).fetch()).buildSid).toBe(build.sid);
    expect((await svc.environments(env.sid).deployments.list()).map((d) => d.sid)).toEqual([deployment.sid]);
    expect((await svc.environments(env.sid).deployments(deployment.sid).fetch()).sid).toBe(deployment.sid);
    const site = await rawRequest(emulator, { path: "/", host: env.domainName });
    expect(site.body.toString()).toBe("home");

    await expect(svc.environments(env.sid).deployments.create({ buildSid: build.sid })).rejects.toMatchObject({
      status: 409,
      code: 20409,
      message: MESSAGES.alreadyDeployed,
    });
    await expect(svc.builds(build.sid).remove()).rejects.toMatchObject({ status: 409, message: MESSAGES.buildInUse });

    const variable = await svc.environments(env.sid).variables.create({ key: "GREETING", value: "hi" });
    expect((await svc.environments(env.sid).variables(variable.sid).update({ value: "hello" })).value).toBe("hello");
    expect((await svc.environments(env.sid).variables.list()).map((v) => v.key)).toEqual(["GREETING"]);
    expect(await svc.environments(env.sid).variables(variable.sid).remove()).toBe(true);

    // The Function runs, and its console output is in the environment's Logs.
    expect((await rawRequest(emulator, { path: "/hello", host: env.domainName })).body.toString()).toBe("hi");
    const logs = await svc.environments(env.sid).logs.list();
    expect(logs.map((l) => [l.level, l.message])).toEqual([["info", "greeting undefined"]]);
    expect((await svc.environments(env.sid).logs(logs[0].sid).fetch()).functionSid).toBe(fn.sid);

    // Un-deploy, then tear down in dependency order.
    const undeploy = await svc.environments(env.sid).deployments.create();
    expect(undeploy.buildSid).toBeNull();
    expect(await svc.builds(build.sid).remove()).toBe(true);
    expect(await svc.environments(env.sid).remove()).toBe(true);
    expect(await svc.assets(asset.sid).remove()).toBe(true);
    expect(await svc.functions(fn.sid).remove()).toBe(true);
    expect(await svc.remove()).toBe(true);
  });

  it("maps validation errors to RestException with Twilio's code", async () => {
    await expect(client.serverless.v1.services.create({ uniqueName: "", friendlyName: "x" })).rejects.toMatchObject({
      status: 400,
      code: 20001,
      message: MESSAGES.missingParameter("UniqueName"),
    });
    const s = await client.serverless.v1.services.create({ uniqueName: uniqueName("err"), friendlyName: "x" });
    await expect(client.serverless.v1.services(s.sid).builds.create({})).rejects.toMatchObject({
      status: 400,
      code: 20001,
      message: MESSAGES.buildWithoutVersions,
    });
    await client.serverless.v1.services(s.sid).remove();
  });

  it("authenticates with an API key and refuses a wrong secret", async () => {
    const keyed = sdkFor(emulator, emulator.apiKeySid, emulator.apiKeySecret);
    expect(Array.isArray(await keyed.serverless.v1.services.list())).toBe(true);
    const wrong = sdkFor(emulator, emulator.apiKeySid, "nope");
    await expect(wrong.serverless.v1.services.list()).rejects.toMatchObject({ status: 401, code: 20003, message: MESSAGES.authenticate });
  });
});
