import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import type { RunningEmulator } from "../../emulator/src/index";
import { MB } from "../../provider/src/core/limits";
import { Api, rawRequest, startTestEmulator, waitForBuild } from "./helpers";
import { sha256, tempDir } from "../helpers/common";

/** Runs `task` over `items` with at most `concurrency` at a time. */
async function pool<T, R>(items: T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await task(items[i]);
      }
    }),
  );
  return out;
}

describe.each([
  ["in memory", false],
  ["on disk", true],
])("Large uploads (%s)", (_label, onDisk) => {
  let emulator: RunningEmulator;
  let api: Api;
  let dataDir: string | undefined;

  beforeAll(async () => {
    dataDir = onDisk ? tempDir("twilio-emulator-uploads-") : undefined;
    emulator = await startTestEmulator({ dataDir });
    api = new Api(emulator);
  });
  afterAll(async () => {
    await emulator.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("takes 1,000 small files into one build and serves each", async () => {
    const service = await api.service();
    const base = `/v1/Services/${service.sid}`;
    const env = (await api.post(`${base}/Environments`, { UniqueName: "many" })).body;
    const files = Array.from({ length: 1000 }, (_, i) => ({ path: `/files/${i}.txt`, content: `file ${i} ${randomBytes(8).toString("hex")}` }));
    const versions = await pool(files, 16, async (f) => {
      const asset = (await api.post(`${base}/Assets`, { FriendlyName: f.path })).body;
      const res = await api.upload(`${base}/Assets/${asset.sid}/Versions`, { Path: f.path, Visibility: "public" }, f.content);
      expect(res.status).toBe(201);
      return res.body.sid as string;
    });
    const build = await api.post(`${base}/Builds`, { AssetVersions: versions });
    expect(build.status).toBe(201);
    expect(build.body.asset_versions).toHaveLength(1000);
    expect(await waitForBuild(api, service.sid, build.body.sid)).toBe("completed");
    expect((await api.post(`${base}/Environments/${env.sid}/Deployments`, { BuildSid: build.body.sid })).status).toBe(201);
    const served = await pool(files, 16, async (f) => (await rawRequest(emulator, { path: f.path, host: env.domain_name })).body.toString());
    expect(served).toEqual(files.map((f) => f.content));
    expect(emulator.inventory().assetVersions).toBeGreaterThanOrEqual(1000);
  });

  it("takes one 25 MB file and serves it byte for byte", async () => {
    const service = await api.service();
    const base = `/v1/Services/${service.sid}`;
    const content = randomBytes(25 * MB);
    const asset = (await api.post(`${base}/Assets`, { FriendlyName: "big" })).body;
    const res = await api.upload(`${base}/Assets/${asset.sid}/Versions`, { Path: "/big.bin", Visibility: "public" }, content, "application/octet-stream");
    expect(res.status).toBe(201);
    const tooBig = await api.upload(`${base}/Assets/${asset.sid}/Versions`, { Path: "/big.bin", Visibility: "public" }, Buffer.alloc(25 * MB + 1));
    expect(tooBig.status).toBe(413);
    const build = (await api.post(`${base}/Builds`, { AssetVersions: res.body.sid })).body;
    await waitForBuild(api, service.sid, build.sid);
    const env = (await api.post(`${base}/Environments`, { UniqueName: "big" })).body;
    await api.post(`${base}/Environments/${env.sid}/Deployments`, { BuildSid: build.sid });
    const served = await rawRequest(emulator, { path: "/big.bin", host: env.domain_name });
    expect(served.status).toBe(200);
    expect(served.body.length).toBe(content.length);
    expect(sha256(served.body)).toBe(sha256(content));
  });
});
