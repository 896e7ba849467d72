import { assetsApi } from "../../provider/src/core/client/containers";
import { assetVersionsApi } from "../../provider/src/core/client/versions";
import { configFor, configureProvider, create, handler, makeService, notes, type ProviderEmulator, read, startProviderEmulator } from "./support";

let t: ProviderEmulator;
let serviceSid: string;
beforeAll(async () => {
  t = await startProviderEmulator();
  serviceSid = (await makeService("assets")).sid;
});
afterAll(() => t.close());

describe("Asset against the emulator", () => {
  it("creates, reads, renames in place and deletes an asset", async () => {
    const { id, outs } = await create("Asset", { serviceSid, friendlyName: "logo" });
    expect(id).toMatch(/^ZH[0-9a-f]{32}$/);
    expect(outs).toMatchObject({ sid: id, serviceSid, friendlyName: "logo" });
    expect((await read("Asset", id, outs)).props).toEqual(outs);

    const updated = await handler("Asset").update(id, outs, { ...outs, friendlyName: "brand logo" });
    expect(updated.outs).toMatchObject({ sid: id, friendlyName: "brand logo" });
    expect(await assetsApi.fetch(t.client, serviceSid, id)).toMatchObject({ friendlyName: "brand logo" });

    await handler("Asset").delete(id, updated.outs!);
    await expect(assetsApi.fetch(t.client, serviceSid, id)).rejects.toMatchObject({ status: 404 });
  });

  it("never makes a second Asset when the answer to its create is lost, nor takes another one of the same name", async () => {
    const { sid: service } = await makeService("lost-assets");
    // there before the provider first created in the service: never a lost answer's Asset
    const older = await assetsApi.create(t.client, service, "/page.html", () => false);
    t.emulator.resetStats();
    t.emulator.setFaults({ rate: 0.6, kinds: ["lost"], seed: 8 });
    configureProvider(configFor(t.emulator, { "twilio:maxTries": "12" }));
    const made: string[] = [];
    try {
      for (let i = 0; i < 3; i++) made.push((await create("Asset", { serviceSid: service, friendlyName: "/page.html" })).id);
    } finally {
      t.emulator.setFaults(undefined);
      configureProvider(configFor(t.emulator));
    }
    expect(t.emulator.stats().faults.lost).toBeGreaterThan(0);
    expect(t.emulator.stats().byOperation.CreateAsset).toBe(3);
    expect(new Set([older.sid, ...made]).size).toBe(4);
    expect((await assetsApi.list(t.client, service)).map((a) => a.sid).sort()).toEqual([older.sid, ...made].sort());
  });

  it("with adoptOrphans, takes over an Asset an interrupted update left (same friendly name, no versions), and nothing else", async () => {
    const { sid: service } = await makeService("orphans");
    const orphan = await assetsApi.create(t.client, service, "/index.html", () => false);
    const withVersion = await assetsApi.create(t.client, service, "/logo.png", () => false);
    await assetVersionsApi.create(t.client, service, withVersion.sid, "/logo.png", "public", { field: "Content", filename: "logo.png", contentType: "image/png", size: 1, open: () => Buffer.from("x") }, () => false);
    const other = await assetsApi.create(t.client, service, "/about.html", () => false);
    t.progress.length = 0;
    const adopted = await create("Asset", { serviceSid: service, friendlyName: "/index.html", adoptOrphans: true, __resourceName: "site/index.html" });
    expect(adopted.id).toBe(orphan.sid);
    expect(adopted.outs).toMatchObject({ sid: orphan.sid, friendlyName: "/index.html", adoptOrphans: true });
    expect(notes(t.progress)).toEqual([
      `Asset "/index.html": took over ${orphan.sid} in Service ${service}, which an interrupted update left (same friendly name, no versions)`,
    ]);
    // one with a version is some other resource's; without adoptOrphans nothing is taken over; a name matches exactly or not at all
    expect((await create("Asset", { serviceSid: service, friendlyName: "/logo.png", adoptOrphans: true })).id).not.toBe(withVersion.sid);
    expect((await create("Asset", { serviceSid: service, friendlyName: "/about.html" })).id).not.toBe(other.sid);
    expect((await create("Asset", { serviceSid: service, friendlyName: "/about.htm", adoptOrphans: true })).id).not.toBe(other.sid);
    // and an orphan is taken over once
    expect((await create("Asset", { serviceSid: service, friendlyName: "/index.html", adoptOrphans: true })).id).not.toBe(orphan.sid);
    expect((await assetsApi.list(t.client, service)).length).toBe(7);
  });

  it("is gone on refresh after a delete outside Pulumi", async () => {
    const { id, outs } = await create("Asset", { serviceSid, friendlyName: "tmp" });
    await assetsApi.remove(t.client, serviceSid, id);
    expect((await read("Asset", id, outs)).id).toBe("");
    await expect(handler("Asset").delete(id, outs)).resolves.toBeUndefined();
  });
});
