import { deleteEnvironment, fetchEnvironment } from "../../provider/src/core/client/environments";
import { checked_, configFor, configureProvider, create, handler, makeService, type ProviderEmulator, read, startProviderEmulator } from "./support";
import { caught, uniqueName } from "../helpers/common";

let t: ProviderEmulator;
let serviceSid: string;
let domainBase: string;
beforeAll(async () => {
  t = await startProviderEmulator();
  const service = await makeService("envs");
  serviceSid = service.sid;
  domainBase = service.outs.domainBase;
});
afterAll(() => t.close());

describe("Environment against the emulator", () => {
  it("creates an environment whose url is https://domainName and reads it back", async () => {
    const { id, outs } = await create("Environment", { serviceSid, uniqueName: "staging", domainSuffix: "stage" });
    expect(id).toMatch(/^ZE[0-9a-f]{32}$/);
    expect(outs).toMatchObject({ sid: id, serviceSid, uniqueName: "staging", domainSuffix: "stage", domainName: `${domainBase}-stage.twil.io` });
    expect(outs.url).toBe(`https://${outs.domainName}`);
    expect((await read("Environment", id, outs)).props).toEqual(outs);
  });

  it("gets the short domain without a suffix", async () => {
    const { outs } = await create("Environment", { serviceSid, uniqueName: "production", domainSuffix: "" });
    expect(outs.domainName).toBe(`${domainBase}.twil.io`);
    expect(outs).not.toHaveProperty("domainSuffix");
  });

  it("is replaced by deleting first when the new environment keeps the domainSuffix", async () => {
    const old = await create("Environment", { serviceSid, uniqueName: uniqueName("r"), domainSuffix: "swap" });
    const news = await checked_("Environment", { serviceSid, uniqueName: uniqueName("r"), domainSuffix: "swap" });
    expect(await handler("Environment").diff(old.id, old.outs, news)).toEqual({
      changes: true,
      replaces: ["uniqueName"],
      deleteBeforeReplace: true,
    });
    await handler("Environment").delete(old.id, old.outs);
    const replacement = await handler("Environment").create(news);
    expect(replacement.outs).toMatchObject({ uniqueName: news.uniqueName, domainName: `${domainBase}-swap.twil.io` });
  });

  it("refuses a taken uniqueName or domainSuffix before writing anything, naming the environment that has it", async () => {
    const name = uniqueName("e");
    const first = await create("Environment", { serviceSid, uniqueName: name, domainSuffix: "one" });
    t.emulator.resetStats();
    const err = await caught(create("Environment", { serviceSid, uniqueName: name, domainSuffix: "two", __resourceName: "site" }));
    expect(err.message).toBe(
      `Environment "site": uniqueName "${name}" is taken: Service ${serviceSid} already has Environment ${first.id} (${domainBase}-one.twil.io) with it ` +
        "(an environment's uniqueName and domainSuffix are each unique in its service). If an interrupted pulumi up created it with this " +
        `uniqueName and domainSuffix, take it over with adoptSid: "${first.id}" on this Environment (in an AssetFolder: environment: ` +
        "{ uniqueName, domainSuffix, adoptSid }); otherwise choose another, or delete that Environment",
    );
    const bySuffix = await caught(create("Environment", { serviceSid, uniqueName: uniqueName("e"), domainSuffix: "one" }));
    expect(bySuffix.message).toContain(`: domainSuffix "one" is taken: Service ${serviceSid} already has Environment ${first.id}`);
    expect(t.emulator.stats().writes).toBe(0);
  });

  it("takes over the environment adoptSid names when it has the same uniqueName and domainSuffix", async () => {
    const name = uniqueName("adopt");
    const left = await create("Environment", { serviceSid, uniqueName: name, domainSuffix: "left" });
    const otherSuffix = await caught(create("Environment", { serviceSid, uniqueName: name, domainSuffix: "other", adoptSid: left.id }));
    expect(otherSuffix.message).toContain(`uniqueName "${name}" is taken`);
    t.emulator.resetStats();
    const { id, outs } = await create("Environment", { serviceSid, uniqueName: name, domainSuffix: "left", adoptSid: left.id });
    expect(id).toBe(left.id);
    expect(outs).toMatchObject({ sid: left.id, domainName: `${domainBase}-left.twil.io`, url: `https://${domainBase}-left.twil.io` });
    expect(t.emulator.stats().writes).toBe(0);
  });

  it("never makes a second environment, nor fails on its own name, when the answer to its create is lost", async () => {
    const service = (await makeService("lostenv")).sid;
    t.emulator.resetStats();
    t.emulator.setFaults({ rate: 0.5, kinds: ["lost"], seed: 3 });
    configureProvider(configFor(t.emulator, { "twilio:maxTries": "10" }));
    try {
      for (const suffix of ["a", "b", "c", "d"]) await create("Environment", { serviceSid: service, uniqueName: `env-${suffix}`, domainSuffix: suffix });
    } finally {
      t.emulator.setFaults(undefined);
      configureProvider(configFor(t.emulator));
    }
    expect(t.emulator.stats().faults.lost).toBeGreaterThan(0);
    expect(t.emulator.stats().byOperation.CreateEnvironment).toBe(4);
  });

  it("is gone on refresh after a delete outside Pulumi; deleting it again is fine", async () => {
    const { id, outs } = await create("Environment", { serviceSid, uniqueName: uniqueName("e"), domainSuffix: "gone" });
    await deleteEnvironment(t.client, serviceSid, id);
    expect((await read("Environment", id, outs)).id).toBe("");
    await expect(handler("Environment").delete(id, outs)).resolves.toBeUndefined();
  });

  it("deletes the environment", async () => {
    const { id, outs } = await create("Environment", { serviceSid, uniqueName: uniqueName("e"), domainSuffix: "del" });
    await handler("Environment").delete(id, outs);
    await expect(fetchEnvironment(t.client, serviceSid, id)).rejects.toMatchObject({ status: 404 });
  });

  it("is gone on refresh when its whole service was deleted", async () => {
    const other = await makeService("envgone");
    const { id, outs } = await create("Environment", { serviceSid: other.sid, uniqueName: "dev" });
    await handler("Service").delete(other.sid, other.outs);
    expect((await read("Environment", id, outs)).id).toBe("");
  });
});
