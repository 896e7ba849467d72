import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { RunningEmulator } from "../../emulator/src/index";
import { Api, basicAuth, deploySite, rawRequest, startTestEmulator, waitForBuild } from "./helpers";
import { sha256, tempDir } from "../helpers/common";

const REPO = join(__dirname, "..", "..");

/** Every blob file under dataDir/blobs. */
function blobFiles(dataDir: string): string[] {
  return readdirSync(join(dataDir, "blobs")).flatMap((sub) => readdirSync(join(dataDir, "blobs", sub)));
}

/**
 * The CLI in a child process (through ts-node, so the test needs no build), resolved once it
 * prints its address.
 */
function spawnCli(dataDir: string, creds: { accountSid: string; authToken: string }): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "emulator/src/cli.ts", "--port", "0", "--data-dir", dataDir, "--quiet", "--build-duration-ms", "10"],
    {
      cwd: REPO,
      env: { ...process.env, TWILIO_ACCOUNT_SID: creds.accountSid, TWILIO_AUTH_TOKEN: creds.authToken, TS_NODE_PROJECT: join(REPO, "tsconfig.json") },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (c) => (err += c));
    child.stdout!.on("data", (c) => {
      out += c;
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on("exit", (code) => reject(new Error(`emulator exited (${code}) before listening: ${out}${err}`)));
  });
}

describe("Persistence (--data-dir)", () => {
  it("keeps every resource and its content across a restart", async () => {
    const dataDir = tempDir("twilio-emulator-test-");
    try {
      let emulator: RunningEmulator = await startTestEmulator({ dataDir, buildDurationMs: 300 });
      const creds = { accountSid: emulator.accountSid, authToken: emulator.authToken, apiKeySid: emulator.apiKeySid };
      let api = new Api(emulator);
      const site = await deploySite(api, [
        { path: "/index.html", visibility: "public", content: "<p>persisted</p>", type: "text/html" },
        { path: "/bin", visibility: "public", content: randomBytes(70_000), type: "application/octet-stream" },
      ]);
      const variable = (await api.post(`${site.base}/Environments/${site.env.sid}/Variables`, { Key: "K", Value: "V" })).body;
      // A build still building when the emulator stops completes after the restart.
      const pending = (await api.post(`${site.base}/Builds`, { AssetVersions: site.build.asset_versions.map((v: { sid: string }) => v.sid) })).body;
      expect(pending.status).toBe("building");
      const before = emulator.inventory();
      const bin = await rawRequest(emulator, { path: "/bin", host: site.env.domain_name });
      await emulator.close();

      emulator = await startTestEmulator({ dataDir });
      api = new Api(emulator);
      expect({ accountSid: emulator.accountSid, authToken: emulator.authToken, apiKeySid: emulator.apiKeySid }).toEqual(creds);
      expect(emulator.inventory()).toEqual(before);
      expect((await api.get(`${site.base}/Environments/${site.env.sid}`)).body.build_sid).toBe(site.build.sid);
      expect((await api.get(`${site.base}/Environments/${site.env.sid}/Variables/${variable.sid}`)).body.value).toBe("V");
      expect(await waitForBuild(api, site.service.sid, pending.sid)).toBe("completed");
      const page = await rawRequest(emulator, { path: "/index.html", host: site.env.domain_name });
      expect(page.body.toString()).toBe("<p>persisted</p>");
      const again = await rawRequest(emulator, { path: "/bin", host: site.env.domain_name });
      expect(again.body.equals(bin.body)).toBe(true);

      // Deleting removes the content from disk too.
      await api.post(`${site.base}/Environments/${site.env.sid}/Deployments`, {});
      expect((await api.delete(site.base)).status).toBe(204);
      await emulator.close();
      emulator = await startTestEmulator({ dataDir });
      expect(emulator.inventory().services).toBe(0);
      expect(blobFiles(dataDir)).toEqual([]);
      await emulator.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("lets one emulator at a time use a data dir", async () => {
    const dataDir = tempDir("twilio-emulator-test-");
    try {
      const first = await startTestEmulator({ dataDir });
      const second = await startTestEmulator({ dataDir }).then(
        (e) => e.close().then(() => "started"),
        (err: Error) => err.message,
      );
      await first.close();
      expect(second).toMatch(/in use by another emulator/);
      const third = await startTestEmulator({ dataDir });
      await third.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("drops a torn write at the end of the journal and keeps everything before it", async () => {
    const dataDir = tempDir("twilio-emulator-test-");
    try {
      let emulator = await startTestEmulator({ dataDir });
      const api = new Api(emulator);
      const s = await api.service();
      await emulator.close();
      // What a process killed in the middle of a journal write leaves: half a line.
      appendFileSync(join(dataDir, "journal.log"), '0123456789abcdef {"seq":99,"changes":[{"op":"put","kind":"servi');
      emulator = await startTestEmulator({ dataDir });
      expect((await new Api(emulator).get(`/v1/Services/${s.sid}`)).status).toBe(200);
      expect(emulator.inventory().services).toBe(1);
      await emulator.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("survives kill -9 during concurrent uploads: every acknowledged upload is there and complete, nothing partial", async () => {
    const dataDir = tempDir("twilio-emulator-test-");
    const creds = { accountSid: "AC" + randomBytes(16).toString("hex"), authToken: randomBytes(16).toString("hex") };
    const authorization = basicAuth(creds.accountSid, creds.authToken);
    const sent = new Map<string, string>(); // path -> sha256 of the content sent
    const acked = new Map<string, string>(); // version sid -> path
    try {
      const { child, url } = await spawnCli(dataDir, creds);
      const post = async (path: string, body: Record<string, string>) => {
        const res = await fetch(url + path, {
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(body),
        });
        return (await res.json()) as { sid: string };
      };
      const service = await post("/v1/Services", { UniqueName: "crash", FriendlyName: "crash" });
      const fn = await post(`/v1/Services/${service.sid}/Functions`, { FriendlyName: "fn" });
      const versions = `/v1/Services/${service.sid}/Functions/${fn.sid}/Versions`;
      let childExited = false;
      const exited = new Promise((resolve) => child.on("exit", resolve)).then(() => (childExited = true));
      let killed = false;

      const worker = async (w: number) => {
        for (let i = 0; !killed; i++) {
          const path = `/w${w}/${i}`;
          // Text content of 1 B to ~400 KB, so some uploads are mid-stream when the process dies.
          const content = randomBytes(1 + Math.floor(Math.random() * 300_000)).toString("base64");
          sent.set(path, sha256(content));
          const form = new FormData();
          form.append("Path", path);
          form.append("Visibility", "public");
          form.append("Content", new Blob([content], { type: "application/javascript" }), "f.js");
          try {
            const res = await fetch(url + versions, { method: "POST", headers: { authorization }, body: form });
            if (res.status === 201) acked.set(((await res.json()) as { sid: string }).sid, path);
          } catch {
            return;
          }
        }
      };
      const workers = Array.from({ length: 6 }, (_, w) => worker(w));
      while (acked.size < 40 && !childExited) await new Promise((r) => setTimeout(r, 5));
      expect(childExited).toBe(false);
      child.kill("SIGKILL");
      killed = true;
      await exited;
      await Promise.all(workers);

      const emulator = await startTestEmulator({ dataDir, ...creds });
      try {
        const api = new Api(emulator);
        const listed = (await api.get(`${versions}?PageSize=1000`)).body.function_versions as { sid: string; path: string }[];
        const listedSids = new Set(listed.map((v) => v.sid));
        for (const sid of acked.keys()) expect(listedSids.has(sid)).toBe(true);
        expect(listed.length).toBeGreaterThanOrEqual(acked.size);
        for (const v of listed) {
          const content = (await api.get(`${versions}/${v.sid}/Content`)).body.content as string;
          expect({ path: v.path, sha: sha256(content) }).toEqual({ path: v.path, sha: sent.get(v.path) });
        }
        // Interrupted uploads left nothing behind: no temp files, no unreferenced content.
        expect(readdirSync(join(dataDir, "tmp"))).toEqual([]);
        expect(blobFiles(dataDir).length).toBe(new Set(listed.map((v) => sent.get(v.path))).size);
      } finally {
        await emulator.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
