import { createDeployment } from "../../provider/src/core/client/deployments";
import { closeClient } from "../../provider/src/core/settings";
import { deleteEnvironment, fetchEnvironment } from "../../provider/src/core/client/environments";
import { create, handler, makeBuild, makeService, type Props, type ProviderEmulator, read, startProviderEmulator } from "./support";
import { fetchSite, uniqueName } from "../helpers/common";

let t: ProviderEmulator;
let serviceSid: string;
beforeAll(async () => {
  t = await startProviderEmulator();
  serviceSid = (await makeService("deploys")).sid;
});
afterAll(() => t.close());

async function makeEnvironment(): Promise<Props> {
  const suffix = uniqueName("e").slice(-8);
  return (await create("Environment", { serviceSid, uniqueName: suffix, domainSuffix: suffix })).outs;
}

const deploy = (env: Props, buildSid: string) =>
  create("Deployment", { serviceSid, environmentSid: env.sid, buildSid, __resourceName: "live" });

describe("Deployment against the emulator", () => {
  it("makes the environment serve the build", async () => {
    const env = await makeEnvironment();
    const build = await makeBuild(serviceSid, "/hello.txt", "hello v1");
    const { id, outs } = await deploy(env, build.id);
    expect(id).toMatch(/^ZD[0-9a-f]{32}$/);
    expect(outs).toMatchObject({ sid: id, environmentSid: env.sid, buildSid: build.id });
    expect((await fetchEnvironment(t.client, serviceSid, env.sid)).buildSid).toBe(build.id);
    expect(await fetchSite(t.emulator, env.domainName, "/hello.txt")).toMatchObject({ status: 200, body: "hello v1" });
    expect((await read("Deployment", id, outs)).props).toEqual(outs);
  });

  it("is replaced by a deployment of a new build: deleting the old one leaves the new build live", async () => {
    const env = await makeEnvironment();
    const v1 = await makeBuild(serviceSid, "/page.txt", "v1");
    const first = await deploy(env, v1.id);
    const v2 = await makeBuild(serviceSid, "/page.txt", "v2");
    expect(await handler("Deployment").diff(first.id, first.outs, { ...first.outs, buildSid: v2.id })).toMatchObject({ replaces: ["buildSid"] });
    // create before delete, as the engine does
    await deploy(env, v2.id);
    await handler("Deployment").delete(first.id, first.outs);
    await handler("Build").delete(v1.id, v1.outs);
    expect((await fetchEnvironment(t.client, serviceSid, env.sid)).buildSid).toBe(v2.id);
    expect(await fetchSite(t.emulator, env.domainName, "/page.txt")).toMatchObject({ status: 200, body: "v2" });
  });

  it("deletes a deployment it replaced without a request: it deployed another build there since", async () => {
    const env = await makeEnvironment();
    const v1 = await makeBuild(serviceSid, "/page.txt", "v1");
    const first = await deploy(env, v1.id);
    const v2 = await makeBuild(serviceSid, "/page.txt", "v2");
    await deploy(env, v2.id);
    t.emulator.resetStats();
    await handler("Deployment").delete(first.id, first.outs);
    expect(t.emulator.stats().requests).toBe(0);
    expect((await fetchEnvironment(t.client, serviceSid, env.sid)).buildSid).toBe(v2.id);
    // A next process (`pulumi destroy`) deployed nothing there: it asks Twilio, and un-deploys.
    await closeClient();
    const second = await deploy(env, v2.id);
    await closeClient();
    t.emulator.resetStats();
    await handler("Deployment").delete(second.id, second.outs);
    expect(t.emulator.stats().byOperation).toEqual({ FetchEnvironment: 1, CreateDeployment: 1 });
    expect((await fetchEnvironment(t.client, serviceSid, env.sid)).buildSid).toBeUndefined();
  });

  it("keeps the build live when another Deployment resource deployed the same build in this update (a renamed Deployment)", async () => {
    const env = await makeEnvironment();
    const build = await makeBuild(serviceSid, "/page.txt", "live");
    const old = await deploy(env, build.id);
    await closeClient();
    // The next `pulumi up`: the renamed resource is created first (the environment already
    // serves the build: its deployment is adopted), then the old name is deleted.
    const renamed = await create("Deployment", { serviceSid, environmentSid: env.sid, buildSid: build.id, __resourceName: "renamed" });
    expect(renamed.id).toBe(old.id);
    t.emulator.resetStats();
    await handler("Deployment").delete(old.id, old.outs);
    expect(t.emulator.stats().requests).toBe(0);
    expect((await fetchEnvironment(t.client, serviceSid, env.sid)).buildSid).toBe(build.id);
    expect(await fetchSite(t.emulator, env.domainName, "/page.txt")).toMatchObject({ status: 200, body: "live" });
  });

  it("un-deploys the environment on delete while it still serves this build", async () => {
    const env = await makeEnvironment();
    const build = await makeBuild(serviceSid);
    const { id, outs } = await deploy(env, build.id);
    // `pulumi destroy` is a next process, which deployed nothing.
    await closeClient();
    await handler("Deployment").delete(id, outs);
    expect((await fetchEnvironment(t.client, serviceSid, env.sid)).buildSid).toBeUndefined();
    expect((await fetchSite(t.emulator, env.domainName, "/hello.txt")).status).toBe(404);
    // nothing holds the build any more
    await handler("Build").delete(build.id, build.outs);
  });

  it("counts as gone on refresh once another build was deployed outside Pulumi", async () => {
    const env = await makeEnvironment();
    const mine = await makeBuild(serviceSid, "/m.txt");
    const theirs = await makeBuild(serviceSid, "/t.txt");
    const { id, outs } = await deploy(env, mine.id);
    await createDeployment(t.client, serviceSid, env.sid, theirs.id);
    expect((await read("Deployment", id, outs)).id).toBe("");
    // and deleting it does not touch what the environment serves now
    await handler("Deployment").delete(id, outs);
    expect((await fetchEnvironment(t.client, serviceSid, env.sid)).buildSid).toBe(theirs.id);
  });

  it("counts as gone, and deletes cleanly, once its environment was deleted outside Pulumi", async () => {
    const env = await makeEnvironment();
    const build = await makeBuild(serviceSid, "/x.txt");
    const { id, outs } = await deploy(env, build.id);
    await deleteEnvironment(t.client, serviceSid, env.sid);
    expect((await read("Deployment", id, outs)).id).toBe("");
    await expect(handler("Deployment").delete(id, outs)).resolves.toBeUndefined();
  });

  // Twilio lists deployments newest first (emulator/README.md); the newest is found by its date, not by its place in the list.
  it("adopts the newest deployment of the build when the environment already serves it", async () => {
    const env = await makeEnvironment();
    const a = await makeBuild(serviceSid, "/a.txt");
    const b = await makeBuild(serviceSid, "/b.txt");
    const older = await createDeployment(t.client, serviceSid, env.sid, a.id);
    await createDeployment(t.client, serviceSid, env.sid, b.id);
    // A later second: Twilio's dates have a second's precision.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const newer = await createDeployment(t.client, serviceSid, env.sid, a.id);
    const { id } = await deploy(env, a.id);
    expect(id).toBe(newer.sid);
    expect(id).not.toBe(older.sid);
  });

  // twilio-cli#215: Twilio refuses to un-deploy an environment that serves nothing ("Environment already has requested deployment.").
  it("deletes cleanly once the environment serves nothing, without asking Twilio to un-deploy it", async () => {
    const env = await makeEnvironment();
    const build = await makeBuild(serviceSid, "/gone.txt");
    const { id, outs } = await deploy(env, build.id);
    await createDeployment(t.client, serviceSid, env.sid, undefined);
    await closeClient();
    t.emulator.resetStats();
    await expect(handler("Deployment").delete(id, outs)).resolves.toBeUndefined();
    expect(t.emulator.stats().byOperation).toEqual({ FetchEnvironment: 1 });
  });

  it("un-deploys once when the answer to the un-deploy is lost: Twilio's 409 to the retry means it is done", async () => {
    const env = await makeEnvironment();
    const build = await makeBuild(serviceSid, "/lost.txt");
    const { id, outs } = await deploy(env, build.id);
    await closeClient();
    // Seeded: the look-up goes through, the un-deploy is applied and its answer lost, the rest go through.
    t.emulator.setFaults({ rate: 0.5, kinds: ["lost"], seed: 1 });
    t.emulator.resetStats();
    try {
      await expect(handler("Deployment").delete(id, outs)).resolves.toBeUndefined();
    } finally {
      t.emulator.setFaults(undefined);
    }
    expect(t.emulator.stats().faults.lost).toBe(1);
    expect(t.emulator.stats().byOperation).toEqual({ FetchEnvironment: 2, CreateDeployment: 2 });
    expect((await fetchEnvironment(t.client, serviceSid, env.sid)).buildSid).toBeUndefined();
  });

  it("adopts the deployment when the environment already serves the build", async () => {
    const env = await makeEnvironment();
    const build = await makeBuild(serviceSid, "/y.txt");
    const existing = await createDeployment(t.client, serviceSid, env.sid, build.id);
    const { id } = await deploy(env, build.id);
    expect(id).toBe(existing.sid);
  });
});
