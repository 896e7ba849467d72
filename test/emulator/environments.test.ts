import type { RunningEmulator } from "../../emulator/src/index";
import { MESSAGES } from "../../emulator/src/index";
import { Api, deploySite, expectError, expectSchema, rawRequest, startTestEmulator } from "./helpers";

describe("Environment, Variable, Deployment and Log", () => {
  let emulator: RunningEmulator;
  let api: Api;

  beforeAll(async () => {
    emulator = await startTestEmulator({ limits: { environmentsPerService: 3 } });
    api = new Api(emulator);
  });
  afterAll(() => emulator.close());

  describe("Environment", () => {
    it("creates, fetches, lists and deletes", async () => {
      const s = await api.service();
      const base = `/v1/Services/${s.sid}/Environments`;
      const created = await api.post(base, { UniqueName: "staging", DomainSuffix: "stage" });
      expect(created.status).toBe(201);
      expectSchema("CreateEnvironment", created);
      const e = created.body;
      expect(e.sid).toMatch(/^ZE[0-9a-f]{32}$/);
      expect(e).toMatchObject({ service_sid: s.sid, build_sid: null, unique_name: "staging", domain_suffix: "stage" });
      expect(e.domain_name).toBe(`${s.domain_base}-stage.twil.io`);
      expect(e.url).toBe(`${emulator.url}${base}/${e.sid}`);
      expect(e.links).toEqual({ variables: `${e.url}/Variables`, deployments: `${e.url}/Deployments`, logs: `${e.url}/Logs` });

      const bare = await api.post(base, { UniqueName: "production" });
      expect(bare.body).toMatchObject({ domain_suffix: null, domain_name: `${s.domain_base}.twil.io` });

      const fetched = await api.get(`${base}/${e.sid}`);
      expectSchema("FetchEnvironment", fetched);
      expect(fetched.body).toEqual(e);
      // The service path also takes the unique name.
      expect((await api.get(`/v1/Services/${s.unique_name}/Environments/${e.sid}`)).body.sid).toBe(e.sid);

      const list = await api.get(base);
      expectSchema("ListEnvironment", list);
      expect(list.body.environments.map((x: { sid: string }) => x.sid)).toEqual([e.sid, bare.body.sid]);
      expect(list.body.meta.key).toBe("environments");

      expect((await api.delete(`${base}/${e.sid}`)).status).toBe(204);
      expectError(await api.get(`${base}/${e.sid}`), 404, 20404, MESSAGES.notFound(`/Services/${s.sid}/Environments/${e.sid}`));
      expectError(await api.get(`${base}/not-a-sid`), 404, 20404);
    });

    it("keeps UniqueName and DomainSuffix unique per service (409)", async () => {
      const s = await api.service();
      const base = `/v1/Services/${s.sid}/Environments`;
      await api.post(base, { UniqueName: "one", DomainSuffix: "one" });
      await api.post(base, { UniqueName: "bare" });
      expectError(await api.post(base, { UniqueName: "one", DomainSuffix: "two" }), 409, 20409, MESSAGES.duplicateEnvironment);
      expectError(await api.post(base, { UniqueName: "two", DomainSuffix: "ONE" }), 409, 20409, MESSAGES.duplicateEnvironment);
      // No suffix is the service's short domain: only one environment can have it.
      expectError(await api.post(base, { UniqueName: "three" }), 409, 20409, MESSAGES.duplicateEnvironment);
      expectError(await api.post(base, { UniqueName: "four", DomainSuffix: "" }), 409, 20409, MESSAGES.duplicateEnvironment);
      // Another service may reuse both.
      const other = await api.service();
      expect((await api.post(`/v1/Services/${other.sid}/Environments`, { UniqueName: "one", DomainSuffix: "one" })).status).toBe(201);
    });

    it("validates parameters and the environments-per-service limit", async () => {
      const s = await api.service();
      const base = `/v1/Services/${s.sid}/Environments`;
      expectError(await api.post(base, {}), 400, 20001, MESSAGES.missingParameter("UniqueName"));
      expectError(await api.post(base, { UniqueName: "u".repeat(101) }), 400, 20001, MESSAGES.tooLong("UniqueName", 100));
      expect((await api.post(base, { UniqueName: "u".repeat(100), DomainSuffix: "s".repeat(16) })).status).toBe(201);
      expectError(await api.post(base, { UniqueName: "x", DomainSuffix: "s".repeat(17) }), 400, 20001, MESSAGES.tooLong("DomainSuffix", 16));
      expectError(await api.post(base, { UniqueName: "x", DomainSuffix: "a.b" }), 400, 20001, MESSAGES.invalidName("DomainSuffix", "a.b"));
      await api.post(base, { UniqueName: "two", DomainSuffix: "two" });
      await api.post(base, { UniqueName: "three", DomainSuffix: "three" });
      expectError(await api.post(base, { UniqueName: "four", DomainSuffix: "four" }), 400, 20001, MESSAGES.environmentsLimit(3));
    });

    it("can be deleted while it serves a build, which then becomes deletable", async () => {
      const { env, build, base } = await deploySite(api, [{ path: "/x", visibility: "public", content: "x" }]);
      expectError(await api.delete(`${base}/Builds/${build.sid}`), 409, 20409, MESSAGES.buildInUse);
      const before = emulator.inventory();
      expect((await api.delete(`${base}/Environments/${env.sid}`)).status).toBe(204);
      expect(before.deployments - emulator.inventory().deployments).toBe(1);
      expect((await api.delete(`${base}/Builds/${build.sid}`)).status).toBe(204);
    });
  });

  describe("Variable", () => {
    it("creates, fetches, updates, lists and deletes", async () => {
      const s = await api.service();
      const e = (await api.post(`/v1/Services/${s.sid}/Environments`, { UniqueName: "vars" })).body;
      const base = `/v1/Services/${s.sid}/Environments/${e.sid}/Variables`;
      const created = await api.post(base, { Key: "API_URL", Value: "https://example.com" });
      expect(created.status).toBe(201);
      expectSchema("CreateVariable", created);
      const v = created.body;
      expect(v.sid).toMatch(/^ZV[0-9a-f]{32}$/);
      expect(v).toMatchObject({ service_sid: s.sid, environment_sid: e.sid, key: "API_URL", value: "https://example.com" });
      expect(v.url).toBe(`${emulator.url}${base}/${v.sid}`);

      const fetched = await api.get(`${base}/${v.sid}`);
      expectSchema("FetchVariable", fetched);
      expect(fetched.body).toEqual(v);

      const updated = await api.post(`${base}/${v.sid}`, { Value: "changed" });
      expect(updated.status).toBe(200);
      expectSchema("UpdateVariable", updated);
      expect(updated.body).toMatchObject({ key: "API_URL", value: "changed" });
      const renamed = await api.post(`${base}/${v.sid}`, { Key: "URL" });
      expect(renamed.body).toMatchObject({ key: "URL", value: "changed" });

      const list = await api.get(base);
      expectSchema("ListVariable", list);
      expect(list.body.variables).toHaveLength(1);

      expect((await api.delete(`${base}/${v.sid}`)).status).toBe(204);
      expectError(await api.get(`${base}/${v.sid}`), 404, 20404);
      expectError(await api.delete(`${base}/${v.sid}`), 404, 20404);
    });

    it("keeps keys unique per environment and limits sizes", async () => {
      const s = await api.service();
      const e = (await api.post(`/v1/Services/${s.sid}/Environments`, { UniqueName: "limits" })).body;
      const base = `/v1/Services/${s.sid}/Environments/${e.sid}/Variables`;
      const a = (await api.post(base, { Key: "A", Value: "1" })).body;
      const b = (await api.post(base, { Key: "B", Value: "2" })).body;
      expectError(await api.post(base, { Key: "A", Value: "3" }), 409, 20409, MESSAGES.duplicateVariable);
      expectError(await api.post(`${base}/${b.sid}`, { Key: "A" }), 409, 20409, MESSAGES.duplicateVariable);
      expect((await api.post(`${base}/${a.sid}`, { Key: "A", Value: "same key is fine" })).status).toBe(200);
      expectError(await api.post(base, { Value: "x" }), 400, 20001, MESSAGES.missingParameter("Key"));
      expectError(await api.post(base, { Key: "K" }), 400, 20001, MESSAGES.missingParameter("Value"));
      expectError(await api.post(base, { Key: "k".repeat(129), Value: "x" }), 400, 20001, MESSAGES.tooLong("Key", 128));
      // 450 bytes, not characters: 225 two-byte characters fit, 226 do not.
      expect((await api.post(base, { Key: "BYTES", Value: "é".repeat(225) })).status).toBe(201);
      expectError(await api.post(base, { Key: "BYTES2", Value: "é".repeat(226) }), 400, 20001, MESSAGES.tooLong("Value", 450, "bytes"));
      expectError(await api.get(`/v1/Services/${s.sid}/Environments/ZE${"0".repeat(32)}/Variables`), 404, 20404);
    });
  });

  describe("Deployment", () => {
    it("deploys, lists, fetches and un-deploys", async () => {
      const site = await deploySite(api, [{ path: "/a", visibility: "public", content: "a" }]);
      const base = `${site.base}/Environments/${site.env.sid}/Deployments`;
      const env = (await api.get(`${site.base}/Environments/${site.env.sid}`)).body;
      expect(env.build_sid).toBe(site.build.sid);

      const list = await api.get(base);
      expectSchema("ListDeployment", list);
      const d = list.body.deployments[0];
      expect(d).toMatchObject({ build_sid: site.build.sid, environment_sid: site.env.sid, service_sid: site.service.sid });
      expect(d.sid).toMatch(/^ZD[0-9a-f]{32}$/);
      const fetched = await api.get(`${base}/${d.sid}`);
      expectSchema("FetchDeployment", fetched);
      expect(fetched.body).toEqual(d);

      // Re-deploying the live build is Twilio's 20409.
      expectError(await api.post(base, { BuildSid: site.build.sid }), 409, 20409, MESSAGES.alreadyDeployed);

      const undeploy = await api.post(base, {});
      expect(undeploy.status).toBe(201);
      expectSchema("CreateDeployment", undeploy);
      expect(undeploy.body.build_sid).toBeNull();
      expect((await api.get(`${site.base}/Environments/${site.env.sid}`)).body.build_sid).toBeNull();
      // Deployments cannot be deleted or updated.
      expectError(await api.delete(`${base}/${d.sid}`), 405, 20004);
      expect((await api.delete(`${site.base}/Builds/${site.build.sid}`)).status).toBe(204);
    });

    it("refuses builds that are unknown, still building or failed", async () => {
      const site = await deploySite(api, [{ path: "/a", visibility: "public", content: "a" }]);
      const base = `${site.base}/Environments/${site.env.sid}/Deployments`;
      const unknown = "ZB" + "0".repeat(32);
      expectError(await api.post(base, { BuildSid: unknown }), 400, 20001, MESSAGES.unknownBuild(unknown));
      expectError(await api.post(base, { BuildSid: "nope" }), 400, 20001, MESSAGES.invalidSid("BuildSid", "nope", "ZB"));
      emulator.setBuildDuration(60_000);
      const slow = (await api.post(`${site.base}/Builds`, { AssetVersions: site.build.asset_versions[0].sid })).body;
      emulator.setBuildDuration(20);
      expectError(await api.post(base, { BuildSid: slow.sid }), 400, 20001, MESSAGES.buildNotDeployable(slow.sid, "building"));
      emulator.failNextBuilds(1);
      const failed = (await api.post(`${site.base}/Builds`, { AssetVersions: site.build.asset_versions[0].sid })).body;
      await new Promise((r) => setTimeout(r, 40));
      expectError(await api.post(base, { BuildSid: failed.sid }), 400, 20001, MESSAGES.buildNotDeployable(failed.sid, "failed"));
      const other = await deploySite(api, [{ path: "/b", visibility: "public", content: "b" }]);
      expectError(await api.post(base, { BuildSid: other.build.sid }), 400, 20001, MESSAGES.unknownBuild(other.build.sid));
    });
  });

  describe("Log", () => {
    it("lists what Functions logged, with filters, and fetches one", async () => {
      const source = "exports.handler = (context, event, callback) => { console.warn('careful'); callback(null, 'ok'); }";
      const site = await deploySite(api, [{ path: "/fn", visibility: "public", content: source, fn: true }]);
      const base = `${site.base}/Environments/${site.env.sid}/Logs`;
      const empty = await api.get(base);
      expectSchema("ListLog", empty);
      expect(empty.body.logs).toEqual([]);
      await rawRequest(emulator, { path: "/fn", host: site.env.domain_name });
      const list = await api.get(base);
      expectSchema("ListLog", list);
      expect(list.body.logs).toHaveLength(1);
      const log = list.body.logs[0];
      expect(log).toMatchObject({ level: "warning", message: "careful", environment_sid: site.env.sid, build_sid: site.build.sid });
      expect(log.sid).toMatch(/^NO[0-9a-f]{32}$/);
      expect(log.request_sid).toMatch(/^RQ[0-9a-f]{32}$/);
      const fetched = await api.get(`${base}/${log.sid}`);
      expectSchema("FetchLog", fetched);
      expect(fetched.body).toEqual(log);

      const functionSid = log.function_sid;
      const filtered = await api.get(`${base}?FunctionSid=${functionSid}&StartDate=2020-01-01T00:00:00Z`);
      expect(filtered.body.logs).toHaveLength(1);
      expect(filtered.body.meta.url).toBe(
        `${emulator.url}${base}?StartDate=2020-01-01T00%3A00%3A00Z&FunctionSid=${functionSid}&PageSize=50&Page=0`,
      );
      expect((await api.get(`${base}?EndDate=2020-01-01T00:00:00Z`)).body.logs).toEqual([]);
      expect((await api.get(`${base}?FunctionSid=ZH${"0".repeat(32)}`)).body.logs).toEqual([]);
      expectError(await api.get(`${base}?StartDate=yesterday`), 400, 20001, MESSAGES.invalidDate("StartDate", "yesterday"));
      expectError(await api.get(`${base}?FunctionSid=ZX1`), 400, 20001, MESSAGES.invalidSid("FunctionSid", "ZX1", "ZH"));
      expectError(await api.get(`${base}/NO${"0".repeat(32)}`), 404, 20404);
    });
  });
});
