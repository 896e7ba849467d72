import * as fs from "node:fs";
import { assetsApi } from "../../provider/src/core/client/containers";
import { assetVersionsApi } from "../../provider/src/core/client/versions";
import { checked_, configFor, configureProvider, create, fileAsset, handler, makeService, type ProviderEmulator, read, startProviderEmulator, stringAsset } from "./support";
import { caught, fetchSite, sha256, tempFiles } from "../helpers/common";

const scratch = tempFiles("asset-version-it-");
const writeFile = scratch.file;
let t: ProviderEmulator;
let serviceSid: string;
let assetSid: string;

beforeAll(async () => {
  t = await startProviderEmulator();
  serviceSid = (await makeService("versions")).sid;
  assetSid = (await create("Asset", { serviceSid, friendlyName: "files" })).id;
});
afterAll(async () => {
  await t.close();
});

describe("AssetVersion against the emulator", () => {
  it("uploads a file once and records its hash; read finds the version", async () => {
    const file = writeFile("index.html", "<h1>home</h1>");
    t.emulator.resetStats();
    const { id, outs } = await create("AssetVersion", { serviceSid, assetSid, path: "index.html", visibility: "public", contentFile: file });
    expect(id).toMatch(/^ZN[0-9a-f]{32}$/);
    expect(outs).toMatchObject({ sid: id, path: "/index.html", visibility: "public", size: 13, contentSha256: sha256("<h1>home</h1>"), contentType: "text/html", contentFile: file });
    expect(t.emulator.stats()).toMatchObject({ uploads: 1, uploadBytes: 13 });
    expect(await assetVersionsApi.fetch(t.client, serviceSid, assetSid, id)).toMatchObject({ path: "/index.html", visibility: "public" });
    expect((await read("AssetVersion", id, outs)).props).toEqual(outs);
  });

  it("uploads an empty file, which then deploys and is served with 0 bytes", async () => {
    const file = writeFile("empty.txt", "");
    t.emulator.resetStats();
    const { id, outs } = await create("AssetVersion", { serviceSid, assetSid, path: "/empty.txt", visibility: "public", contentFile: file });
    expect(outs).toMatchObject({ sid: id, size: 0, contentSha256: sha256("") });
    expect(t.emulator.stats()).toMatchObject({ uploads: 1, uploadBytes: 0 });
    const text = await create("AssetVersion", { serviceSid, assetSid: (await create("Asset", { serviceSid, friendlyName: "e" })).id, path: "/e.txt", visibility: "private", content: stringAsset("") });
    expect(text.outs).toMatchObject({ size: 0, contentSha256: sha256("") });
    const build = await create("Build", { serviceSid, assetVersions: [id, text.id] });
    const env = await create("Environment", { serviceSid, uniqueName: "empty", domainSuffix: "empty" });
    await create("Deployment", { serviceSid, environmentSid: env.id, buildSid: build.id });
    expect(await fetchSite(t.emulator, env.outs.domainName, "/empty.txt")).toMatchObject({ status: 200, body: "" });
  });

  it("uploads FileAsset and StringAsset content", async () => {
    const file = writeFile("logo.svg", "<svg/>");
    const fromAsset = await create("AssetVersion", { serviceSid, assetSid, path: "/logo.svg", visibility: "protected", content: fileAsset(file) });
    expect(fromAsset.outs).toMatchObject({ contentFile: file, contentSha256: sha256("<svg/>"), contentType: "image/svg+xml" });
    const fromText = await create("AssetVersion", { serviceSid, assetSid, path: "/robots.txt", visibility: "private", content: stringAsset("User-agent: *") });
    expect(fromText.outs).toMatchObject({ size: 13, contentSha256: sha256("User-agent: *"), content: stringAsset("User-agent: *") });
  });

  it("streams a multi-megabyte file", async () => {
    const big = Buffer.alloc(6_000_000, "x");
    const file = writeFile("big.bin", big);
    t.emulator.resetStats();
    const { outs } = await create("AssetVersion", { serviceSid, assetSid, path: "/big.bin", visibility: "public", contentFile: file });
    expect(outs.contentSha256).toBe(sha256(big));
    expect(t.emulator.stats()).toMatchObject({ uploads: 1, uploadBytes: big.length });
  });

  it("uploads every file exactly once while half of the requests fail, answers lost included", async () => {
    const files = Array.from({ length: 6 }, (_, i) => writeFile(`flaky-${i}.txt`, `content ${i}`));
    t.emulator.resetStats();
    t.emulator.setFaults({ rate: 0.5, kinds: ["429", "500", "503", "drop", "lost"], retryAfterSeconds: 0, seed: 42 });
    configureProvider(configFor(t.emulator, { "twilio:maxTries": "12" }));
    try {
      const created = await Promise.all(
        files.map((file, i) => create("AssetVersion", { serviceSid, assetSid, path: `/flaky-${i}.txt`, visibility: "public", contentFile: file })),
      );
      expect(created.map((c) => c.outs.contentSha256)).toEqual(files.map((_, i) => sha256(`content ${i}`)));
    } finally {
      t.emulator.setFaults(undefined);
      configureProvider(configFor(t.emulator));
    }
    // every upload reached Twilio once: the faulted tries never did, and a lost answer's version was found, not sent again
    expect(t.emulator.stats().uploads).toBe(6);
    expect(t.emulator.stats().faults.lost).toBeGreaterThan(0);
    expect(t.emulator.stats().requests).toBeGreaterThan(6);
  });

  it("takes the version a lost upload made to an Asset it did not create, telling it from the versions that were there", async () => {
    const asset = (await assetsApi.create(t.client, serviceSid, "older", () => false)).sid;
    const file = writeFile("again.txt", "again");
    // the same path and visibility twice before: only a version that was not there counts as the lost upload's
    const before = [
      (await create("AssetVersion", { serviceSid, assetSid: asset, path: "/again.txt", visibility: "public", contentFile: file })).id,
      (await create("AssetVersion", { serviceSid, assetSid: asset, path: "/again.txt", visibility: "public", contentFile: file })).id,
    ];
    t.emulator.resetStats();
    t.emulator.setFaults({ rate: 0.6, kinds: ["lost"], seed: 8 });
    configureProvider(configFor(t.emulator, { "twilio:maxTries": "12" }));
    let made: string;
    try {
      made = (await create("AssetVersion", { serviceSid, assetSid: asset, path: "/again.txt", visibility: "public", contentFile: file })).id;
    } finally {
      t.emulator.setFaults(undefined);
      configureProvider(configFor(t.emulator));
    }
    // the upload's answer was lost (and so was the answer to the first look-up for it): one upload all the same
    expect(t.emulator.stats().uploads).toBe(1);
    expect(t.emulator.stats().faults.lost).toBeGreaterThan(1);
    const versions = await assetVersionsApi.list(t.client, serviceSid, asset);
    expect(versions.map((v) => v.sid).sort()).toEqual([...before, made].sort());
    expect(before).not.toContain(made);
  });

  it("records what was actually sent when the file changed after preview, with a warning", async () => {
    const file = writeFile("changing.txt", "before");
    const inputs = await checked_("AssetVersion", { serviceSid, assetSid, path: "/changing.txt", visibility: "public", contentFile: file });
    fs.writeFileSync(file, "after!!");
    const { outs } = await handler("AssetVersion").create(inputs);
    expect(outs).toMatchObject({ size: 7, contentSha256: sha256("after!!") });
    const warnings = t.progress.filter((line) => line.message.includes('AssetVersion "/changing.txt": the file changed after preview'));
    expect(warnings).toEqual([expect.objectContaining({ severity: "warning", ephemeral: false })]);
  });

  it("forgets the version on delete without calling Twilio", async () => {
    const { id, outs } = await create("AssetVersion", { serviceSid, assetSid, path: "/forget.txt", visibility: "public", content: stringAsset("x") });
    t.emulator.resetStats();
    await handler("AssetVersion").delete(id, outs);
    expect(t.emulator.stats().requests).toBe(0);
  });

  it("is gone on refresh once its asset was deleted outside Pulumi", async () => {
    const asset = await create("Asset", { serviceSid, friendlyName: "doomed" });
    const { id, outs } = await create("AssetVersion", { serviceSid, assetSid: asset.id, path: "/doomed.txt", visibility: "public", content: stringAsset("x") });
    await assetsApi.remove(t.client, serviceSid, asset.id);
    expect((await read("AssetVersion", id, outs)).id).toBe("");
  });

  it("names the path, the asset and Twilio's answer when the upload is refused", async () => {
    const missingAsset = "ZH" + "0".repeat(32);
    const err = await caught(create("AssetVersion", { serviceSid, assetSid: missingAsset, path: "/x.txt", visibility: "public", content: stringAsset("x") }));
    expect(err.message).toMatch(
      new RegExp(`^Failed to create AssetVersion "/x.txt" in Asset ${missingAsset}: HTTP 404, Twilio 20404: .* \\(POST /v1/Services/${serviceSid}/Assets/${missingAsset}/Versions\\)$`),
    );
  });
});
