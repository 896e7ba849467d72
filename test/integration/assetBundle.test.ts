import * as fs from "node:fs";
import { bundleFiles, fileProperties } from "../../provider/src/resources/assetBundle";
import { assetsApi } from "../../provider/src/core/client/containers";
import { assetVersionsApi } from "../../provider/src/core/client/versions";
import { DEFAULT_MAX_CONCURRENT_REQUESTS as EMULATOR_MAX_CONCURRENT_REQUESTS } from "../../emulator/src";
import { closeClient, DEFAULT_MAX_CONCURRENT_REQUESTS, getClient } from "../../provider/src/core/settings";
import { createBuild } from "../../provider/src/core/client/builds";
import { UNKNOWN } from "../../provider/src/core/handlers/validation";
import { checked_, configFor, configureProvider, create, handler, makeService, notes, type Props, type ProviderEmulator, read, startProviderEmulator } from "./support";
import { caught, sha256, tempFiles } from "../helpers/common";

const scratch = tempFiles("asset-bundle-it-");
const writeFile = scratch.file;
let t: ProviderEmulator;

beforeAll(async () => {
  t = await startProviderEmulator();
});
afterAll(async () => {
  await t.close();
});

/** Files for a bundle, `names` written with their name as content (see `props`). */
function filesOf(prefix: string, names: string[], visibility = "public"): Props {
  return Object.fromEntries(
    names.map((name) => [name, { path: `/${prefix}/${name}`, visibility, contentFile: writeFile(`${prefix}/${name}`, `content of ${name}`) }]),
  );
}

/** A bundle's inputs: the service and each file as its own property (`file:<name>`). */
function props(serviceSid: string, files: Props, extra: Props = {}): Props {
  return { serviceSid, ...fileProperties(files), ...extra };
}

async function assetSidsOf(serviceSid: string): Promise<string[]> {
  return (await assetsApi.list(t.client, serviceSid)).map((a) => a.sid).sort();
}

/** What the engine does for an update: check the new inputs, diff, then update. */
async function update(id: string, olds: Props, news: Props): Promise<{ changes: boolean; outs: Props }> {
  const checked = await checked_("AssetBundle", news);
  const diff = await handler("AssetBundle").diff(id, olds, checked);
  // `changes: undefined` leaves the engine to find the changed inputs: an update all the same.
  if (diff.changes === false) return { changes: false, outs: olds };
  const { outs } = await handler("AssetBundle").update(id, olds, checked);
  return { changes: true, outs: outs as Props };
}

describe("AssetBundle against the emulator", () => {
  it("creates an Asset and uploads a version per file, once each", async () => {
    const { sid: serviceSid } = await makeService("bundle-create");
    const files = filesOf("create", ["a.txt", "b.html", "c/d.json"]);
    t.emulator.resetStats();
    const { id, outs } = await create("AssetBundle", props(serviceSid, files, { __resourceName: "site" }));
    expect(id).toBe(`${serviceSid}/site`);
    expect(t.emulator.stats()).toMatchObject({ uploads: 3 });
    expect(Object.keys(outs.assets).sort()).toEqual(["a.txt", "b.html", "c/d.json"]);
    expect(outs["file:b.html"]).toMatchObject({ path: "/create/b.html", visibility: "public", contentType: "text/html", contentSha256: sha256("content of b.html") });
    expect(outs.assetVersionSids).toEqual(["a.txt", "b.html", "c/d.json"].map((k) => outs.assets[k].versionSid));
    expect(outs.retiredAssetSids).toEqual([]);
    const entry = outs.assets["c/d.json"];
    expect(await assetVersionsApi.fetch(t.client, serviceSid, entry.assetSid, entry.versionSid)).toMatchObject({ path: "/create/c/d.json", visibility: "public" });
    expect(await assetSidsOf(serviceSid)).toEqual(Object.values(outs.assets).map((e: any) => e.assetSid).sort());
  });

  it("uploads only what changed; a removed file's Asset is retired, then deleted by AssetCleanup", async () => {
    const { sid: serviceSid } = await makeService("bundle-update");
    const files = filesOf("update", ["keep.txt", "edit.txt", "drop.txt"]);
    const { id, outs } = await create("AssetBundle", props(serviceSid, files, { __resourceName: "site" }));

    // The same files (even from another folder, with the same content): no change.
    const moved = filesOf("moved", ["keep.txt", "edit.txt", "drop.txt"]);
    for (const key of Object.keys(moved)) moved[key].path = files[key].path;
    expect((await update(id, outs, props(serviceSid, moved))).changes).toBe(false);

    // One edited, one added, one removed.
    const next = { "keep.txt": files["keep.txt"], "edit.txt": { ...files["edit.txt"], contentFile: writeFile("update/edit-2.txt", "edited") }, ...filesOf("update", ["new.txt"]) };
    t.emulator.resetStats();
    const updated = await update(id, outs, props(serviceSid, next, { __resourceName: "site" }));
    expect(updated.changes).toBe(true);
    expect(t.emulator.stats()).toMatchObject({ uploads: 2 });
    const after = updated.outs;
    expect(after.assets["keep.txt"]).toEqual(outs.assets["keep.txt"]);
    expect(after.assets["edit.txt"].assetSid).toBe(outs.assets["edit.txt"].assetSid);
    expect(after.assets["edit.txt"].versionSid).not.toBe(outs.assets["edit.txt"].versionSid);
    expect(after["file:edit.txt"].contentSha256).toBe(sha256("edited"));
    expect(after.assets["new.txt"].assetSid).toMatch(/^ZH/);
    expect(after.assets["drop.txt"]).toBeUndefined();
    const dropped = outs.assets["drop.txt"].assetSid;
    expect(after.retiredAssetSids).toEqual([dropped]);
    // Retired, not deleted: it may be in the live build until the next deployment.
    expect(await assetSidsOf(serviceSid)).toContain(dropped);

    const cleanup = await create("AssetCleanup", { serviceSid, assetSids: after.retiredAssetSids, after: "ZD" + "1".repeat(32), __resourceName: "site" });
    expect(await assetSidsOf(serviceSid)).not.toContain(dropped);
    // Already gone is fine; the next bundle update forgets it.
    await handler("AssetCleanup").update(cleanup.id, cleanup.outs, cleanup.outs);
    const again = await update(id, after, props(serviceSid, { ...next, ...filesOf("update", ["later.txt"]) }));
    expect(again.outs.retiredAssetSids).toEqual([]);
  });

  it("renames a file's Asset when its path changes, and uploads it to the same Asset", async () => {
    const { sid: serviceSid } = await makeService("bundle-path");
    const files = filesOf("path", ["index.html"]);
    const { id, outs } = await create("AssetBundle", props(serviceSid, files, { __resourceName: "site" }));
    const moved = { "index.html": { ...files["index.html"], path: "/assets/index.html" } };
    const { outs: after } = await update(id, outs, props(serviceSid, moved));
    const assetSid = outs.assets["index.html"].assetSid;
    expect(after.assets["index.html"].assetSid).toBe(assetSid);
    expect((await assetsApi.fetch(t.client, serviceSid, assetSid)).friendlyName).toBe("/assets/index.html");
    expect(await assetVersionsApi.fetch(t.client, serviceSid, assetSid, after.assets["index.html"].versionSid)).toMatchObject({ path: "/assets/index.html" });
  });

  it("diffs file by file: a new path, visibility or content changes it, and the engine then prints only those files; a new service replaces it", async () => {
    const file = { path: "/a.txt", visibility: "public", contentSha256: "1", contentFile: "/x/a.txt" };
    const olds = props("ZS1", { "a.txt": file });
    const diff = (news: Props) => handler("AssetBundle").diff("id", olds, news);
    expect(await diff(props("ZS1", { "a.txt": { ...file, contentFile: "/y/a.txt" } }))).toEqual({ changes: false });
    // `changes` undefined: the engine diffs the inputs itself, which makes `--diff` print the changed files only.
    expect(await diff(props("ZS1", { "a.txt": { ...file, contentSha256: "2" } }))).toEqual({ changes: undefined });
    expect(await diff(props("ZS1", { "a.txt": { ...file, visibility: "private" } }))).toEqual({ changes: undefined });
    expect(await diff(props("ZS1", { "a.txt": { ...file, path: "/b.txt" } }))).toEqual({ changes: undefined });
    expect(await diff(props("ZS1", { "a.txt": file, "b.txt": file }))).toEqual({ changes: undefined });
    expect(await diff(props("ZS1", {}))).toEqual({ changes: undefined });
    expect(await diff(props("ZS2", { "a.txt": file }))).toMatchObject({ changes: true, replaces: ["serviceSid"] });
    // A file a refresh found gone is still in inputs an old SDK kept: the engine would see no change, so `true`.
    expect(await handler("AssetBundle").diff("id", { ...props("ZS1", {}), lostAtRefresh: ["a.txt"] }, props("ZS1", { "a.txt": file }))).toEqual({ changes: true });
  });

  it("names each changed file by its path on its row, and tells its Build the versions it keeps, which a preview does not know", async () => {
    const urn = "urn:pulumi:s::p::twilio-serverless:index:AssetFolder$pulumi-nodejs:dynamic/twilio:AssetBundle::site";
    const file = (path: string, sha: string, visibility = "public") => ({ path, visibility, contentSha256: sha, contentFile: `/x${path}`, size: 10, contentType: "text/plain" });
    const entry = (name: string) => ({ assetSid: `ZH${name}`, versionSid: `ZN${name}` });
    const hidden = { __urn: urn, __resourceName: "site" };
    const olds = {
      ...props("ZS1", { "a.txt": file("/a.txt", "1"), "b.txt": file("/b.txt", "2"), "c.txt": file("/c.txt", "3"), "d.mp3": file("/d.mp3", "4", "protected") }, hidden),
      assets: { "a.txt": entry("a"), "b.txt": entry("b"), "c.txt": entry("c"), "d.mp3": entry("d") },
    };
    const news = props("ZS1", { "a.txt": file("/a.txt", "1"), "b.txt": file("/b.txt", "9"), "d.mp3": file("/d.mp3", "4"), "e.txt": file("/e.txt", "5") }, hidden);
    t.progress.length = 0;
    expect(await handler("AssetBundle").diff("id", olds, news)).toEqual({ changes: undefined });
    expect(t.progress).toEqual([
      {
        severity: "info",
        ephemeral: false,
        urn,
        message: 'AssetBundle "site": 2 files changed, 1 added, 1 removed:\n  ~ /b.txt\n  - /c.txt\n  ~ /d.mp3 (protected → public)\n  + /e.txt',
      },
    ]);
    // The Build's check, in the same process after the bundle's diff, gets the map unknown as a
    // whole (a preview) and fills in the version of the file the bundle keeps.
    const build = { serviceSid: "ZS1", assetVersions: [], functionVersions: [], assetVersionsByPath: UNKNOWN, __assetBundle: urn };
    expect((await checked_("Build", build)).assetVersionsByPath).toEqual({ "/a.txt": "ZNa", "/b.txt": UNKNOWN, "/d.mp3": UNKNOWN, "/e.txt": UNKNOWN });
    // Known values (an up) are left as they are, and a Build of another bundle learns nothing.
    const known = { "/a.txt": "ZN" + "1".repeat(32) };
    expect((await checked_("Build", { ...build, assetVersionsByPath: known })).assetVersionsByPath).toEqual(known);
    expect((await checked_("Build", { ...build, __assetBundle: `${urn}-other` })).assetVersionsByPath).toBe(UNKNOWN);
    // No change: no line, every version known.
    t.progress.length = 0;
    expect(await handler("AssetBundle").diff("id", olds, { ...olds })).toEqual({ changes: false });
    expect(t.progress).toEqual([]);
    expect((await checked_("Build", build)).assetVersionsByPath).toEqual({ "/a.txt": "ZNa", "/b.txt": "ZNb", "/c.txt": "ZNc", "/d.mp3": "ZNd" });
  });

  it("refuses bad files in check, naming the resource, the file's field, the value and the rule", async () => {
    const { sid: serviceSid } = await makeService("bundle-check");
    const news = props(serviceSid, {
        "gone.txt": { path: "/gone.txt", visibility: "public", contentFile: scratch.at("nope.txt") },
        "bad path.txt": { path: "/bad path.txt", visibility: "public", contentFile: writeFile("check/ok.txt", "x") },
        "odd.txt": { path: "/odd.txt", visibility: "secret", contentFile: writeFile("check/odd.txt", "x") },
        "one.txt": { path: "/same.txt", visibility: "public", contentFile: writeFile("check/one.txt", "1") },
        "two.txt": { path: "/same.txt", visibility: "public", contentFile: writeFile("check/two.txt", "2") },
        "big.bin": { path: "/big.bin", visibility: "private", contentFile: writeFile("check/big.bin", Buffer.alloc(10_000_001)) },
        "junk.txt": "not an entry",
    }, { __resourceName: "site" });
    const { failures } = await handler("AssetBundle").check({}, news);
    const reasons = (failures ?? []).map((f) => f.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        `AssetBundle "site": file "gone.txt" contentFile ${JSON.stringify(scratch.at("nope.txt"))} does not exist`,
        'AssetBundle "site": file "bad path.txt" path "/bad path.txt" contains whitespace',
        'AssetBundle "site": file "odd.txt" visibility "secret" is not one of public, protected, private',
        'AssetBundle "site": "one.txt" and "two.txt" are all at path "/same.txt", and a build holds one version per path',
        expect.stringMatching(/^AssetBundle "site": file "big.bin" contentFile ".*big.bin" is 10,000,001 bytes, over the limit of 10,000,000 bytes for private versions$/),
        'AssetBundle "site": file:junk.txt "not an entry" is not an object { path, visibility, contentFile }',
      ]),
    );
    expect(failures?.map((f) => f.property)).toContain("file:gone.txt.contentFile");
    expect(reasons).toHaveLength(6);
  });

  it("refuses more private files than a build may hold", async () => {
    const names = Array.from({ length: 51 }, (_, i) => `p${i}.json`);
    const { failures } = await handler("AssetBundle").check({}, props("ZS" + "0".repeat(32), filesOf("private", names, "private"), { __resourceName: "site" }));
    expect(failures?.map((f) => f.reason)).toEqual(['AssetBundle "site": files "51 files" has 51 private files, over the limit of 50']);
  });

  it("fails a create as a whole, deleting the Assets it made, and names each failed file", async () => {
    const { sid: serviceSid } = await makeService("bundle-fail");
    const files = filesOf("fail", ["a.txt", "b.txt", "c.txt", "d.txt"]);
    const inputs = await checked_("AssetBundle", props(serviceSid, files, { __resourceName: "site" }));
    fs.rmSync(files["c.txt"].contentFile);
    const err = await caught(handler("AssetBundle").create(inputs));
    expect(err.message).toMatch(/^Failed to create AssetBundle "site": 1 of 4 files to upload failed; the 4 Assets this run created were deleted again, so the bundle is as it was:\n {2}- "c.txt": .*ENOENT/);
    expect(await assetSidsOf(serviceSid)).toEqual([]);
  });

  it("keeps Twilio's status and code on a failed upload", async () => {
    const { sid: serviceSid } = await makeService("bundle-refused");
    const { id, outs } = await create("AssetBundle", props(serviceSid, filesOf("refused", ["a.txt"]), { __resourceName: "site" }));
    // The service is gone behind Pulumi's back: every request is a 404.
    await t.client.request({ method: "DELETE", path: `/v1/Services/${serviceSid}` });
    const err = await caught(update(id, outs, props(serviceSid, filesOf("refused-2", ["a.txt", "b.txt"]), { __resourceName: "site" })));
    expect(err).toMatchObject({ status: 404, code: 20404 });
    expect(err.message).toMatch(/^Failed to update AssetBundle "site": 2 of 2 files to upload failed; no Asset was created/);
  });

  it("counts the files it was uploading when Twilio refuses the credentials, and says which settings they came from, once", async () => {
    const { sid: serviceSid } = await makeService("bundle-401");
    const files = filesOf("auth", ["a.txt", "b.txt", "c.txt"]);
    const { id, outs } = await create("AssetBundle", props(serviceSid, files, { __resourceName: "site" }));
    const edited = { ...files, "b.txt": { ...files["b.txt"], contentFile: writeFile("auth/b-2.txt", "edited") } };
    configureProvider(configFor(t.emulator, { "twilio:authToken": "not-the-token" }));
    try {
      const err = await caught(update(id, outs, props(serviceSid, edited, { __resourceName: "site" })));
      expect(err).toMatchObject({ status: 401, code: 20003 });
      const shortSid = `${t.emulator.accountSid.slice(0, 6)}…${t.emulator.accountSid.slice(-4)}`;
      expect(err.message.split("\n")).toEqual([
        'Failed to update AssetBundle "site": 1 of 1 file to upload failed; no Asset was created, so the bundle is as it was:',
        expect.stringMatching(/^ {2}- "b.txt": HTTP 401, Twilio 20003: \w+ \((GET|POST) \/v1\/Services\/ZS\w+\/Assets\/ZH\w+\/Versions[^)]*\)$/),
        `Twilio refused the credentials: Account SID ${shortSid} with its auth token, from twilio:accountSid and twilio:authToken. ` +
          "Check that they belong together and to the account: the Twilio Console's Account Info and API keys, or what the emulator printed " +
          "(pulumi config set --secret twilio:authToken sets the secret again; pulumi config get twilio:accountSid shows the SID). " +
          "The provider reads stack config first (twilio:accountSid and twilio:authToken, or twilio:apiKey and twilio:apiSecret), " +
          "then the environment (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET)",
      ]);
      expect(err.message).not.toContain("not-the-token");
      expect(err.message).not.toContain(t.emulator.accountSid);
    } finally {
      configureProvider(configFor(t.emulator));
    }
  });

  it("refresh drops files whose Asset was deleted outside Pulumi; a deleted service is gone", async () => {
    const { sid: serviceSid } = await makeService("bundle-read");
    const { id, outs } = await create("AssetBundle", props(serviceSid, filesOf("read", ["a.txt", "b.txt"]), { __resourceName: "site" }));
    expect((await read("AssetBundle", id, outs)).props).toEqual(outs);
    await assetsApi.remove(t.client, serviceSid, outs.assets["a.txt"].assetSid);
    const answer = await read("AssetBundle", id, outs);
    const refreshed = answer.props as Props;
    expect(Object.keys(refreshed.assets)).toEqual(["b.txt"]);
    expect(Object.keys(bundleFiles(refreshed))).toEqual(["b.txt"]);
    expect(refreshed.assetVersionSids).toEqual([outs.assets["b.txt"].versionSid]);
    expect(refreshed.lostAtRefresh).toEqual(["a.txt"]);
    // The stored inputs lose the file too, so that the engine's own diff of the inputs sees it come back.
    expect(answer.inputs).toEqual({ serviceSid, __resourceName: "site", ...fileProperties({ "b.txt": bundleFiles(outs)["b.txt"] }) });
    // The next update restores the file.
    const restored = await update(id, refreshed, props(serviceSid, bundleFiles(outs), { __resourceName: "site" }));
    expect(Object.keys(restored.outs.assets).sort()).toEqual(["a.txt", "b.txt"]);
    await t.client.request({ method: "DELETE", path: `/v1/Services/${serviceSid}` });
    expect((await read("AssetBundle", id, restored.outs)).id).toBe("");
  });

  it("uploads through an account that allows 4 requests at once: 429s lower the client's limit, no file fails", async () => {
    const { sid: serviceSid } = await makeService("bundle-limited");
    const names = Array.from({ length: 60 }, (_, i) => `f${i}.txt`);
    const files = filesOf("limited", names);
    t.emulator.setLatency(20);
    t.emulator.setMaxConcurrentRequests(4);
    t.emulator.resetStats();
    t.progress.length = 0;
    try {
      expect(getClient().concurrencyLimit).toBe(DEFAULT_MAX_CONCURRENT_REQUESTS);
      const { outs } = await create("AssetBundle", props(serviceSid, files, { __resourceName: "limited" }));
      expect(Object.keys(outs.assets)).toHaveLength(60);
      const stats = t.emulator.stats();
      expect(stats.uploads).toBe(60);
      expect(stats.concurrencyRefusals).toBeGreaterThan(0);
      expect(getClient().concurrencyLimit).toBeLessThan(DEFAULT_MAX_CONCURRENT_REQUESTS);
      // The bundle's status line: its files at once, then (the last line, when the upload ends) all
      // of them, with the requests retried and the last cut of the requests in flight.
      // No URN in the props here, so each line names the bundle.
      const lines = t.progress.filter((line) => line.ephemeral).map((line) => line.message);
      expect(lines[0]).toMatch(/^AssetBundle "limited": uploading 0 of 60 files, 0 bytes of [\d.]+ KB \(0 of 60 new Assets created\)$/);
      expect(lines[lines.length - 1]).toMatch(
        new RegExp(
          '^AssetBundle "limited": uploading 60 of 60 files, ([\\d.]+ KB) of \\1; [\\d,]+ requests retried; ' +
            `Twilio answered 429 \\(20429, too many requests at once\\): now at most \\d+ of ${DEFAULT_MAX_CONCURRENT_REQUESTS} requests in flight`,
        ),
      );
      // Status lines only, besides the one note of the check naming the files to upload, which stays.
      expect(t.progress.every((line) => line.severity === "info")).toBe(true);
      const notes = t.progress.filter((line) => !line.ephemeral).map((line) => line.message.split("\n"));
      expect(notes).toEqual([[expect.stringMatching(/^AssetBundle "limited": 60 files to upload, [\d.]+ KB:$/), ...names.map((n) => `  + /limited/${n}`).sort()]]);
      expect(await assetSidsOf(serviceSid)).toEqual(Object.values(outs.assets).map((e: any) => e.assetSid).sort());
    } finally {
      t.emulator.setLatency(0);
      t.emulator.setMaxConcurrentRequests(EMULATOR_MAX_CONCURRENT_REQUESTS);
    }
  });

  // Real runs: 429s once ~50 uploads were in flight (serverless-api#37, serverless-toolkit#303); the emulator's default is that.
  it("stays clear of the 429s real runs saw: the default requests in flight get none from an account that allows 50", async () => {
    expect(EMULATOR_MAX_CONCURRENT_REQUESTS).toBe(50);
    const { sid: serviceSid } = await makeService("bundle-clear");
    const names = Array.from({ length: 80 }, (_, i) => `f${i}.txt`);
    // A provider process of its own: no earlier test's 429s in its client's limit.
    await closeClient();
    t.emulator.setLatency(20);
    t.emulator.resetStats();
    try {
      const { outs } = await create("AssetBundle", props(serviceSid, filesOf("clear", names), { __resourceName: "clear" }));
      expect(Object.keys(outs.assets)).toHaveLength(80);
      const stats = t.emulator.stats();
      expect(stats.concurrencyRefusals).toBe(0);
      // The client kept its whole allowance busy: the figure is the default, not a quiet run's.
      expect(stats.peakConcurrentRequests).toBe(DEFAULT_MAX_CONCURRENT_REQUESTS);
      expect(getClient().concurrencyLimit).toBe(DEFAULT_MAX_CONCURRENT_REQUESTS);
    } finally {
      t.emulator.setLatency(0);
    }
  });

  it("converges when set above what Twilio allows (100 in flight against 50): 429s cut the client's limit, an update of every file completes", async () => {
    const { sid: serviceSid } = await makeService("bundle-over");
    const names = Array.from({ length: 120 }, (_, i) => `f${i}.txt`);
    const before = filesOf("over", names);
    configureProvider(configFor(t.emulator, { "twilio:maxConcurrentRequests": "100", "twilio:maxTries": "10" }));
    t.emulator.setLatency(30);
    try {
      t.emulator.resetStats();
      const made = await create("AssetBundle", props(serviceSid, before, { __resourceName: "over" }));
      expect(t.emulator.stats().concurrencyRefusals).toBeGreaterThan(0);
      // The next pulumi up is a new provider process, back at 100; every file changes: 120 new versions.
      await closeClient();
      t.emulator.resetStats();
      const after = Object.fromEntries(names.map((name) => [name, { ...before[name], contentFile: writeFile(`over2/${name}`, `new content of ${name}`) }]));
      const updated = await update(made.id, made.outs, props(serviceSid, after, { __resourceName: "over" }));
      expect(updated.changes).toBe(true);
      const stats = t.emulator.stats();
      expect(stats.concurrencyRefusals).toBeGreaterThan(0);
      expect(stats.uploads).toBe(120);
      expect(getClient().concurrencyLimit).toBeLessThan(100);
      for (const name of names) {
        const entry = updated.outs.assets[name];
        expect(entry.versionSid).not.toBe(made.outs.assets[name].versionSid);
        expect(updated.outs[`file:${name}`].contentSha256).toBe(sha256(`new content of ${name}`));
      }
      expect(await assetSidsOf(serviceSid)).toEqual(Object.values(made.outs.assets).map((e: any) => e.assetSid).sort());
    } finally {
      t.emulator.setLatency(0);
      configureProvider(configFor(t.emulator));
    }
  });

  it("makes no second Asset or version when answers are lost, and leaves none behind", async () => {
    const { sid: serviceSid } = await makeService("bundle-lost");
    const names = Array.from({ length: 12 }, (_, i) => `f${i}.txt`);
    t.emulator.resetStats();
    t.emulator.setFaults({ rate: 0.5, kinds: ["lost", "drop", "500"], retryAfterSeconds: 0, seed: 11 });
    configureProvider(configFor(t.emulator, { "twilio:maxTries": "12" }));
    let outs: Props;
    try {
      ({ outs } = await create("AssetBundle", props(serviceSid, filesOf("lost", names), { __resourceName: "site" })));
    } finally {
      t.emulator.setFaults(undefined);
      configureProvider(configFor(t.emulator));
    }
    const stats = t.emulator.stats();
    expect(stats.faults.lost).toBeGreaterThan(0);
    expect([stats.byOperation.CreateAsset, stats.uploads]).toEqual([12, 12]);
    expect(await assetSidsOf(serviceSid)).toEqual(Object.values(outs.assets).map((e: any) => e.assetSid).sort());
    for (const entry of Object.values(outs.assets) as Array<{ assetSid: string; versionSid: string }>) {
      expect((await assetVersionsApi.list(t.client, serviceSid, entry.assetSid)).map((v) => v.sid)).toEqual([entry.versionSid]);
    }
  });

  it("with adoptOrphans, takes over the Assets an interrupted create left (the file's path, in no build), and no others", async () => {
    const { sid: serviceSid } = await makeService("bundle-orphans");
    const files = filesOf("orphans", ["a.txt", "b.txt", "c.txt"]);
    const upload = (assetSid: string, path: string) =>
      assetVersionsApi.create(t.client, serviceSid, assetSid, path, "public", { field: "Content", filename: "x", contentType: "text/plain", size: 1, open: () => Buffer.from("x") }, () => false);
    // what a killed create left: a.txt's Asset with a version, b.txt's without; c.txt's path is in a build (another resource's)
    const leftA = await assetsApi.create(t.client, serviceSid, "/orphans/a.txt", () => false);
    await upload(leftA.sid, "/orphans/a.txt");
    const leftB = await assetsApi.create(t.client, serviceSid, "/orphans/b.txt", () => false);
    const builtC = await assetsApi.create(t.client, serviceSid, "/orphans/c.txt", () => false);
    await createBuild(t.client, serviceSid, { assetVersions: [(await upload(builtC.sid, "/orphans/c.txt")).sid], functionVersions: [] }, () => false);
    t.progress.length = 0;
    const { outs } = await create("AssetBundle", props(serviceSid, files, { __resourceName: "site", adoptOrphans: true }));
    expect(outs.assets["a.txt"].assetSid).toBe(leftA.sid);
    expect(outs.assets["b.txt"].assetSid).toBe(leftB.sid);
    expect(outs.assets["c.txt"].assetSid).not.toBe(builtC.sid);
    expect(notes(t.progress)).toContain(
      `AssetBundle "site": took over 2 Assets in Service ${serviceSid} that an interrupted update left (the file's path as friendly name, in no build)`,
    );
    // every file got a new version all the same (what the orphan holds cannot be compared)
    const a = await assetVersionsApi.list(t.client, serviceSid, leftA.sid);
    expect(a.map((v) => v.sid)).toContain(outs.assets["a.txt"].versionSid);
    expect(a).toHaveLength(2);
    // without adoptOrphans, nothing is taken over
    const { sid: other } = await makeService("bundle-no-adopt");
    const left = await assetsApi.create(t.client, other, "/orphans/a.txt", () => false);
    const plain = await create("AssetBundle", props(other, { "a.txt": files["a.txt"] }, { __resourceName: "plain" }));
    expect(plain.outs.assets["a.txt"].assetSid).not.toBe(left.sid);
  });

  it("takes over the live build's Assets and the versions that still hold the files: a site leaving the per-file layout creates, deletes and uploads nothing it need not", async () => {
    const { sid: serviceSid } = await makeService("bundle-takeover");
    const files = { ...filesOf("takeover", ["a.txt", "b.txt"]), ...filesOf("takeover", ["c.json"], "private") };
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const f of Object.values(files) as Props[]) fs.utimesSync(f.contentFile, hourAgo, hourAgo);
    // The per-file layout: an Asset and an AssetVersion resource per file, built and deployed.
    const perFile: Record<string, { asset: Props; version: Props }> = {};
    for (const [name, f] of Object.entries(files) as [string, Props][]) {
      const asset = await create("Asset", { serviceSid, friendlyName: f.path, __resourceName: `site/${name}` });
      const version = await create("AssetVersion", { serviceSid, assetSid: asset.id, ...f, __resourceName: `site/${name}` });
      perFile[name] = { asset: { id: asset.id, ...asset.outs }, version: version.outs };
    }
    const build = await create("Build", { serviceSid, assetVersions: [], functionVersions: [], assetVersionsByPath: Object.fromEntries(Object.values(perFile).map((p) => [p.version.path, p.version.sid])) });
    const env = await create("Environment", { serviceSid, uniqueName: "dev-environment", domainSuffix: "dev" });
    await create("Deployment", { serviceSid, environmentSid: env.id, buildSid: build.id });
    // b.txt is edited after its upload: its version no longer stands for it.
    fs.writeFileSync(files["b.txt"].contentFile, "b, edited");
    const urn = "urn:pulumi:s::p::twilio-serverless:index:AssetFolder$pulumi-nodejs:dynamic/twilio:AssetBundle::takeover";
    const news = props(serviceSid, files, { __resourceName: "takeover", __urn: urn, takeOverFrom: env.id });

    // The check (a preview) says what it takes over and what it uploads, and tells the Build.
    t.progress.length = 0;
    const checked = await checked_("AssetBundle", news);
    expect(notes(t.progress)).toEqual([
      'AssetBundle "takeover": takes over the 3 Assets of the build "dev-environment" serves, with 2 of their versions; 1 file to upload, 9 bytes:\n  + /takeover/b.txt',
    ]);
    const buildNews = { serviceSid, assetVersions: [], functionVersions: [], assetVersionsByPath: UNKNOWN, __assetBundle: urn };
    expect((await checked_("Build", buildNews)).assetVersionsByPath).toEqual({
      "/takeover/a.txt": perFile["a.txt"].version.sid,
      "/takeover/b.txt": UNKNOWN,
      "/takeover/c.json": perFile["c.json"].version.sid,
    });

    t.emulator.resetStats();
    const { outs } = await handler("AssetBundle").create(checked).then((r) => ({ outs: r.outs as Props }));
    expect(t.emulator.stats()).toMatchObject({ uploads: 1 });
    expect(await assetSidsOf(serviceSid)).toEqual(Object.values(perFile).map((p) => p.asset.id as string).sort());
    for (const name of ["a.txt", "c.json"]) expect(outs.assets[name]).toEqual({ assetSid: perFile[name].asset.id, versionSid: perFile[name].version.sid });
    expect(outs.assets["b.txt"].assetSid).toBe(perFile["b.txt"].asset.id);
    expect(outs.assets["b.txt"].versionSid).not.toBe(perFile["b.txt"].version.sid);
    expect(notes(t.progress)).toContain(
      'AssetBundle "takeover": took over the 3 Assets of the build "dev-environment" serves (1 uploaded again, modified since or of another visibility); Asset resources that held them before leave the state and leave the Assets in Twilio',
    );

    // Pulumi then deletes the per-file resources: their Assets stay, with no request.
    t.emulator.resetStats();
    for (const p of Object.values(perFile)) {
      await handler("AssetVersion").delete(p.version.sid, p.version);
      await handler("Asset").delete(p.asset.id, p.asset);
    }
    expect(t.emulator.stats().requests).toBe(0);
    expect(await assetSidsOf(serviceSid)).toEqual(Object.values(perFile).map((p) => p.asset.id as string).sort());
    // A next process (an update interrupted before those deletes) asks Twilio, which refuses while the
    // live build holds a version: the Asset stays, and leaves the state with a note.
    await closeClient();
    configureProvider(configFor(t.emulator));
    t.progress.length = 0;
    await handler("Asset").delete(perFile["a.txt"].asset.id, perFile["a.txt"].asset);
    expect(notes(t.progress)).toEqual([
      expect.stringMatching(new RegExp(`^Asset "/takeover/a.txt" \\(${perFile["a.txt"].asset.id}\\) stays in Twilio: Environment dev-environment \\(`)),
    ]);
    expect(await assetSidsOf(serviceSid)).toContain(perFile["a.txt"].asset.id);
  });

  it("takes nothing over in a service with no Asset (a new one), at the cost of the one list a create makes anyway", async () => {
    const { sid: serviceSid } = await makeService("bundle-no-takeover");
    t.emulator.resetStats();
    const { outs } = await create("AssetBundle", props(serviceSid, filesOf("fresh", ["a.txt"]), { __resourceName: "fresh", takeOverFrom: "ZE00000000000000000000000000000000" }));
    expect(Object.keys(outs.assets)).toEqual(["a.txt"]);
    // The Assets list, then the Asset and its upload; no environment or build looked up.
    expect(t.emulator.stats()).toMatchObject({ requests: 3, uploads: 1 });
  });

  it("deletes every Asset, retired ones included", async () => {
    const { sid: serviceSid } = await makeService("bundle-delete");
    const files = filesOf("delete", ["a.txt", "b.txt"]);
    const { id, outs } = await create("AssetBundle", props(serviceSid, files, { __resourceName: "site" }));
    const { outs: after } = await update(id, outs, props(serviceSid, { "a.txt": files["a.txt"] }));
    expect(after.retiredAssetSids).toHaveLength(1);
    await handler("AssetBundle").delete(id, after);
    expect(await assetSidsOf(serviceSid)).toEqual([]);
  });
});
