/**
 * Promotion against the emulator (issue 30): a Build's delete never un-deploys an environment this
 * stack does not manage, a site's BuildCleanup deletes what it let go of once no environment serves
 * it, and a promotion's Deployment checks its release and says where the build comes from.
 */
import { createDeployment } from "../../provider/src/core/client/deployments";
import { fetchBuild } from "../../provider/src/core/client/builds";
import { fetchEnvironment } from "../../provider/src/core/client/environments";
import { assetsApi, type ContainerApi, functionsApi } from "../../provider/src/core/client/containers";
import { checked_, create, handler, makeBuild, makeService, makeVersion, notes, type Props, type ProviderEmulator, startProviderEmulator, stringAsset } from "./support";
import { caught, uniqueName } from "../helpers/common";

let t: ProviderEmulator;
let serviceSid: string;
beforeAll(async () => {
  t = await startProviderEmulator({ buildDurationMs: 20 });
  serviceSid = (await makeService("promote")).sid;
});
afterAll(() => t.close());

/** An environment that another stack manages, serving `buildSid` (deployed behind this stack's back). */
async function otherStacksEnvironment(buildSid: string | undefined): Promise<string> {
  const { id } = await create("Environment", { serviceSid, uniqueName: uniqueName("prod"), domainSuffix: uniqueName("p").slice(0, 12) });
  if (buildSid) await createDeployment(t.client, serviceSid, id, buildSid);
  return id;
}

/** Whether `fetch` finds its object: false on a 404. */
function found(fetch: Promise<unknown>): Promise<boolean> {
  return fetch.then(
    () => true,
    (err: { status?: number }) => (err.status === 404 ? false : Promise.reject(err)),
  );
}
const exists = (buildSid: string) => found(fetchBuild(t.client, serviceSid, buildSid));
const containerExists = (api: ContainerApi, sid: unknown) => found(api.fetch(t.client, serviceSid, String(sid)));

describe("a Build's delete", () => {
  it("leaves a build that another stack's environment serves live, out of state, with a note naming that environment", async () => {
    const build = await makeBuild(serviceSid, "/promoted.txt", "v1");
    const prod = await otherStacksEnvironment(build.id);
    t.progress.length = 0;
    t.emulator.resetStats();
    await handler("Build").delete(build.id, build.outs);
    expect(await exists(build.id)).toBe(true);
    expect((await fetchEnvironment(t.client, serviceSid, prod)).buildSid).toBe(build.id);
    // Not one deployment was made: nothing was un-deployed.
    expect(t.emulator.stats().byOperation.CreateDeployment ?? 0).toBe(0);
    const env = await fetchEnvironment(t.client, serviceSid, prod);
    expect(notes(t.progress)).toEqual([
      `Build ${build.id} stays in Twilio: Environment ${env.uniqueName} (${env.domainName}, ${prod}) serves it, and no Deployment of this stack put it there, so it is left live. ` +
        "It leaves this stack's state; the site's BuildCleanup deletes it at the site's next `pulumi up` after no environment serves it, or the Service's delete takes it along (Twilio deletes such builds after 7 days)",
    ]);
  });

  it("deletes a build no environment serves", async () => {
    const build = await makeBuild(serviceSid, "/alone.txt", "v1");
    await handler("Build").delete(build.id, build.outs);
    expect(await exists(build.id)).toBe(false);
  });
});

describe("a file removed while another stack's environment serves a build that holds it", () => {
  it("stays in Twilio with a note, in both layouts and for a Function, and the site's BuildCleanup deletes it with that build once none serves it", async () => {
    // v1 holds /a.txt (a resource per file), /b.txt and /c.txt (in a bundle) and the Function /f; production serves v1.
    const a = await makeVersion(serviceSid, "/a.txt", "a");
    const b = await makeVersion(serviceSid, "/b.txt", "b");
    const c = await makeVersion(serviceSid, "/c.txt", "c");
    const kept = await makeVersion(serviceSid, "/kept.txt", "kept");
    const fn = await create("Function", { serviceSid, friendlyName: "f" });
    const f = (await create("FunctionVersion", { serviceSid, functionSid: fn.id, path: "/f", visibility: "public", content: stringAsset("exports.handler = (c, e, cb) => cb(null, 'f');") })).outs;
    const v1 = await create("Build", { serviceSid, assetVersions: [a.sid, b.sid, c.sid, kept.sid], functionVersions: [f.sid], __resourceName: "site" });
    const prod = await otherStacksEnvironment(v1.id);
    const siteEnv = await otherStacksEnvironment(undefined);
    const cleanup = await create("BuildCleanup", { serviceSid, environmentSid: siteEnv, buildSid: v1.id, __resourceName: "site" });

    // The site removes both files: v2 holds /kept.txt only, and the site's environment serves it.
    const v2 = await create("Build", { serviceSid, assetVersions: [kept.sid], __resourceName: "site" });
    await createDeployment(t.client, serviceSid, siteEnv, v2.id);
    const moved = await checked_("BuildCleanup", { serviceSid, environmentSid: siteEnv, buildSid: v2.id, __resourceName: "site" });
    const released = (await handler("BuildCleanup").update(cleanup.id, cleanup.outs, moved)).outs as Props;
    expect(released.releasedBuildSids).toEqual([v1.id]);
    t.progress.length = 0;
    await handler("Asset").delete(String(a.assetSid), { serviceSid, friendlyName: "/a.txt" });
    t.emulator.resetStats();
    await handler("AssetCleanup").update("cleanup", {}, { serviceSid, assetSids: [b.assetSid, c.assetSid], after: "ZD1", __resourceName: "site" });
    // Two refused deletes, one look at who serves what.
    expect(t.emulator.stats().byOperation).toMatchObject({ DeleteAsset: 2, ListBuild: 1, ListEnvironment: 1 });
    await handler("Function").delete(fn.id, { serviceSid, friendlyName: "f" });
    await handler("Build").delete(v1.id, v1.outs);
    const left = async () => [
      await containerExists(assetsApi, a.assetSid),
      await containerExists(assetsApi, b.assetSid),
      await containerExists(assetsApi, c.assetSid),
      await containerExists(functionsApi, fn.id),
      await exists(v1.id),
    ];
    expect(await left()).toEqual([true, true, true, true, true]);
    // Production still serves both files.
    expect((await fetchEnvironment(t.client, serviceSid, prod)).buildSid).toBe(v1.id);
    const env = await fetchEnvironment(t.client, serviceSid, prod);
    const where = `Environment ${env.uniqueName} (${env.domainName}, ${prod}) serves a build that holds it, and no Deployment of this stack put it there. `;
    const after = "It leaves this stack's state; the site's BuildCleanup deletes it with the last such build once no environment serves that build";
    // The bundle's cleanup knows only the SID: its note looks the path up (one GET, only on a refusal).
    expect(notes(t.progress).slice(0, 4)).toEqual([
      `Asset "/a.txt" (${a.assetSid}) stays in Twilio: ${where}${after}`,
      `Asset "/b.txt" (${b.assetSid}) stays in Twilio: ${where}${after}`,
      `Asset "/c.txt" (${c.assetSid}) stays in Twilio: ${where}${after}`,
      `Function "f" (${fn.id}) stays in Twilio: ${where}${after}`,
    ]);

    // Production moves on to v2: the site's next up deletes v1 and the two files it held, not /kept.txt.
    await createDeployment(t.client, serviceSid, prod, v2.id);
    t.progress.length = 0;
    const cleaned = (await handler("BuildCleanup").update(cleanup.id, released, moved)).outs as Props;
    expect(cleaned.releasedBuildSids).toEqual([]);
    expect(await left()).toEqual([false, false, false, false, false]);
    expect(await containerExists(assetsApi, kept.assetSid)).toBe(true);
    expect(notes(t.progress)).toEqual([
      `deleted Build ${v1.id}, which this site let go of while another environment served it, and which none serves any more, with the 4 of its Assets and Functions the site no longer has`,
    ]);
  });
});

describe("BuildCleanup", () => {
  it("never deletes the site's current build, even a released one an update took over again", async () => {
    const v1 = await makeBuild(serviceSid, "/again.txt", "v1");
    const siteEnv = await otherStacksEnvironment(v1.id);
    const cleanup = await create("BuildCleanup", { serviceSid, environmentSid: siteEnv, buildSid: v1.id, __resourceName: "again" });
    // v1 was released once and the site's Build took it over again: it is current, and served.
    const outs = (await handler("BuildCleanup").update(cleanup.id, { ...cleanup.outs, releasedBuildSids: [v1.id] }, cleanup.outs)).outs as Props;
    expect(outs.releasedBuildSids).toEqual([]);
    expect(await exists(v1.id)).toBe(true);
    // Nor at destroy, when no environment serves it any more.
    await createDeployment(t.client, serviceSid, siteEnv, (await makeBuild(serviceSid, "/again.txt", "v2")).id);
    await handler("BuildCleanup").delete(cleanup.id, { ...outs, releasedBuildSids: [v1.id] });
    expect(await exists(v1.id)).toBe(true);
  });


  it("remembers the build it let go of while another environment serves it, and deletes it at the next up once none does", async () => {
    const v1 = await makeBuild(serviceSid, "/site.txt", "v1");
    const prod = await otherStacksEnvironment(v1.id);
    const siteEnv = await otherStacksEnvironment(undefined);
    const cleanup = await create("BuildCleanup", { serviceSid, environmentSid: siteEnv, buildSid: v1.id, __resourceName: "site" });
    expect(cleanup.outs.releasedBuildSids).toEqual([]);

    // The site moves on to v2; prod still serves v1.
    const v2 = await makeBuild(serviceSid, "/site.txt", "v2");
    const moved = await checked_("BuildCleanup", { serviceSid, environmentSid: siteEnv, buildSid: v2.id, __resourceName: "site" });
    expect(await handler("BuildCleanup").diff(cleanup.id, cleanup.outs, moved)).toMatchObject({ changes: true });
    const afterV2 = (await handler("BuildCleanup").update(cleanup.id, cleanup.outs, moved)).outs as Props;
    expect(afterV2.releasedBuildSids).toEqual([v1.id]);
    await handler("Build").delete(v1.id, v1.outs);
    expect(await exists(v1.id)).toBe(true);

    // A no-change preview while prod still serves v1: nothing to do, one look at the environments.
    t.emulator.resetStats();
    expect(await handler("BuildCleanup").diff(cleanup.id, afterV2, moved)).toEqual({ changes: false });
    expect(t.emulator.stats().requests).toBe(1);

    // Prod promotes v2: v1 is served by none, so the next up deletes it.
    await createDeployment(t.client, serviceSid, prod, v2.id);
    expect(await handler("BuildCleanup").diff(cleanup.id, afterV2, moved)).toEqual({ changes: true });
    t.progress.length = 0;
    const cleaned = (await handler("BuildCleanup").update(cleanup.id, afterV2, moved)).outs as Props;
    expect(cleaned.releasedBuildSids).toEqual([]);
    expect(await exists(v1.id)).toBe(false);
    expect(await exists(v2.id)).toBe(true);
    expect(notes(t.progress)).toEqual([
      // makeBuild makes a new Asset each time: v2 does not hold v1's.
      `deleted Build ${v1.id}, which this site let go of while another environment served it, and which none serves any more, with the 1 of its Assets and Functions the site no longer has`,
    ]);
    expect(await handler("BuildCleanup").diff(cleanup.id, cleaned, moved)).toEqual({ changes: false });
  });

  it("never deletes the build it just let go of (its own Build resource does), nor one still served, and leaves what is served at destroy", async () => {
    const v1 = await makeBuild(serviceSid, "/own.txt", "v1");
    // The site's own environment still serves v1: its new Deployment runs beside this update.
    const siteEnv = await otherStacksEnvironment(v1.id);
    const cleanup = await create("BuildCleanup", { serviceSid, environmentSid: siteEnv, buildSid: v1.id, __resourceName: "own" });
    const v2 = await makeBuild(serviceSid, "/own.txt", "v2");
    const moved = await checked_("BuildCleanup", { serviceSid, environmentSid: siteEnv, buildSid: v2.id, __resourceName: "own" });
    const outs = (await handler("BuildCleanup").update(cleanup.id, cleanup.outs, moved)).outs as Props;
    // Served by the site's own environment only: not remembered, and not deleted here.
    expect(outs.releasedBuildSids).toEqual([]);
    expect(await exists(v1.id)).toBe(true);

    const served = await makeBuild(serviceSid, "/own.txt", "v3");
    await otherStacksEnvironment(served.id);
    t.progress.length = 0;
    await handler("BuildCleanup").delete(cleanup.id, { ...outs, releasedBuildSids: [served.id] });
    expect(await exists(served.id)).toBe(true);
    expect(notes(t.progress)).toEqual([
      `Build ${served.id} stays in Twilio: another environment still serves it (Twilio deletes a build 7 days after its last deployment ends)`,
    ]);
  });
});

describe("a promotion's Deployment", () => {
  const release = (buildSid: string, files: Record<string, { version: string; visibility: string }>) => ({
    serviceSid,
    buildSid,
    environment: "dev",
    files,
    functions: {},
  });

  it("refuses a release of another build, naming both", async () => {
    const build = await makeBuild(serviceSid, "/r.txt", "r");
    const env = await otherStacksEnvironment(undefined);
    const err = await caught(
      checked_("Deployment", { serviceSid, environmentSid: env, buildSid: build.id, release: release("ZB" + "0".repeat(32), {}), __resourceName: "production" }),
    );
    expect(err.message).toBe(
      `Deployment "production": release.buildSid "ZB${"0".repeat(32)}" is not the build this deploys (buildSid ${build.id}): pass the release whose buildSid you deploy`,
    );
    const bad = await caught(checked_("Deployment", { serviceSid, environmentSid: env, buildSid: build.id, release: { buildSid: build.id }, __resourceName: "production" }));
    expect(bad.message).toMatch(/^Deployment "production": release \{.*\} is not a release: a site's release output/);
  });

  it("refuses a release of another service, naming both", async () => {
    const build = await makeBuild(serviceSid, "/s.txt", "s");
    const env = await otherStacksEnvironment(undefined);
    const other = "ZS" + "1".repeat(32);
    const err = await caught(
      checked_("Deployment", { serviceSid, environmentSid: env, buildSid: build.id, release: { ...release(build.id, {}), serviceSid: other }, __resourceName: "production" }),
    );
    expect(err.message).toBe(
      `Deployment "production": release.serviceSid "${other}" is not the service this deploys to (serviceSid ${serviceSid}): a build deploys only to an environment of the service that made it`,
    );
  });

  it("says where the build comes from and what it changes, on its own row, and deploys it with one request", async () => {
    const v1 = await makeBuild(serviceSid, "/p.txt", "p1");
    const v2 = await makeBuild(serviceSid, "/p.txt", "p2");
    const env = await otherStacksEnvironment(undefined);
    const urn = "urn:pulumi:prod::site::pulumi-nodejs:dynamic/twilio:Deployment::production";
    const files1 = { "/p.txt": { version: "ZN1", visibility: "public" }, "/old.txt": { version: "ZN2", visibility: "public" } };
    const files2 = { "/p.txt": { version: "ZN3", visibility: "public" }, "/new.txt": { version: "ZN4", visibility: "private" } };
    t.progress.length = 0;
    const first = await create("Deployment", { serviceSid, environmentSid: env, buildSid: v1.id, release: release(v1.id, files1), __resourceName: "production", __urn: urn });
    expect(t.progress.filter((l) => !l.ephemeral)).toEqual([
      { severity: "info", message: `Deployment "production": deploys Build ${v1.id} from dev (2 files, 0 Functions)`, urn, ephemeral: false },
    ]);
    t.progress.length = 0;
    const news = { serviceSid, environmentSid: env, buildSid: v2.id, release: release(v2.id, files2), __resourceName: "production", __urn: urn };
    const result = await handler("Deployment").check(first.outs, { __provider: "serialized", ...news });
    expect(result.failures).toBeUndefined();
    expect(notes(t.progress)).toEqual([
      `Deployment "production": deploys Build ${v2.id} from dev (2 files, 0 Functions); it served Build ${v1.id} from dev before: files 1 changed, 1 added, 1 removed; Functions unchanged`,
    ]);
    // `changes` left to the engine (issue 27), which diffs the inputs itself and prints only what changed.
    expect(await handler("Deployment").diff(first.id, first.outs, result.inputs)).toMatchObject({ changes: undefined, replaces: ["buildSid"] });
    t.emulator.resetStats();
    await handler("Deployment").create(result.inputs);
    expect(t.emulator.stats()).toMatchObject({ writes: 1, uploads: 0 });
    expect((await fetchEnvironment(t.client, serviceSid, env)).buildSid).toBe(v2.id);
  });
});
