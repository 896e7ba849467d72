import { deleteEnvironment, fetchEnvironment } from "../../provider/src/client/environments";
import { caught, checked_, create, handler, makeService, type ProviderEmulator, read, startProviderEmulator, uniqueName } from "./support";

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

  it("explains Twilio's refusal of a second environment with the same uniqueName", async () => {
    const name = uniqueName("e");
    await create("Environment", { serviceSid, uniqueName: name, domainSuffix: "one" });
    const err = await caught(create("Environment", { serviceSid, uniqueName: name, domainSuffix: "two" }));
    expect(err.message).toBe(
      `Failed to create Environment "${name}" in Service ${serviceSid}: HTTP 409, Twilio 20409: ` +
        `Environment with this UniqueName or DomainSuffix already exists. (POST /v1/Services/${serviceSid}/Environments)`,
    );
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
