import { createDeployment } from "../../provider/src/core/client/deployments";
import { createBuild, deleteBuild, fetchBuild, listBuilds } from "../../provider/src/core/client/builds";
import { configFor, configureProvider, create, handler, makeBuild, makeService, makeVersion, notes, type ProviderEmulator, read, startProviderEmulator } from "./support";
import { caught } from "../helpers/common";

let t: ProviderEmulator;
let serviceSid: string;
beforeAll(async () => {
  t = await startProviderEmulator({ buildDurationMs: 150 });
  serviceSid = (await makeService("builds")).sid;
});
afterAll(() => t.close());

/** Settings that give the provider a client of its own, as a new provider process has: no memory of this one's uploads and builds. */
function nextProcess(): void {
  configureProvider(configFor(t.emulator, { "twilio:maxConcurrentRequests": "24" }));
}

describe("Build against the emulator", () => {
  it("waits until the build completes, its state on the Build's status line (its URN, ephemeral)", async () => {
    const a = await makeVersion(serviceSid, "/a.txt", "a");
    const b = await makeVersion(serviceSid, "/b.txt", "b", "private");
    t.progress.length = 0;
    const urn = "urn:pulumi:test::project::pulumi-nodejs:dynamic/twilio:Build::site";
    const { id, outs } = await create("Build", {
      serviceSid,
      assetVersions: [b.sid, a.sid],
      dependencies: { lodash: "4.17.21" },
      runtime: "node22",
      __resourceName: "site",
      __urn: urn,
    });
    expect(id).toMatch(/^ZB[0-9a-f]{32}$/);
    expect(outs).toMatchObject({ sid: id, status: "completed", assetVersions: [b.sid, a.sid], functionVersions: [], runtime: "node22", __urn: urn });
    // The first answer at once, the last when the wait ends (the polls between are throttled away).
    const messages = t.progress.map((line) => line.message);
    expect(messages[0]).toMatch(new RegExp(`^Build ${id}: building \\(\\d+s\\)$`));
    expect(messages[messages.length - 1]).toMatch(new RegExp(`^Build ${id}: completed \\(\\d+s\\)$`));
    expect(t.progress.every((line) => line.urn === urn && line.ephemeral && line.severity === "info")).toBe(true);
    expect(await fetchBuild(t.client, serviceSid, id)).toMatchObject({ status: "completed" });
    expect((await read("Build", id, outs)).props).toEqual(outs);
  });

  it("fails with Twilio's status when the build fails, and leaves no build behind", async () => {
    const version = await makeVersion(serviceSid, "/fail.txt", "x");
    const before = t.emulator.inventory().builds;
    t.emulator.failNextBuilds(1);
    const err = await caught(create("Build", { serviceSid, assetVersions: [version.sid], __resourceName: "site" }));
    expect(err.message).toMatch(
      new RegExp(`^Failed to create Build (ZB[0-9a-f]{32}) in Service ${serviceSid}: Build \\1 of Service ${serviceSid} failed: Twilio reports status "failed" and no reason\\. Look for the build's errors in the Twilio Console`),
    );
    expect(t.emulator.inventory().builds).toBe(before);
  });

  // Twilio accepts a node24 build whose @twilio/runtime-handler is older than 1.2.0, then fails it (changelog 2026-07-08,
  // emulator/README.md): the user reads the provider's message, and nothing is left behind.
  it("reports a build Twilio accepted and then failed (node24 with an old runtime handler) with its message, and leaves no build behind", async () => {
    const version = await makeVersion(serviceSid, "/old-handler.txt", "x");
    const before = t.emulator.inventory().builds;
    t.emulator.resetStats();
    const err = await caught(
      create("Build", { serviceSid, assetVersions: [version.sid], runtime: "node24", dependencies: { "@twilio/runtime-handler": "1.1.3" }, __resourceName: "site" }),
    );
    expect(err.message).toMatch(
      new RegExp(
        `^Failed to create Build (ZB[0-9a-f]{32}) in Service ${serviceSid}: Build \\1 of Service ${serviceSid} failed: Twilio reports status "failed" and no reason\\. ` +
          ".*Causes seen before: a dependency Twilio could not install, and on node24 a @twilio/runtime-handler older than 1\\.2\\.0$",
      ),
    );
    expect(t.emulator.stats().byOperation).toMatchObject({ CreateBuild: 1, DeleteBuild: 1 });
    expect(t.emulator.inventory().builds).toBe(before);
  });

  // Twilio accepts a range for its runtime handler and fails the build after (serverless-toolkit#273): refused before writing.
  it("refuses a range for @twilio/runtime-handler at check, before anything is written", async () => {
    const { failures } = await handler("Build").check({}, { serviceSid, assetVersions: [`ZN${"0".repeat(32)}`], dependencies: { "@twilio/runtime-handler": "^2.0.1", lodash: "^4.17.0" } });
    expect(failures).toEqual([
      {
        property: "dependencies.@twilio/runtime-handler",
        reason:
          'Build "build": dependencies.@twilio/runtime-handler "^2.0.1" is not an exact version: Twilio takes @twilio/runtime-handler only as one of the exact versions it lists ' +
          "(https://www.twilio.com/docs/serverless/functions-assets/handler), and a build given a range fails after Twilio accepted it",
      },
    ]);
  });

  // Twilio adds twilio and @twilio/runtime-handler to the build's Dependencies (emulator/README.md): refresh keeps the declared ones.
  it("reads back the dependencies it declared, not the list Twilio added to", async () => {
    const version = await makeVersion(serviceSid, "/deps.txt", "x");
    const { id, outs } = await create("Build", { serviceSid, assetVersions: [version.sid], dependencies: { lodash: "4.17.21" } });
    expect((await fetchBuild(t.client, serviceSid, id)).dependencies.map((d) => d.name)).toEqual(["lodash", "twilio", "@twilio/runtime-handler"]);
    const refreshed = (await read("Build", id, outs)).props!;
    expect(refreshed.dependencies).toEqual({ lodash: "4.17.21" });
    expect(await handler("Build").diff(id, refreshed, { ...outs })).toMatchObject({ changes: false });
  });

  it("gives up after the configured wait, naming the last status, and leaves no build behind", async () => {
    const version = await makeVersion(serviceSid, "/slow.txt", "x");
    const before = t.emulator.inventory().builds;
    t.emulator.setBuildDuration(60_000);
    configureProvider(configFor(t.emulator, { "twilio:buildTimeoutSeconds": "0.3" }));
    try {
      const err = await caught(create("Build", { serviceSid, assetVersions: [version.sid] }));
      expect(err.message).toMatch(/Build ZB[0-9a-f]{32} did not complete within 0\.3s \(last status: building\)$/);
    } finally {
      t.emulator.setBuildDuration(150);
      configureProvider(configFor(t.emulator));
    }
    expect(t.emulator.inventory().builds).toBe(before);
  });

  it("explains Twilio's refusal of a build", async () => {
    const other = await makeService("other");
    const foreign = await makeVersion(other.sid, "/f.txt", "f");
    const err = await caught(create("Build", { serviceSid, assetVersions: [foreign.sid], __resourceName: "site" }));
    expect(err.message).toBe(
      `Failed to create Build "site" in Service ${serviceSid}: HTTP 400, Twilio 20001: ` +
        `AssetVersions contains ${foreign.sid}, which is not a version in this Service (POST /v1/Services/${serviceSid}/Builds)`,
    );
  });

  it("deletes a build", async () => {
    const { id, outs } = await makeBuild(serviceSid, "/del.txt");
    await handler("Build").delete(id, outs);
    await expect(fetchBuild(t.client, serviceSid, id)).rejects.toMatchObject({ status: 404 });
  });

  it("takes over the build an interrupted update started with exactly its versions, unless that build is live or failed", async () => {
    const { sid: service } = await makeService("left-builds");
    const a = await makeVersion(service, "/a.txt", "a");
    const b = await makeVersion(service, "/b.txt", "b");
    const left = await createBuild(t.client, service, { assetVersions: [a.sid, b.sid], functionVersions: [], runtime: "node22" }, () => false);
    // The next update's provider process: its client knows nothing of the uploads above.
    nextProcess();
    try {
      t.progress.length = 0;
      const taken = await create("Build", { serviceSid: service, assetVersions: [b.sid, a.sid], runtime: "node22" });
      expect(taken.id).toBe(left.sid);
      expect(notes(t.progress)[0]).toBe(`Build: took over ${left.sid} in Service ${service}, which an interrupted update started with exactly these versions`);
      // not one that holds other versions, nor the live one (what a forced replacement replaces)
      expect((await create("Build", { serviceSid: service, assetVersions: [a.sid] })).id).not.toBe(left.sid);
      const env = await create("Environment", { serviceSid: service, uniqueName: "live", domainSuffix: "live" });
      await createDeployment(t.client, service, env.id, left.sid);
      expect((await create("Build", { serviceSid: service, assetVersions: [a.sid, b.sid], runtime: "node22" })).id).not.toBe(left.sid);
    } finally {
      configureProvider(configFor(t.emulator));
    }
  });

  it("starts a build of a version it uploaded without looking for one to take over (none can hold it)", async () => {
    const { sid: service } = await makeService("fresh-builds");
    const a = await makeVersion(service, "/a.txt", "a");
    const b = await makeVersion(service, "/b.txt", "b");
    // Even one of exactly these versions that this process started already is not taken.
    const first = await create("Build", { serviceSid: service, assetVersions: [a.sid, b.sid], runtime: "node22" });
    t.emulator.resetStats();
    const second = await create("Build", { serviceSid: service, assetVersions: [b.sid, a.sid], runtime: "node22" });
    expect(second.id).not.toBe(first.id);
    const ops = t.emulator.stats().byOperation;
    expect(ops.CreateBuild).toBe(1);
    expect(ops.ListBuild ?? 0).toBe(0);
    expect(ops.ListEnvironment ?? 0).toBe(0);
    // A version from before the process (uploaded by another one) still gets the look-up.
    nextProcess();
    try {
      t.emulator.resetStats();
      await create("Build", { serviceSid: service, assetVersions: [a.sid], runtime: "node22" });
      expect(t.emulator.stats().byOperation).toMatchObject({ ListBuild: 1, ListEnvironment: 1, CreateBuild: 1 });
    } finally {
      configureProvider(configFor(t.emulator));
    }
  });

  it("never starts a second build when the answer to its create is lost", async () => {
    const { sid: service } = await makeService("lost-builds");
    const version = await makeVersion(service, "/lost.txt", "x");
    t.emulator.resetStats();
    t.emulator.setFaults({ rate: 0.6, kinds: ["lost"], seed: 3 });
    configureProvider(configFor(t.emulator, { "twilio:maxTries": "12" }));
    let id: string;
    try {
      ({ id } = await create("Build", { serviceSid: service, assetVersions: [version.sid] }));
    } finally {
      t.emulator.setFaults(undefined);
      configureProvider(configFor(t.emulator));
    }
    expect(t.emulator.stats().faults.lost).toBeGreaterThan(0);
    expect(t.emulator.stats().byOperation.CreateBuild).toBe(1);
    expect((await listBuilds(t.client, service)).map((b) => b.sid)).toEqual([id]);
  });

  it("is gone on refresh after a delete outside Pulumi", async () => {
    const { id, outs } = await makeBuild(serviceSid, "/oob.txt");
    await deleteBuild(t.client, serviceSid, id);
    expect((await read("Build", id, outs)).id).toBe("");
    await expect(handler("Build").delete(id, outs)).resolves.toBeUndefined();
  });
});

describe("a replaced Build's status line", () => {
  it("names the build being deleted, not its replacement, though both share one URN (one row)", async () => {
    const urn = "urn:pulumi:test::project::pulumi-nodejs:dynamic/twilio:Build::replaced";
    const first = await makeVersion(serviceSid, "/replaced.txt", "v1");
    const old = await create("Build", { serviceSid, assetVersions: [first.sid], __resourceName: "replaced", __urn: urn });
    const second = await makeVersion(serviceSid, "/replaced.txt", "v2");
    const replacement = await create("Build", { serviceSid, assetVersions: [second.sid], __resourceName: "replaced", __urn: urn });
    t.progress.length = 0;
    await handler("Build").delete(old.id, old.outs);
    const lines = t.progress.filter((line) => line.urn === urn && line.ephemeral).map((line) => line.message);
    expect(lines[0]).toBe(`deleting Build ${old.id}`);
    expect(lines.join("\n")).not.toContain(replacement.id);
  });
});
