import { functionsApi } from "../../provider/src/core/client/containers";
import { create, handler, makeService, type ProviderEmulator, read, startProviderEmulator } from "./support";

let t: ProviderEmulator;
let serviceSid: string;
beforeAll(async () => {
  t = await startProviderEmulator();
  serviceSid = (await makeService("functions")).sid;
});
afterAll(() => t.close());

describe("Function against the emulator", () => {
  it("creates, reads, renames in place and deletes a function", async () => {
    const { id, outs } = await create("Function", { serviceSid, friendlyName: "hello" });
    expect(id).toMatch(/^ZH[0-9a-f]{32}$/);
    expect((await read("Function", id, outs)).props).toEqual(outs);
    const updated = await handler("Function").update(id, outs, { ...outs, friendlyName: "hello world" });
    expect(await functionsApi.fetch(t.client, serviceSid, id)).toMatchObject({ friendlyName: "hello world" });
    await handler("Function").delete(id, updated.outs!);
    await expect(functionsApi.fetch(t.client, serviceSid, id)).rejects.toMatchObject({ status: 404 });
  });

  it("is gone on refresh after a delete outside Pulumi", async () => {
    const { id, outs } = await create("Function", { serviceSid, friendlyName: "tmp" });
    await functionsApi.remove(t.client, serviceSid, id);
    expect((await read("Function", id, outs)).id).toBe("");
  });
});
