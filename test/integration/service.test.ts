import { createService, deleteService, fetchService, updateService } from "../../provider/src/core/client/services";
import { createDeployment } from "../../provider/src/core/client/deployments";
import { createEnvironment } from "../../provider/src/core/client/environments";
import { checked_, configFor, configureProvider, create, handler, makeBuild, notes, type ProviderEmulator, read, startProviderEmulator } from "./support";
import { caught, fetchSite, uniqueName } from "../helpers/common";

let t: ProviderEmulator;
beforeAll(async () => (t = await startProviderEmulator()));
afterAll(() => t.close());

describe("Service against the emulator", () => {
  it("creates a service with Twilio's defaults and reads it back", async () => {
    const name = uniqueName("svc");
    const { id, outs } = await create("Service", { uniqueName: name, __resourceName: "svc" });
    expect(id).toMatch(/^ZS[0-9a-f]{32}$/);
    expect(outs).toMatchObject({ sid: id, uniqueName: name, friendlyName: name, includeCredentials: true, uiEditable: false });
    expect(outs.domainBase).toMatch(new RegExp(`^${name}-`));
    expect(outs.url).toBe(`${t.emulator.url}/v1/Services/${id}`);
    expect(outs).not.toHaveProperty("__provider");
    expect((await read("Service", id, outs)).props).toEqual(outs);
  });

  it("names the environment variables the refused credentials came from, and never the secret", async () => {
    const values = configFor(t.emulator);
    delete values["twilio:accountSid"];
    delete values["twilio:authToken"];
    configureProvider(values);
    const env = { TWILIO_API_KEY: t.emulator.apiKeySid, TWILIO_API_SECRET: "wrong-secret" };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const err = await caught(create("Service", { uniqueName: uniqueName("auth") }));
      expect(err).toMatchObject({ status: 401, code: 20003 });
      expect(err.message).toMatch(
        /^Failed to create Service "auth-\w+": HTTP 401, Twilio 20003: \w+ \(GET \/v1\/Services\?PageSize=1000\)\nTwilio refused the credentials: API key SK\w{4}…\w{4} with its secret, from TWILIO_API_KEY and TWILIO_API_SECRET\. .*\(they are read from the environment of the pulumi command\)/,
      );
      expect(err.message).not.toContain("wrong-secret");
    } finally {
      process.env = saved;
      configureProvider(configFor(t.emulator));
    }
  });

  it("updates friendlyName, includeCredentials and uiEditable in place", async () => {
    const { id, outs } = await create("Service", { uniqueName: uniqueName("upd") });
    const news = { ...outs, friendlyName: "Renamed", includeCredentials: false, uiEditable: true };
    const updated = await handler("Service").update(id, outs, news);
    expect(updated.outs).toMatchObject({ sid: id, friendlyName: "Renamed", includeCredentials: false, uiEditable: true });
    expect(await fetchService(t.client, id)).toMatchObject({ friendlyName: "Renamed", includeCredentials: false, uiEditable: true });
  });

  it("is replaced, old one first, when uniqueName changes", async () => {
    const { id, outs } = await create("Service", { uniqueName: uniqueName("old") });
    const news = await checked_("Service", { uniqueName: uniqueName("new") });
    const diff = await handler("Service").diff(id, outs, news);
    expect(diff).toEqual({ changes: true, replaces: ["uniqueName"], deleteBeforeReplace: true });
    // delete before replace, as the engine does for deleteBeforeReplace
    await handler("Service").delete(id, outs);
    const replacement = await handler("Service").create(news);
    expect(replacement.id).not.toBe(id);
    await expect(fetchService(t.client, id)).rejects.toMatchObject({ status: 404 });
    expect(await fetchService(t.client, replacement.id)).toMatchObject({ uniqueName: news.uniqueName });
  });

  it("notices a change made outside Pulumi on refresh, so the next diff restores it", async () => {
    const { id, outs } = await create("Service", { uniqueName: uniqueName("drift"), friendlyName: "Mine" });
    await updateService(t.client, id, { friendlyName: "Changed in the console" });
    const refreshed = await read("Service", id, outs);
    expect(refreshed.props).toMatchObject({ friendlyName: "Changed in the console" });
    expect(await handler("Service").diff(id, refreshed.props!, outs)).toEqual({ changes: true });
  });

  it("reports a service deleted outside Pulumi as gone, and deleting it again is fine", async () => {
    const { id, outs } = await create("Service", { uniqueName: uniqueName("gone") });
    await deleteService(t.client, id);
    expect((await read("Service", id, outs)).id).toBe("");
    await expect(handler("Service").delete(id, outs)).resolves.toBeUndefined();
  });

  // Twilio deletes a Service while its environments serve builds (plugin-rtc's end-to-end test; emulator/README.md): the
  // site of an environment this stack does not manage would go down with it.
  it("refuses to delete a Service while an environment it does not manage serves a site, naming it; deletes it once un-deployed", async () => {
    const name = uniqueName("live");
    const { id, outs } = await create("Service", { uniqueName: name, __resourceName: "svc" });
    // Another stack's (or tool's) environment and deployment, through a client of its own.
    const env = await createEnvironment(t.client, id, "production", undefined);
    const build = await makeBuild(id, "/index.html", "theirs");
    await createDeployment(t.client, id, env.sid, build.id);
    t.emulator.resetStats();
    const err = await caught(handler("Service").delete(id, outs));
    expect(err.message).toBe(
      `Failed to delete Service ${id}: Service "${name}" (${id}) still serves a site that this stack does not manage: ` +
        `Environment "production" (${env.sid}, https://${env.domainName}) serves Build ${build.id}. ` +
        "Twilio deletes a Service with everything in it, live sites included, so this stack does not delete it. " +
        "Un-deploy that environment first, in the stack or tool that deployed to it, and run this again; " +
        `or, if they are to go down, delete the Service yourself (Twilio Console, or twilio api:serverless:v1:services:remove --sid ${id}) ` +
        "and run pulumi refresh, which drops it from this stack",
    );
    expect(t.emulator.stats().byOperation).toEqual({ ListEnvironment: 1 });
    expect((await fetchSite(t.emulator, env.domainName, "/index.html")).status).toBe(200);
    // Once that environment serves nothing, the Service goes, with everything in it.
    await createDeployment(t.client, id, env.sid, undefined);
    await expect(handler("Service").delete(id, outs)).resolves.toBeUndefined();
    await expect(fetchService(t.client, id)).rejects.toMatchObject({ status: 404 });
  });

  it("refuses a taken uniqueName before writing anything, naming the service that has it and how to take it over", async () => {
    const name = uniqueName("dup");
    const first = await create("Service", { uniqueName: name });
    t.emulator.resetStats();
    const err = await caught(create("Service", { uniqueName: name.toUpperCase(), __resourceName: "site" }));
    expect(err.message).toBe(
      `Service "site": uniqueName "${name.toUpperCase()}" is taken: the account already has Service ${first.id} by that name ` +
        "(unique names are unique per account, in any case). If an interrupted pulumi up created it, take it over with " +
        `adoptSid: "${first.id}" on this Service (dynamic providers cannot use pulumi import); otherwise choose another uniqueName, or delete that Service`,
    );
    expect(t.emulator.stats().writes).toBe(0);
    expect(err.message).not.toContain(t.emulator.authToken);
  });

  it("takes over the service adoptSid names (and only that one), bringing its settings to the inputs", async () => {
    const name = uniqueName("adopt");
    const left = await createService(t.client, name, { friendlyName: "left by a killed update" });
    const wrong = await caught(create("Service", { uniqueName: name, adoptSid: `ZS${"0".repeat(32)}` }));
    expect(wrong.message).toContain(`already has Service ${left.sid} by that name`);
    const { id, outs } = await create("Service", { uniqueName: name, friendlyName: "Mine", adoptSid: left.sid });
    expect(id).toBe(left.sid);
    expect(outs).toMatchObject({ sid: left.sid, uniqueName: name, friendlyName: "Mine", adoptSid: left.sid });
    expect(await fetchService(t.client, id)).toMatchObject({ friendlyName: "Mine" });
    expect(notes(t.progress)).toContain(`Service: took over ${left.sid} (adoptSid), which has uniqueName "${name}"`);
    // the adoptSid of a service that no longer exists is no obstacle: a new one is created
    await deleteService(t.client, id);
    expect((await create("Service", { uniqueName: name, adoptSid: left.sid })).id).not.toBe(left.sid);
  });

  it("never makes a second service when the answer to its create is lost", async () => {
    const before = t.emulator.inventory().services;
    t.emulator.resetStats();
    t.emulator.setFaults({ rate: 0.5, kinds: ["lost"], seed: 3 });
    configureProvider(configFor(t.emulator, { "twilio:maxTries": "10" }));
    const ids: string[] = [];
    try {
      for (let i = 0; i < 6; i++) ids.push((await create("Service", { uniqueName: uniqueName("lost") })).id);
    } finally {
      t.emulator.setFaults(undefined);
      configureProvider(configFor(t.emulator));
    }
    const stats = t.emulator.stats();
    expect(stats.faults.lost).toBeGreaterThan(0);
    // each create reached Twilio once: a lost answer is found, not posted again
    expect(stats.byOperation.CreateService).toBe(6);
    expect(new Set(ids).size).toBe(6);
    expect(t.emulator.inventory().services).toBe(before + 6);
  });

  it("fails with one clear message when there are no credentials", async () => {
    const saved = { ...process.env };
    for (const k of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"]) delete process.env[k];
    configureProvider({ "twilio:serverlessBaseUrl": t.emulator.url });
    try {
      const err = await caught(create("Service", { uniqueName: uniqueName("nocreds") }));
      expect(err.message).toMatch(/^No Twilio credentials\. Set stack config twilio:accountSid and twilio:authToken/);
    } finally {
      process.env = saved;
      configureProvider(configFor(t.emulator));
    }
  });

  it("authenticates with an API key from the environment when config has none", async () => {
    const saved = { ...process.env };
    process.env.TWILIO_API_KEY = t.emulator.apiKeySid;
    process.env.TWILIO_API_SECRET = t.emulator.apiKeySecret;
    configureProvider({ "twilio:serverlessBaseUrl": t.emulator.url, "twilio:serverlessUploadBaseUrl": t.emulator.url });
    try {
      const { id } = await create("Service", { uniqueName: uniqueName("apikey") });
      expect(id).toMatch(/^ZS/);
    } finally {
      process.env = saved;
      configureProvider(configFor(t.emulator));
    }
  });

  it("creates every service exactly once while a third of the requests fail", async () => {
    const before = t.emulator.inventory().services;
    t.emulator.setFaults({ rate: 0.33, kinds: ["429", "500", "503", "drop", "lost"], retryAfterSeconds: 0, seed: 7 });
    configureProvider(configFor(t.emulator, { "twilio:maxTries": "8" }));
    try {
      const names = Array.from({ length: 12 }, () => uniqueName("flaky"));
      const results = await Promise.all(names.map((n) => create("Service", { uniqueName: n })));
      expect(new Set(results.map((r) => r.id)).size).toBe(12);
    } finally {
      t.emulator.setFaults(undefined);
      configureProvider(configFor(t.emulator));
    }
    expect(t.emulator.inventory().services).toBe(before + 12);
  });

  it("says how many tries were made when the faults outlast the retries", async () => {
    t.emulator.setFaults({ rate: 1, kinds: ["503"], seed: 1 });
    configureProvider(configFor(t.emulator, { "twilio:maxTries": "3" }));
    try {
      const name = uniqueName("down");
      const err = await caught(create("Service", { uniqueName: name }));
      expect(err.message).toBe(
        // the look-up of the unique name, before the create
        `Failed to create Service "${name}": HTTP 503, Twilio 20503: Service Unavailable (GET /v1/Services?PageSize=1000) after 3 tries`,
      );
    } finally {
      t.emulator.setFaults(undefined);
      configureProvider(configFor(t.emulator));
    }
  });
});
