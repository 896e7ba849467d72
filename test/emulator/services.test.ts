import type { RunningEmulator } from "../../emulator/src/index";
import { MESSAGES } from "../../emulator/src/index";
import { Api, deploySite, expectError, expectSchema, startTestEmulator } from "./helpers";
import { uniqueName } from "../helpers/common";

describe("Service", () => {
  let emulator: RunningEmulator;
  let api: Api;

  beforeAll(async () => {
    emulator = await startTestEmulator({ limits: { servicesPerAccount: 6 } });
    api = new Api(emulator);
  });
  afterAll(() => emulator.close());

  it("creates with 201, defaults and a domain base of the unique name and four digits", async () => {
    const name = uniqueName("create");
    const res = await api.post("/v1/Services", { UniqueName: name, FriendlyName: "Created" });
    expect(res.status).toBe(201);
    expectSchema("CreateService", res);
    const s = res.body;
    expect(s.sid).toMatch(/^ZS[0-9a-f]{32}$/);
    expect(s.account_sid).toBe(emulator.accountSid);
    expect(s).toMatchObject({ unique_name: name, friendly_name: "Created", include_credentials: true, ui_editable: false });
    expect(s.domain_base).toMatch(new RegExp(`^${name}-\\d{4}$`));
    expect(s.date_created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(s.url).toBe(`${emulator.url}/v1/Services/${s.sid}`);
    expect(s.links).toEqual({
      environments: `${s.url}/Environments`,
      functions: `${s.url}/Functions`,
      assets: `${s.url}/Assets`,
      builds: `${s.url}/Builds`,
    });
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("twilio-request-id")).toMatch(/^RQ[0-9a-f]{32}$/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    await api.delete(`/v1/Services/${s.sid}`);
  });

  it("takes booleans as true/false strings", async () => {
    const res = await api.post("/v1/Services", {
      UniqueName: uniqueName("bools"),
      FriendlyName: "b",
      IncludeCredentials: "false",
      UiEditable: "True",
    });
    expect(res.body).toMatchObject({ include_credentials: false, ui_editable: true });
    expectError(
      await api.post("/v1/Services", { UniqueName: uniqueName("b"), FriendlyName: "b", UiEditable: "yes" }),
      400,
      20001,
      MESSAGES.invalidBoolean("UiEditable", "yes"),
    );
    await api.delete(`/v1/Services/${res.body.sid}`);
  });

  it("fetches, updates and deletes by SID or by unique name", async () => {
    const s = await api.service();
    for (const ref of [s.sid, s.unique_name]) {
      const fetched = await api.get(`/v1/Services/${ref}`);
      expect(fetched.status).toBe(200);
      expectSchema("FetchService", fetched);
      expect(fetched.body.sid).toBe(s.sid);
    }
    const updated = await api.post(`/v1/Services/${s.unique_name}`, { FriendlyName: "Renamed", UiEditable: true });
    expect(updated.status).toBe(200);
    expectSchema("UpdateService", updated);
    expect(updated.body).toMatchObject({ friendly_name: "Renamed", ui_editable: true, include_credentials: true, unique_name: s.unique_name });
    // UniqueName is immutable: an update ignores it.
    const ignored = await api.post(`/v1/Services/${s.sid}`, { UniqueName: "other-name" });
    expect(ignored.body.unique_name).toBe(s.unique_name);
    const deleted = await api.delete(`/v1/Services/${s.unique_name}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expectError(await api.get(`/v1/Services/${s.sid}`), 404, 20404, MESSAGES.notFound(`/Services/${s.sid}`));
  });

  it("answers 404/20404 for unknown services on every service path", async () => {
    const sid = "ZS" + "0".repeat(32);
    expectError(await api.get(`/v1/Services/${sid}`), 404, 20404, `The requested resource /Services/${sid} was not found`);
    expectError(await api.post(`/v1/Services/${sid}`, { FriendlyName: "x" }), 404, 20404);
    expectError(await api.delete(`/v1/Services/no-such-name`), 404, 20404, MESSAGES.notFound("/Services/no-such-name"));
    expectError(await api.get(`/v1/Services/${sid}/Environments`), 404, 20404, MESSAGES.notFound(`/Services/${sid}/Environments`));
  });

  it("refuses missing, too long and malformed parameters with 400/20001", async () => {
    expectError(await api.post("/v1/Services", { FriendlyName: "x" }), 400, 20001, MESSAGES.missingParameter("UniqueName"));
    expectError(await api.post("/v1/Services", { UniqueName: uniqueName("x") }), 400, 20001, MESSAGES.missingParameter("FriendlyName"));
    expectError(await api.post("/v1/Services", { UniqueName: "", FriendlyName: "x" }), 400, 20001, MESSAGES.missingParameter("UniqueName"));
    expectError(
      await api.post("/v1/Services", { UniqueName: "a".repeat(51), FriendlyName: "x" }),
      400,
      20001,
      MESSAGES.tooLong("UniqueName", 50),
    );
    const fifty = await api.post("/v1/Services", { UniqueName: "a".repeat(46) + "b" + uniqueName("").slice(-3), FriendlyName: "x" });
    expect(fifty.status).toBe(201);
    await api.delete(`/v1/Services/${fifty.body.sid}`);
    expectError(
      await api.post("/v1/Services", { UniqueName: uniqueName("x"), FriendlyName: "f".repeat(256) }),
      400,
      20001,
      MESSAGES.tooLong("FriendlyName", 255),
    );
    expectError(
      await api.post("/v1/Services", { UniqueName: "under_score", FriendlyName: "x" }),
      400,
      20001,
      MESSAGES.invalidName("UniqueName", "under_score"),
    );
    const s = await api.service();
    expectError(await api.post(`/v1/Services/${s.sid}`, { FriendlyName: "f".repeat(256) }), 400, 20001, MESSAGES.tooLong("FriendlyName", 255));
    await api.delete(`/v1/Services/${s.sid}`);
  });

  it("treats a JSON body as no parameters, as Twilio does", async () => {
    const res = await api.call("POST", "/v1/Services", undefined, { "content-type": "application/json" });
    expectError(res, 400, 20001, MESSAGES.missingParameter("UniqueName"));
  });

  it("refuses a duplicate unique name (any case) with 409", async () => {
    const s = await api.service();
    expectError(await api.post("/v1/Services", { UniqueName: s.unique_name, FriendlyName: "x" }), 409, 20409, MESSAGES.duplicateService);
    expectError(
      await api.post("/v1/Services", { UniqueName: s.unique_name.toUpperCase(), FriendlyName: "x" }),
      409,
      20409,
      MESSAGES.duplicateService,
    );
    await api.delete(`/v1/Services/${s.sid}`);
  });

  it("lists with Twilio's envelope and absolute paging URLs", async () => {
    const created = [await api.service(), await api.service(), await api.service()];
    const first = await api.get("/v1/Services?PageSize=2");
    expect(first.status).toBe(200);
    expectSchema("ListService", first);
    expect(first.body.services).toHaveLength(2);
    expect(first.body.meta).toMatchObject({ page: 0, page_size: 2, key: "services", previous_page_url: null });
    expect(first.body.meta.first_page_url).toBe(`${emulator.url}/v1/Services?PageSize=2&Page=0`);
    expect(first.body.meta.url).toBe(`${emulator.url}/v1/Services?PageSize=2&Page=0`);
    expect(first.body.meta.next_page_url).toMatch(new RegExp(`^${emulator.url}/v1/Services\\?PageSize=2&Page=1&PageToken=PT`));
    const seen = [...first.body.services];
    let next: string | null = first.body.meta.next_page_url;
    while (next) {
      const page = await api.get(next.slice(emulator.url.length));
      expectSchema("ListService", page);
      expect(page.body.meta.previous_page_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/Services\?PageSize=2&Page=\d+/);
      seen.push(...page.body.services);
      next = page.body.meta.next_page_url;
    }
    const sids = seen.map((s) => s.sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const c of created) expect(sids).toContain(c.sid);
    for (const c of created) await api.delete(`/v1/Services/${c.sid}`);
  });

  it("enforces the services-per-account limit with Twilio's message", async () => {
    const existing = (await api.get("/v1/Services?PageSize=1000")).body.services.length;
    const made = [];
    for (let i = existing; i < 6; i++) made.push(await api.service());
    expectError(
      await api.post("/v1/Services", { UniqueName: uniqueName("over"), FriendlyName: "x" }),
      400,
      20001,
      "Services are limited to less than or equal to 6",
    );
    for (const s of made) await api.delete(`/v1/Services/${s.sid}`);
  });

  it("deletes everything under a service", async () => {
    const { service, env, base } = await deploySite(api, [{ path: "/a.txt", visibility: "public", content: "a" }]);
    await api.post(`${base}/Environments/${env.sid}/Deployments`, {});
    const before = emulator.inventory();
    expect((await api.delete(base)).status).toBe(204);
    const after = emulator.inventory();
    expect(before.services - after.services).toBe(1);
    expect(before.environments - after.environments).toBe(1);
    expect(before.assetVersions - after.assetVersions).toBe(1);
    expect(before.builds - after.builds).toBe(1);
    expect(before.deployments - after.deployments).toBe(2);
    expectError(await api.get(`/v1/Services/${service.sid}/Builds`), 404, 20404);
  });
});
