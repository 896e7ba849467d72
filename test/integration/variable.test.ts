import { deleteVariable, fetchVariable, updateVariable } from "../../provider/src/core/client/variables";
import { configFor, configureProvider, create, handler, makeService, type ProviderEmulator, read, startProviderEmulator } from "./support";
import { caught } from "../helpers/common";

let t: ProviderEmulator;
let serviceSid: string;
let environmentSid: string;
beforeAll(async () => {
  t = await startProviderEmulator();
  serviceSid = (await makeService("vars")).sid;
  environmentSid = (await create("Environment", { serviceSid, uniqueName: "vars", domainSuffix: "vars" })).id;
});
afterAll(() => t.close());

describe("Variable against the emulator", () => {
  it("creates, reads, updates key and value in place, and deletes a variable", async () => {
    const { id, outs } = await create("Variable", { serviceSid, environmentSid, key: "GREETING", value: "hello" });
    expect(id).toMatch(/^ZV[0-9a-f]{32}$/);
    expect((await read("Variable", id, outs)).props).toEqual(outs);
    const updated = await handler("Variable").update(id, outs, { ...outs, key: "SALUTATION", value: "hi" });
    expect(updated.outs).toMatchObject({ sid: id, key: "SALUTATION", value: "hi" });
    expect(await fetchVariable(t.client, serviceSid, environmentSid, id)).toMatchObject({ key: "SALUTATION", value: "hi" });
    await handler("Variable").delete(id, updated.outs!);
    await expect(fetchVariable(t.client, serviceSid, environmentSid, id)).rejects.toMatchObject({ status: 404 });
  });

  it("notices a value changed outside Pulumi, and is gone after a delete outside Pulumi", async () => {
    const { id, outs } = await create("Variable", { serviceSid, environmentSid, key: "MODE", value: "prod" });
    await updateVariable(t.client, serviceSid, environmentSid, id, "MODE", "debug");
    const refreshed = await read("Variable", id, outs);
    expect(refreshed.props).toMatchObject({ value: "debug" });
    expect(await handler("Variable").diff(id, refreshed.props!, outs)).toEqual({ changes: true });
    await deleteVariable(t.client, serviceSid, environmentSid, id);
    expect((await read("Variable", id, outs)).id).toBe("");
  });

  it("refuses a taken key before writing anything, without showing the value", async () => {
    const first = await create("Variable", { serviceSid, environmentSid, key: "TOKEN", value: "first-secret" });
    t.emulator.resetStats();
    const err = await caught(create("Variable", { serviceSid, environmentSid, key: "TOKEN", value: "second-secret" }));
    expect(err.message).toBe(
      `Variable "TOKEN": key "TOKEN" is taken: Environment ${environmentSid} already has Variable ${first.id} with it ` +
        "(keys are unique in an environment); delete that Variable (e.g. left by an interrupted pulumi up), or choose another key",
    );
    expect(err.message).not.toContain("secret");
    expect(t.emulator.stats().writes).toBe(0);
  });

  it("never fails on its own key when the answer to its create is lost", async () => {
    t.emulator.resetStats();
    t.emulator.setFaults({ rate: 0.5, kinds: ["lost"], seed: 3 });
    configureProvider(configFor(t.emulator, { "twilio:maxTries": "10" }));
    try {
      for (const key of ["A", "B", "C", "D"]) await create("Variable", { serviceSid, environmentSid, key, value: "v" });
    } finally {
      t.emulator.setFaults(undefined);
      configureProvider(configFor(t.emulator));
    }
    expect(t.emulator.stats().faults.lost).toBeGreaterThan(0);
    expect(t.emulator.stats().byOperation.CreateVariable).toBe(4);
  });
});
