import { getExpectedTwilioSignature } from "twilio";
import { Agent, fetch as undiciFetch } from "undici";
import type { RunningEmulator } from "../../emulator/src/index";
import { SITE_TEXT } from "../../emulator/src/index";
import { Api, deploySite, rawRequest, startTestEmulator } from "./helpers";

describe("Serving deployed environments", () => {
  let emulator: RunningEmulator;
  let api: Api;
  let site: Awaited<ReturnType<typeof deploySite>>;
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 255]);

  beforeAll(async () => {
    emulator = await startTestEmulator();
    api = new Api(emulator);
    site = await deploySite(api, [
      { path: "/assets/index.html", visibility: "public", content: "<h1>home</h1>", type: "text/html" },
      { path: "/logo.png", visibility: "public", content: png, type: "image/png" },
      { path: "/data.bin", visibility: "public", content: "raw", type: "application/octet-stream" },
      { path: "/secret.mp3", visibility: "protected", content: "protected bytes", type: "audio/mpeg" },
      { path: "/config.json", visibility: "private", content: "{}", type: "application/json" },
      { path: "/dir/ünï cöde.txt".replace(" ", "-"), visibility: "public", content: "unicode", type: "text/plain" },
      { path: "/hello", visibility: "public", content: "exports.handler = () => {}", type: "application/javascript", fn: true },
      { path: "/guarded", visibility: "protected", content: "exports.handler = () => {}", type: "application/javascript", fn: true },
    ]);
  });
  afterAll(() => emulator.close());

  const get = (path: string, headers: Record<string, string> = {}, method = "GET", body?: string) =>
    rawRequest(emulator, { path, host: site.env.domain_name, headers, method, body });

  it("names the environment's domain after the service, four digits and the suffix", () => {
    expect(site.env.domain_name).toBe(`${site.service.domain_base}.twil.io`);
    expect(site.env.domain_name).toMatch(/^svc-[0-9a-f]{8}-\d{4}\.twil\.io$/);
  });

  it("serves public assets with their bytes and Content-Type", async () => {
    const res = await get("/logo.png");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("image/png");
    expect(res.body.equals(png)).toBe(true);
    expect(res.headers["content-length"]).toBe(String(png.length));
  });

  it("derives a Content-Type from the path when the upload said application/octet-stream", async () => {
    const res = await get("/data.bin");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/octet-stream");
    expect(res.body.toString()).toBe("raw");
  });

  it("serves /assets/index.html at the root, and answers HEAD without a body", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html");
    expect(res.body.toString()).toBe("<h1>home</h1>");
    const head = await get("/", {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it("matches the Host header with a port and in any case", async () => {
    const res = await rawRequest(emulator, { path: "/logo.png", host: `${site.env.domain_name.toUpperCase()}:${emulator.port}` });
    expect(res.status).toBe(200);
  });

  it("serves the same content at {domain}.localhost:PORT", async () => {
    const url = emulator.localSiteUrl(site.env.domain_name);
    expect(url).toBe(`http://${site.env.domain_name.replace(/\.twil\.io$/, "")}.localhost:${emulator.port}`);
    // Browsers resolve *.localhost themselves; Node's resolver may not, so connect to 127.0.0.1.
    const dispatcher = new Agent({
      connect: { lookup: (_host, _opts, cb) => cb(null, [{ address: "127.0.0.1", family: 4 }]) },
    });
    const res = await undiciFetch(`${url}/logo.png`, { dispatcher });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    await dispatcher.close();
  });

  it("decodes percent-encoded paths", async () => {
    const res = await get("/dir/" + encodeURIComponent("ünï-cöde.txt"));
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("unicode");
  });

  it("never serves private assets", async () => {
    const res = await get("/config.json");
    expect(res.status).toBe(404);
    expect(res.body.toString()).toBe(SITE_TEXT.notFound);
  });

  it("refuses protected assets without a valid signature (403)", async () => {
    expect((await get("/secret.mp3")).status).toBe(403);
    const bad = await get("/secret.mp3", { "X-Twilio-Signature": "bm9wZQ==" });
    expect(bad.status).toBe(403);
    expect(bad.body.toString()).toBe(SITE_TEXT.forbidden);
    const wrongToken = getExpectedTwilioSignature("not-the-token", `https://${site.env.domain_name}/secret.mp3`, {});
    expect((await get("/secret.mp3", { "X-Twilio-Signature": wrongToken })).status).toBe(403);
  });

  it("serves protected assets signed over Twilio's URL or the requested one", async () => {
    const twilioUrl = `https://${site.env.domain_name}/secret.mp3?x=1`;
    const sig = getExpectedTwilioSignature(emulator.authToken, twilioUrl, {});
    const res = await get("/secret.mp3?x=1", { "X-Twilio-Signature": sig });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("protected bytes");
    expect(res.headers["content-type"]).toBe("audio/mpeg");

    const local = `${emulator.localSiteUrl(site.env.domain_name)}/secret.mp3`;
    const localSig = getExpectedTwilioSignature(emulator.authToken, local, {});
    const host = new URL(local).host;
    expect((await rawRequest(emulator, { path: "/secret.mp3", host, headers: { "X-Twilio-Signature": localSig } })).status).toBe(200);

    const direct = getExpectedTwilioSignature(emulator.authToken, `${emulator.url}/secret.mp3`, {});
    expect((await get("/secret.mp3", { "X-Twilio-Signature": direct })).status).toBe(200);
    // A signature for another path does not open this one.
    expect((await get("/secret.mp3?x=2", { "X-Twilio-Signature": sig })).status).toBe(403);
  });

  it("includes POST form parameters in the signature, as Twilio's webhooks do", async () => {
    const params = { CallSid: "CA123", From: "+15550001111" };
    const sig = getExpectedTwilioSignature(emulator.authToken, `https://${site.env.domain_name}/secret.mp3`, params);
    const body = new URLSearchParams(params).toString();
    const headers = { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": sig };
    expect((await get("/secret.mp3", headers, "POST", body)).status).toBe(200);
    const tampered = new URLSearchParams({ ...params, From: "+15559999999" }).toString();
    expect((await get("/secret.mp3", headers, "POST", tampered)).status).toBe(403);
  });

  it("checks a Function's visibility and method before running it (functions.test.ts runs them)", async () => {
    expect((await get("/guarded")).status).toBe(403);
    // Twilio rejects GET requests to functions that carry a body.
    const withBody = await get("/hello", { "Content-Type": "text/plain" }, "GET", "payload");
    expect(withBody.status).toBe(403);
    expect(withBody.body.toString()).toBe(SITE_TEXT.getWithBody);
    // Nothing ran, so nothing was logged.
    const logs = await api.get(`${site.base}/Environments/${site.env.sid}/Logs`);
    expect(logs.body.logs).toEqual([]);
  });

  it("answers 404 for paths outside the build and for attempts to escape it", async () => {
    for (const path of [
      "/nope.txt",
      "/assets/../logo.png",
      "/assets/%2e%2e/logo.png",
      "/dir%2F" + encodeURIComponent("ünï-cöde.txt"),
      "/logo.png%00",
      "/%E0%A4%A",
      "/..%5clogo.png",
    ]) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it("answers 405 for methods a site does not serve", async () => {
    const res = await get("/logo.png", {}, "DELETE");
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
  });

  it("answers 404 for a domain no environment has, and for an environment with nothing deployed", async () => {
    expect((await rawRequest(emulator, { path: "/", host: "nobody-0000.twil.io" })).status).toBe(404);
    const service = await api.service();
    const env = (await api.post(`/v1/Services/${service.sid}/Environments`, { UniqueName: "empty", DomainSuffix: "dev" })).body;
    expect(env.domain_name).toBe(`${service.domain_base}-dev.twil.io`);
    const res = await rawRequest(emulator, { path: "/", host: env.domain_name });
    expect(res.status).toBe(404);
    expect(res.body.toString()).toBe(SITE_TEXT.notDeployed);
  });

  it("stops serving after an un-deploy, and serves again after a new deployment", async () => {
    const s = await deploySite(api, [{ path: "/", visibility: "public", content: "root", type: "text/plain" }], "stage");
    expect((await rawRequest(emulator, { path: "/", host: s.env.domain_name })).body.toString()).toBe("root");
    await api.post(`${s.base}/Environments/${s.env.sid}/Deployments`, {});
    expect((await rawRequest(emulator, { path: "/", host: s.env.domain_name })).status).toBe(404);
    await api.post(`${s.base}/Environments/${s.env.sid}/Deployments`, { BuildSid: s.build.sid });
    expect((await rawRequest(emulator, { path: "/", host: s.env.domain_name })).status).toBe(200);
  });

  it("treats hosts that are not an environment's as API requests", async () => {
    const res = await rawRequest(emulator, { path: "/v1/Services", host: `localhost:${emulator.port}` });
    expect(res.status).toBe(401);
  });
});
