/**
 * Deployed Functions run as Twilio's runtime runs them: each handler form and result type, the
 * Runtime globals (private assets read from a Function), `context` (Variables as they are at
 * execution time), `event`, visibility, the time limit, crashes, module state, Logs, concurrency
 * and Dependencies. Each instance is a child process; the emulator itself must survive them all.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { getExpectedTwilioSignature } from "twilio";
import type { RunningEmulator } from "../../emulator/src/index";
import { SITE_TEXT } from "../../emulator/src/index";
import { Api, deploySite, expectError, rawRequest, startTestEmulator, type SiteResponse } from "./helpers";
import { tempDir } from "../helpers/common";

const TIMEOUT_MS = 1500;
const fn = (p: string, content: string, visibility = "public") => ({ path: p, visibility, content, type: "application/javascript", fn: true });

const FUNCTIONS = [
  fn("/text", `exports.handler = (context, event, callback) => callback(null, "hello");`),
  fn("/json", `exports.handler = (context, event, callback) => callback(null, { a: 1, list: [true] });`),
  fn(
    "/voice",
    `exports.handler = (context, event, callback) => {
       const twiml = new Twilio.twiml.VoiceResponse();
       twiml.say("Ahoy");
       callback(null, twiml);
     };`,
  ),
  fn(
    "/sms",
    `const { twiml } = require("twilio");
     exports.handler = (context, event, callback) => {
       const reply = new twiml.MessagingResponse();
       reply.message("Got it");
       callback(null, reply);
     };`,
  ),
  fn(
    "/custom",
    `exports.handler = (context, event, callback) => {
       const response = new Twilio.Response();
       response.setStatusCode(201);
       response.appendHeader("X-Custom", "yes");
       response.setBody({ ok: true });
       response.setCookie("session", "abc", ["Max-Age=60", "Domain=evil.example", "Path=/"]);
       callback(null, response);
     };`,
  ),
  fn(
    "/long-cookie",
    `exports.handler = (context, event, callback) => {
       const response = new Twilio.Response();
       response.setCookie("forever", "1", ["Max-Age=90000"]);
       callback(null, response);
     };`,
  ),
  fn("/async-return", `exports.handler = async () => { await new Promise((r) => setTimeout(r, 10)); return "returned"; };`),
  fn(
    "/async-callback",
    `exports.handler = async (context, event, callback) => { await Promise.resolve(); return callback(null, { via: "callback" }); };`,
  ),
  fn("/empty", `exports.handler = (context, event, callback) => callback();`),
  fn("/throws", `exports.handler = () => { throw new TypeError("thrown on purpose"); };`),
  fn("/rejects", `exports.handler = async () => { throw new Error("rejected on purpose"); };`),
  fn("/callback-error", `exports.handler = (context, event, callback) => callback(new Error("passed to callback"));`),
  fn("/no-handler", `module.exports = { notAHandler: true };`),
  fn("/loop", `exports.handler = () => { for (;;) {} };`),
  fn("/forgets", `exports.handler = () => {};`),
  fn("/exits", `exports.handler = () => process.exit(3);`),
  fn("/late-throw", `exports.handler = () => { setTimeout(() => { throw new Error("thrown after the handler returned"); }, 5); };`),
  fn("/counter", `let calls = 0; exports.handler = (context, event, callback) => callback(null, { calls: ++calls });`),
  fn(
    "/logs",
    `exports.handler = (context, event, callback) => { console.log("hello %s", "log"); console.warn("careful"); console.error("bad"); callback(null, "logged"); };`,
  ),
  fn("/event", `exports.handler = (context, event, callback) => callback(null, event);`),
  fn(
    "/context",
    `exports.handler = (context, event, callback) => {
       const { getTwilioClient, ...values } = context;
       callback(null, { ...values, getTwilioClient: typeof getTwilioClient });
     };`,
  ),
  fn(
    "/client",
    `exports.handler = async (context, event, callback) => {
       try {
         await context.getTwilioClient().messages.create({ to: "+15550001111", from: "+15550002222", body: "hi" });
         return callback(null, "sent?!");
       } catch (err) {
         return callback(null, { error: err.message });
       }
     };`,
  ),
  fn(
    "/runtime",
    `const fs = require("fs");
     exports.handler = (context, event, callback) => {
       const assets = Runtime.getAssets();
       const functions = Runtime.getFunctions();
       let syncError;
       try { Runtime.getSync(); } catch (err) { syncError = err.message; }
       callback(null, {
         assets: Object.keys(assets),
         opened: assets["/config/secret.json"].open(),
         read: fs.readFileSync(assets["/config/secret.json"].path, "utf8"),
         functions: Object.keys(functions).sort(),
         helper: require(functions["lib/helper"].path).double(21),
         syncError,
         twilioIsThePackage: Twilio.validateRequest === require("twilio").validateRequest && typeof Twilio.twiml.VoiceResponse === "function",
       });
     };`,
  ),
  fn("/lib/helper", `exports.double = (n) => n * 2;`, "private"),
  fn("/guarded", `exports.handler = (context, event, callback) => callback(null, "signed in as " + event.From);`, "protected"),
  fn("/needs-ms", `const ms = require("ms"); exports.handler = (context, event, callback) => callback(null, String(ms("2s")));`),
];

describe("Running deployed Functions", () => {
  let emulator: RunningEmulator;
  let api: Api;
  let site: Awaited<ReturnType<typeof deploySite>>;

  beforeAll(async () => {
    emulator = await startTestEmulator({ functionTimeoutMs: TIMEOUT_MS });
    api = new Api(emulator);
    site = await deploySite(api, [
      ...FUNCTIONS,
      { path: "/config/secret.json", visibility: "private", content: '{"pin":"1234"}', type: "application/json" },
      { path: "/welcome.mp3", visibility: "public", content: "mp3", type: "audio/mpeg" },
    ]);
    const vars = `${site.base}/Environments/${site.env.sid}/Variables`;
    api.expect(201, await api.post(vars, { Key: "GREETING", Value: "ahoy" }));
  });
  afterAll(() => emulator.close());

  const call = (p: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    rawRequest(emulator, { path: p, host: site.env.domain_name, method: opts.method ?? "GET", headers: opts.headers, body: opts.body });
  const json = (res: SiteResponse) => JSON.parse(res.body.toString());

  describe("handlers and results", () => {
    it("sends a string as text/plain and an object as JSON", async () => {
      const text = await call("/text");
      expect([text.status, text.headers["content-type"], text.body.toString()]).toEqual([200, "text/plain; charset=utf-8", "hello"]);
      const obj = await call("/json");
      expect([obj.status, obj.headers["content-type"]]).toEqual([200, "application/json"]);
      expect(json(obj)).toEqual({ a: 1, list: [true] });
    });

    it("sends VoiceResponse and MessagingResponse as TwiML (text/xml)", async () => {
      const voice = await call("/voice");
      expect([voice.status, voice.headers["content-type"]]).toEqual([200, "text/xml"]);
      expect(voice.body.toString()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Ahoy</Say></Response>');
      const sms = await call("/sms", { method: "POST" });
      expect(sms.body.toString()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Message>Got it</Message></Response>');
    });

    it("sends a Twilio.Response with its status, headers and body, and Runtime's cookie rules", async () => {
      const res = await call("/custom");
      expect(res.status).toBe(201);
      expect(res.headers["x-custom"]).toBe("yes");
      expect(res.headers["content-type"]).toBe("application/json");
      expect(json(res)).toEqual({ ok: true });
      // HttpOnly and Secure added, the Domain dropped (Headers page, "Limitations").
      expect(res.headers["set-cookie"]).toEqual(["session=abc; Max-Age=60; Path=/; HttpOnly; Secure"]);
      const tooLong = await call("/long-cookie");
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.toString()).toBe(SITE_TEXT.cookieTooLong("forever"));
    });

    it("answers with what an async handler returns, or passes to callback", async () => {
      expect((await call("/async-return")).body.toString()).toBe("returned");
      expect(json(await call("/async-callback"))).toEqual({ via: "callback" });
      const empty = await call("/empty");
      expect([empty.status, empty.body.length]).toEqual([200, 0]);
    });

    it("answers 500 naming the Function for a throw, a rejection, callback(err) and a missing handler", async () => {
      for (const [p, name, message] of [
        ["/throws", "TypeError", "thrown on purpose"],
        ["/rejects", "Error", "rejected on purpose"],
        ["/callback-error", "Error", "passed to callback"],
      ]) {
        const res = await call(p);
        expect(res.status).toBe(500);
        expect(json(res)).toMatchObject({ function: p, name, message, code: 82002 });
      }
      const missing = await call("/no-handler");
      expect(missing.status).toBe(500);
      expect(json(missing).message).toContain("Function /no-handler does not export a handler");
    });

    it("keeps module state between calls on a warm instance", async () => {
      const first = json(await call("/counter")).calls as number;
      expect(json(await call("/counter")).calls).toBe(first + 1);
    });

    it("answers 405 for methods the Functions gateway does not serve", async () => {
      const head = await call("/text", { method: "HEAD" });
      expect(head.status).toBe(405);
      expect(head.headers.allow).toBe("GET, POST, OPTIONS");
    });
  });

  describe("globals", () => {
    it("gives Twilio (the twilio package), Runtime.getAssets() with private assets, getFunctions(), and a getSync() that says it is not emulated", async () => {
      const res = await call("/runtime");
      expect(res.status).toBe(200);
      expect(json(res)).toEqual({
        assets: ["/config/secret.json"],
        opened: '{"pin":"1234"}',
        read: '{"pin":"1234"}',
        functions: FUNCTIONS.map((f) => f.path.slice(1)).sort(),
        helper: 42,
        syncError: expect.stringContaining("Runtime.getSync() is not emulated"),
        twilioIsThePackage: true,
      });
      // A private Function is in getFunctions() but never served.
      expect((await call("/lib/helper")).status).toBe(404);
    });
  });

  describe("context", () => {
    it("holds the environment's Variables as they are at execution time, and Runtime's own values", async () => {
      const before = json(await call("/context"));
      expect(before).toEqual({
        ACCOUNT_SID: emulator.accountSid,
        AUTH_TOKEN: emulator.authToken,
        DOMAIN_NAME: site.env.domain_name,
        PATH: "/context",
        SERVICE_SID: site.service.sid,
        ENVIRONMENT_SID: site.env.sid,
        GREETING: "ahoy",
        getTwilioClient: "function",
      });
      // Twilio's Variables page: a change "will instantly reflect in subsequent Function executions".
      const vars = `${site.base}/Environments/${site.env.sid}/Variables`;
      const greeting = (await api.get(vars)).body.variables.find((v: { key: string }) => v.key === "GREETING");
      api.expect(200, await api.post(`${vars}/${greeting.sid}`, { Value: "hello again" }));
      api.expect(201, await api.post(vars, { Key: "ADDED", Value: "later" }));
      expect(json(await call("/context"))).toMatchObject({ GREETING: "hello again", ADDED: "later" });
    });

    it("gives a Twilio client whose API calls fail naming the API, without reaching Twilio", async () => {
      const res = await call("/client");
      expect(json(res).error).toMatch(
        new RegExp(`^Twilio API call not sent: POST https://api\\.twilio\\.com/2010-04-01/Accounts/${emulator.accountSid}/Messages\\.json\\.`),
      );
    });

    it("leaves the credentials out when the Service does not include them", async () => {
      api.expect(200, await api.post(site.base, { IncludeCredentials: "false" }));
      try {
        const values = json(await call("/context"));
        expect(values.ACCOUNT_SID).toBeUndefined();
        expect(values.AUTH_TOKEN).toBeUndefined();
        expect(json(await call("/client")).error).toContain("context.getTwilioClient() needs the account's credentials");
      } finally {
        api.expect(200, await api.post(site.base, { IncludeCredentials: "true" }));
      }
    });
  });

  describe("event", () => {
    it("merges query and form parameters (repeated ones as lists), with the request's headers and cookies", async () => {
      const res = await call("/event?q=1&To=query", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-custom": "a",
          cookie: "session=abc; theme=dark%20mode",
          "x-forwarded-for": "10.0.0.1",
          referer: "https://example.com/",
        },
        body: "To=%2B15550001111&To=%2B15550002222&Body=hi+there",
      });
      const event = json(res);
      expect(event).toMatchObject({ q: "1", To: ["+15550001111", "+15550002222"], Body: "hi there" });
      expect(event.request.cookies).toEqual({ session: "abc", theme: "dark mode" });
      expect(event.request.headers["x-custom"]).toBe("a");
      expect(event.request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      // Twilio's restricted headers never reach a Function.
      for (const hidden of ["host", "x-forwarded-for", "referer", "connection"]) expect(event.request.headers[hidden]).toBeUndefined();
    });

    it("merges a JSON body, and answers 400 for one that does not parse", async () => {
      const res = await call("/event", { method: "POST", headers: { "content-type": "application/json" }, body: '{"nested":{"a":[1,2]},"n":3}' });
      expect(json(res)).toMatchObject({ nested: { a: [1, 2] }, n: 3 });
      const bad = await call("/event", { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
      expect(bad.status).toBe(400);
      expect(bad.body.toString()).toMatch(/^Bad Request: the body is not valid JSON/);
    });
  });

  describe("visibility", () => {
    it("runs a protected Function only for a valid X-Twilio-Signature (403 otherwise)", async () => {
      const params = { From: "+15550001111", CallSid: "CA123" };
      const body = new URLSearchParams(params).toString();
      const headers = { "content-type": "application/x-www-form-urlencoded" };
      expect((await call("/guarded", { method: "POST", headers, body })).status).toBe(403);
      const bad = getExpectedTwilioSignature("wrong-token", `https://${site.env.domain_name}/guarded`, params);
      expect((await call("/guarded", { method: "POST", headers: { ...headers, "x-twilio-signature": bad }, body })).status).toBe(403);
      const sig = getExpectedTwilioSignature(emulator.authToken, `https://${site.env.domain_name}/guarded`, params);
      const ok = await call("/guarded", { method: "POST", headers: { ...headers, "x-twilio-signature": sig }, body });
      expect([ok.status, ok.body.toString()]).toEqual([200, "signed in as +15550001111"]);
    });
  });

  describe("isolation and limits", () => {
    it("stops an endless loop, or a handler that never answers, at the time limit with Twilio's error", async () => {
      for (const p of ["/loop", "/forgets"]) {
        const res = await call(p);
        expect(res.status).toBe(504);
        expect(json(res)).toEqual({ message: "runtime application timed out", function: p, code: 82002, more_info: "https://www.twilio.com/docs/errors/82002" });
      }
      expect((await call("/text")).status).toBe(200);
    });

    it("survives a Function that ends its process or throws after returning", async () => {
      const exits = await call("/exits");
      expect(exits.status).toBe(500);
      expect(json(exits)).toMatchObject({ function: "/exits", message: SITE_TEXT.functionCrashed("/exits", "its process exited with code 3") });
      const late = await call("/late-throw");
      expect(late.status).toBe(500);
      expect(json(late)).toMatchObject({ function: "/late-throw", message: "thrown after the handler returned" });
      expect((await call("/text")).body.toString()).toBe("hello");
    });

    it("records console output and failures in the environment's Logs", async () => {
      await call("/logs");
      await call("/throws");
      const logs = (await api.get(`${site.base}/Environments/${site.env.sid}/Logs?PageSize=1000`)).body.logs as Array<{ level: string; message: string }>;
      const lines = logs.map((l) => `${l.level} ${l.message}`);
      expect(lines).toEqual(expect.arrayContaining(["info hello log", "warning careful", "error bad", "error Error in Function /throws: TypeError: thrown on purpose"]));
    });

    it("does not let a Function require a package its build does not declare", async () => {
      const res = await call("/needs-ms");
      expect(res.status).toBe(500);
      // `ms` is in the emulator's own node_modules: a Function must not see it.
      expect(json(res).message).toMatch(/Cannot find module 'ms'[\s\S]*A Function can require Node\.js's modules, twilio, and the packages in its build's Dependencies/);
    });
  });
});

describe("Functions with Dependencies, concurrency and a data dir", () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = tempDir("functions-data-");
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it(
    "installs a build's Dependencies once into the data dir, and runs the build again after a restart",
    async () => {
      let emulator = await startTestEmulator({ dataDir });
      try {
        const api = new Api(emulator);
        const needsMs = FUNCTIONS.find((f) => f.path === "/needs-ms")!;
        const site = await deploySite(api, [needsMs], undefined, { Dependencies: JSON.stringify([{ name: "ms", version: "2.1.3" }]) });
        const call = () => rawRequest(emulator, { path: "/needs-ms", host: site.env.domain_name });
        const res = await call();
        expect([res.status, res.body.toString()]).toEqual([200, "2000"]);
        const installed = path.join(dataDir, "builds", site.build.sid, "node_modules", "ms", "package.json");
        const { mtimeMs } = fs.statSync(installed);
        await emulator.close();
        emulator = await startTestEmulator({ dataDir });
        const again = await call();
        expect([again.status, again.body.toString()]).toEqual([200, "2000"]);
        expect(fs.statSync(installed).mtimeMs).toBe(mtimeMs);
      } finally {
        await emulator.close();
      }
    },
    120_000,
  );

  it(
    "refuses at CreateBuild a dependency npm cannot resolve, and answers 500 naming one that cannot be installed",
    async () => {
      const name = `no-such-package-${process.pid}-twilio-emulator-test`;
      const deps = JSON.stringify([{ name, version: "1.0.0" }]);
      const resolving = await startTestEmulator();
      try {
        const api = new Api(resolving);
        const service = await api.service();
        const f = api.expect(201, await api.post(`/v1/Services/${service.sid}/Functions`, { FriendlyName: "f" }));
        const v = api.expect(201, await api.upload(`/v1/Services/${service.sid}/Functions/${f.sid}/Versions`, { Path: "/f", Visibility: "public" }, "exports.handler=()=>{}"));
        const res = await api.post(`/v1/Services/${service.sid}/Builds`, { FunctionVersions: [v.sid], Dependencies: deps });
        expectError(res, 400, 20001);
        expect(res.body.message).toContain(`Some dependencies could not be validated. ${name}@1.0.0`);
      } finally {
        await resolving.close();
      }
      // An emulator that only checks their form builds it; the install at the first call fails.
      const offline = await startTestEmulator({ resolveDependencies: false });
      try {
        const api = new Api(offline);
        const site = await deploySite(api, [FUNCTIONS[0]], undefined, { Dependencies: deps });
        const res = await rawRequest(offline, { path: "/text", host: site.env.domain_name });
        expect(res.status).toBe(500);
        expect(JSON.parse(res.body.toString()).message).toContain(`Installing the build's Dependencies (${name}@1.0.0) failed`);
      } finally {
        await offline.close();
      }
    },
    120_000,
  );

  it("answers 429 above the account's concurrent executions", async () => {
    const emulator = await startTestEmulator({ maxConcurrentFunctionExecutions: 1 });
    try {
      const api = new Api(emulator);
      const slow = fn("/slow", `exports.handler = (context, event, callback) => setTimeout(() => callback(null, "done"), 1000);`);
      const site = await deploySite(api, [slow]);
      const call = () => rawRequest(emulator, { path: "/slow", host: site.env.domain_name });
      const [a, b] = await Promise.all([call(), new Promise((r) => setTimeout(r, 200)).then(call)]);
      expect([a.status, a.body.toString()]).toEqual([200, "done"]);
      expect([b.status, b.body.toString()]).toEqual([429, SITE_TEXT.tooManyExecutions(1)]);
    } finally {
      await emulator.close();
    }
  }, 60_000);
});
