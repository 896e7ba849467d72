import { assetsApi } from "../../provider/src/client/assets";
import { create, handler, makeService, type ProviderEmulator, read, startProviderEmulator } from "./support";

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

  it("is gone on refresh after a delete outside Pulumi", async () => {
    const { id, outs } = await create("Asset", { serviceSid, friendlyName: "tmp" });
    await assetsApi.remove(t.client, serviceSid, id);
    expect((await read("Asset", id, outs)).id).toBe("");
    await expect(handler("Asset").delete(id, outs)).resolves.toBeUndefined();
  });
});
