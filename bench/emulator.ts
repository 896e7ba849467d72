/**
 * Emulator benchmark: requests per second for small uploads, API fetches, site fetches and
 * Function calls (the first, cold, call's time; then warm calls, one and eight in flight), and the
 * emulator process's peak memory while it takes one 25 MB upload, in memory and on disk.
 * The emulator runs in a child process (`lib/emulatorProcess.ts`, as in `npm run bench`) so that its
 * memory is measured alone, from /proc/<pid>/status (VmRSS now, VmHWM peak; the peak is reset through
 * /proc/<pid>/clear_refs before the upload).
 *
 *   npm run build && node dist/bench/emulator.js [--uploads 2000] [--fetches 5000] [--concurrency 32]
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Agent, request } from "undici";
import { type EmulatorChild, startEmulatorChild } from "./lib/emulatorProcess";

const MB = 1_000_000;

interface Target {
  emulator: EmulatorChild;
  url: string;
  auth: string;
}

async function startTarget(dataDir: string | undefined): Promise<Target> {
  const emulator = await startEmulatorChild({ buildDurationMs: 10, dataDir });
  return { emulator, url: emulator.url, auth: "Basic " + Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString("base64") };
}

/** VmRSS and VmHWM of a process, in MB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

const dispatcher = new Agent({ connections: 64, pipelining: 1 });

async function call(t: Target, method: "GET" | "POST", path: string, body?: Buffer | string, type?: string, host?: string) {
  const res = await request(t.url + path, {
    method,
    dispatcher,
    headers: { authorization: t.auth, ...(type ? { "content-type": type } : {}), ...(host ? { host } : {}) },
    body,
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = "application/x-www-form-urlencoded";

function multipart(path: string, visibility: string, content: Buffer): { body: Buffer; type: string } {
  const boundary = "bench" + randomBytes(8).toString("hex");
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="Path"\r\n\r\n${path}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="Visibility"\r\n\r\n${visibility}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="Content"; filename="f"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Runs `n` tasks with `concurrency` in flight; returns requests per second. */
async function rate(n: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return n / seconds;
}

async function run(label: string, dataDir: string | undefined, opts: { uploads: number; fetches: number; concurrency: number }) {
  const t = await startTarget(dataDir);
  const pid = t.emulator.pid;
  try {
    const service = await call(t, "POST", "/v1/Services", form({ UniqueName: `bench-${Date.now()}`, FriendlyName: "bench" }), FORM);
    const base = `/v1/Services/${service.sid}`;
    const asset = await call(t, "POST", `${base}/Assets`, form({ FriendlyName: "small" }), FORM);
    const small = randomBytes(1024);

    const uploads = await rate(opts.uploads, opts.concurrency, (i) => {
      const { body, type } = multipart(`/small/${i}.bin`, "public", small);
      return call(t, "POST", `${base}/Assets/${asset.sid}/Versions`, body, type);
    });
    const fetches = await rate(opts.fetches, opts.concurrency, () => call(t, "GET", base));
    const lists = await rate(Math.ceil(opts.fetches / 10), opts.concurrency, () => call(t, "GET", `${base}/Assets/${asset.sid}/Versions?PageSize=50`));

    const versions = (await call(t, "GET", `${base}/Assets/${asset.sid}/Versions?PageSize=1000`)).asset_versions.slice(0, 1);
    const fn = await call(t, "POST", `${base}/Functions`, form({ FriendlyName: "hello" }), FORM);
    const code = multipart("/hello", "public", Buffer.from(`exports.handler = (context, event, callback) => callback(null, "hello");`));
    const fnVersion = await call(t, "POST", `${base}/Functions/${fn.sid}/Versions`, code.body, code.type);
    const build = await call(t, "POST", `${base}/Builds`, new URLSearchParams([["AssetVersions", versions[0].sid], ["FunctionVersions", fnVersion.sid]]).toString(), FORM);
    const env = await call(t, "POST", `${base}/Environments`, form({ UniqueName: "bench" }), FORM);
    while ((await call(t, "GET", `${base}/Builds/${build.sid}/Status`)).status === "building") await new Promise((r) => setTimeout(r, 10));
    await call(t, "POST", `${base}/Environments/${env.sid}/Deployments`, form({ BuildSid: build.sid }), FORM);
    const sites = await rate(opts.fetches, opts.concurrency, async () => {
      const res = await request(`${t.url}${versions[0].path}`, { dispatcher, headers: { host: env.domain_name } });
      await res.body.arrayBuffer();
    });
    const callFunction = async () => {
      const res = await request(`${t.url}/hello`, { dispatcher, headers: { host: env.domain_name } });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`/hello: ${res.statusCode} ${text}`);
    };
    const coldStarted = process.hrtime.bigint();
    await callFunction();
    const coldMs = Number(process.hrtime.bigint() - coldStarted) / 1e6;
    const warm1 = await rate(Math.ceil(opts.fetches / 10), 1, callFunction);
    const warm8 = await rate(Math.ceil(opts.fetches / 5), 8, callFunction);

    // 25 MB upload: reset the peak, upload, read the peak.
    const big = multipart("/big.bin", "public", randomBytes(25 * MB));
    const bigAsset = await call(t, "POST", `${base}/Assets`, form({ FriendlyName: "big" }), FORM);
    if (global.gc) global.gc();
    await new Promise((r) => setTimeout(r, 200));
    const before = memory(pid);
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    const uploadStarted = process.hrtime.bigint();
    await call(t, "POST", `${base}/Assets/${bigAsset.sid}/Versions`, big.body, big.type);
    const uploadSeconds = Number(process.hrtime.bigint() - uploadStarted) / 1e9;
    const after = memory(pid);

    console.log(`\n${label}`);
    console.log(`  small uploads (1 KB, multipart)   ${uploads.toFixed(0).padStart(7)} req/s  (${opts.uploads} uploads, ${opts.concurrency} in flight)`);
    console.log(`  API fetches (FetchService)        ${fetches.toFixed(0).padStart(7)} req/s  (${opts.fetches} requests)`);
    console.log(`  API lists (50 asset versions)     ${lists.toFixed(0).padStart(7)} req/s`);
    console.log(`  site fetches (public asset)       ${sites.toFixed(0).padStart(7)} req/s`);
    console.log(`  Function, first call (cold)       ${coldMs.toFixed(0).padStart(7)} ms  (lays out the build, starts an instance)`);
    console.log(`  Function calls, 1 in flight       ${warm1.toFixed(0).padStart(7)} req/s  (one warm instance)`);
    console.log(`  Function calls, 8 in flight       ${warm8.toFixed(0).padStart(7)} req/s  (up to 8 instances, started on demand)`);
    console.log(
      `  25 MB upload: ${(uploadSeconds * 1000).toFixed(0)} ms; emulator RSS ${before.rss.toFixed(0)} MB before, ` +
        `peak ${after.peak.toFixed(0)} MB during (+${(after.peak - before.rss).toFixed(0)} MB), ${after.rss.toFixed(0)} MB after`,
    );
  } finally {
    await t.emulator.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: { uploads: { type: "string" }, fetches: { type: "string" }, concurrency: { type: "string" } },
  });
  const opts = {
    uploads: Number(values.uploads ?? 2000),
    fetches: Number(values.fetches ?? 5000),
    concurrency: Number(values.concurrency ?? 32),
  };
  console.log(`Twilio Serverless emulator benchmark (node ${process.version}, emulator in a child process)`);
  await run("in memory", undefined, opts);
  const dataDir = mkdtempSync(join(tmpdir(), "twilio-emulator-bench-"));
  try {
    await run(`on disk (--data-dir ${dataDir}, fsync per acknowledged write, group commit)`, dataDir, opts);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  await dispatcher.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
