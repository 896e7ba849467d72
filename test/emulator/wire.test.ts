import { connect } from "node:net";
import { request as httpRequest } from "node:http";
import type { RunningEmulator } from "../../emulator/src/index";
import { DEFAULT_MAX_CONCURRENT_REQUESTS, MESSAGES } from "../../emulator/src/index";
import { ROUTES } from "../../emulator/src/router";
import { Api, basicAuth, expectError, expectSchema, rawRequest, specOperations, startTestEmulator } from "./helpers";
import { uniqueName } from "../helpers/common";

/** Sends raw bytes and returns what comes back before the server closes (or a pause). */
function rawExchange(port: number, data: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let out = "";
    socket.on("data", (c) => (out += c.toString("latin1")));
    socket.on("close", () => resolve(out));
    socket.on("error", () => resolve(out));
    socket.write(data);
    setTimeout(() => socket.end(), 300);
  });
}

/** A POST whose body is written in chunks (no Content-Length); resolves with the status and body. */
function chunkedPost(
  emulator: RunningEmulator,
  path: string,
  headers: Record<string, string>,
  head: Buffer,
  chunks: number,
  chunk: Buffer,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: emulator.port, method: "POST", path, headers }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    let sent = 0;
    req.write(head);
    const pump = () => {
      while (sent < chunks) {
        sent++;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

describe("Wire behaviour", () => {
  let emulator: RunningEmulator;
  let api: Api;

  beforeAll(async () => {
    emulator = await startTestEmulator({ limits: { maxVersionBytes: { public: 200_000, protected: 200_000, private: 100_000 } } });
    api = new Api(emulator);
  });
  afterAll(() => emulator.close());

  describe("operations", () => {
    it("routes all 39 operations of the spec plus the two uploads", () => {
      const spec = specOperations();
      expect(spec.size).toBe(39);
      const routed = new Map(ROUTES.map((r) => [r.operationId, r]));
      for (const [id, op] of spec) {
        const route = routed.get(id);
        expect({ id, route: route && `${route.method} ${route.template}` }).toEqual({ id, route: `${op.method} ${op.path}` });
      }
      expect([...routed.keys()].filter((id) => !spec.has(id)).sort()).toEqual(["CreateAssetVersion", "CreateFunctionVersion"]);
    });

    it("answers every delete with 204 and an empty body", async () => {
      const s = await api.service();
      const sb = `/v1/Services/${s.sid}`;
      const env = (await api.post(`${sb}/Environments`, { UniqueName: "d" })).body;
      const variable = (await api.post(`${sb}/Environments/${env.sid}/Variables`, { Key: "k", Value: "v" })).body;
      const fn = (await api.post(`${sb}/Functions`, { FriendlyName: "f" })).body;
      const asset = (await api.post(`${sb}/Assets`, { FriendlyName: "a" })).body;
      const v = (await api.upload(`${sb}/Assets/${asset.sid}/Versions`, { Path: "/a", Visibility: "public" }, "a")).body;
      const build = (await api.post(`${sb}/Builds`, { AssetVersions: v.sid })).body;
      for (const path of [
        `${sb}/Environments/${env.sid}/Variables/${variable.sid}`,
        `${sb}/Environments/${env.sid}`,
        `${sb}/Builds/${build.sid}`,
        `${sb}/Functions/${fn.sid}`,
        `${sb}/Assets/${asset.sid}`,
        sb,
      ]) {
        const res = await api.delete(path);
        expect({ path, status: res.status, text: res.text, type: res.headers.get("content-type") }).toEqual({ path, status: 204, text: "", type: null });
        expectError(await api.get(path), 404, 20404);
      }
    });

    it("validates against closed schemas: a missing or extra field fails", async () => {
      const s = await api.service();
      const res = await api.get(`/v1/Services/${s.sid}`);
      expect(() => expectSchema("FetchService", { status: 200, body: { ...res.body, extra: 1 } })).toThrow(/additional/);
      const { domain_base: _omitted, ...missing } = res.body;
      expect(() => expectSchema("FetchService", { status: 200, body: missing })).toThrow(/domain_base/);
      expect(() => expectSchema("FetchService", { status: 200, body: { ...res.body, sid: "XX1" } })).toThrow();
    });
  });

  describe("authentication", () => {
    it("accepts the Account SID + Auth Token and the API key + secret", async () => {
      expect((await api.get("/v1/Services")).status).toBe(200);
      const keyApi = new Api(emulator, basicAuth(emulator.apiKeySid, emulator.apiKeySecret));
      expect(emulator.apiKeySid).toMatch(/^SK[0-9a-f]{32}$/);
      expect((await keyApi.get("/v1/Services")).status).toBe(200);
    });

    it("answers 401/20003 to anything else", async () => {
      const wrong = [
        basicAuth(emulator.accountSid, "wrong"),
        basicAuth(emulator.apiKeySid, emulator.authToken),
        basicAuth(emulator.accountSid, emulator.apiKeySecret),
        basicAuth("", ""),
        "Bearer " + emulator.authToken,
        "Basic !!!",
        "Basic " + Buffer.from(emulator.accountSid).toString("base64"),
      ];
      for (const authorization of wrong) {
        const res = await new Api(emulator, authorization).get("/v1/Services");
        expectError(res, 401, 20003, MESSAGES.authenticate);
        expect(res.headers.get("www-authenticate")).toBe('Basic realm="Twilio API"');
      }
      const none = await fetch(`${emulator.url}/v1/Services`);
      expect(none.status).toBe(401);
      // Unknown paths do not leak past authentication either.
      expect((await fetch(`${emulator.url}/v1/Nope`)).status).toBe(401);
    });

    it("answers CORS preflights without credentials", async () => {
      const res = await fetch(`${emulator.url}/v1/Services`, { method: "OPTIONS" });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-methods")).toBe("GET, POST, DELETE, OPTIONS");
    });
  });

  describe("routing", () => {
    it("answers 404/20404 to unknown paths", async () => {
      for (const path of ["/", "/v1", "/v2/Services", "/v1/Services/", "/v1/Widgets", "/v1/Services/x/Nope", "/v1/Services%2Fx"]) {
        const res = await api.get(path);
        expectError(res, 404, 20404);
      }
      expectError(await api.get("/v1/Widgets?x=1"), 404, 20404, MESSAGES.notFound("/Widgets"));
    });

    it("answers 405/20004 with Allow to wrong methods", async () => {
      const s = await api.service();
      const cases: [string, string, string][] = [
        ["PUT", "/v1/Services", "GET, POST"],
        ["DELETE", "/v1/Services", "GET, POST"],
        ["PATCH", `/v1/Services/${s.sid}`, "GET, POST, DELETE"],
        ["POST", `/v1/Services/${s.sid}/Builds/ZB${"0".repeat(32)}/Status`, "GET"],
        ["POST", `/v1/Services/${s.sid}/Environments/ZE${"0".repeat(32)}`, "GET, DELETE"],
      ];
      for (const [method, path, allow] of cases) {
        const res = await api.call(method, path);
        expectError(res, 405, 20004, MESSAGES.methodNotAllowed(method, path));
        expect(res.headers.get("allow")).toBe(allow);
      }
    });

    it("answers malformed HTTP with a Twilio-shaped 400", async () => {
      const out = await rawExchange(emulator.port, "GARBAGE\r\n\r\n");
      expect(out).toMatch(/^HTTP\/1\.1 400/);
      // Like every API answer, it carries the CORS headers and a request id.
      expect(out).toMatch(/\r\nAccess-Control-Allow-Origin: \*\r\n/);
      expect(out).toMatch(/\r\nTwilio-Request-Id: RQ[0-9a-f]{32}\r\n/);
      expect(JSON.parse(out.slice(out.indexOf("\r\n\r\n") + 4))).toMatchObject({ status: 400, code: 20001 });
      expect((await api.get("/v1/Services")).status).toBe(200);
    });
  });

  describe("paging", () => {
    it("takes PageSize 1..1000 (default 50) and refuses others", async () => {
      for (const size of ["1", "1000"]) expect((await api.get(`/v1/Services?PageSize=${size}`)).body.meta.page_size).toBe(Number(size));
      expect((await api.get("/v1/Services")).body.meta.page_size).toBe(50);
      for (const size of ["0", "1001", "abc", "-1", "1.5", ""]) {
        expectError(await api.get(`/v1/Services?PageSize=${size}`), 400, 20001, MESSAGES.invalidPageSize(size));
      }
      expectError(await api.get("/v1/Services?Page=-1"), 400, 20001, MESSAGES.invalidPage("-1"));
      expectError(await api.get("/v1/Services?PageToken=garbage"), 400, 20001, MESSAGES.invalidPageToken("garbage"));
    });

    it("follows next_page_url to the end, and stays stable when earlier items go away", async () => {
      const s = await api.service();
      const base = `/v1/Services/${s.sid}/Assets`;
      const made: string[] = [];
      for (let i = 0; i < 7; i++) made.push((await api.post(base, { FriendlyName: `a${i}` })).body.sid);
      const first = await api.get(`${base}?PageSize=3`);
      expect(first.body.assets.map((a: { sid: string }) => a.sid)).toEqual(made.slice(0, 3));
      await api.delete(`${base}/${made[0]}`);
      const second = await api.get(first.body.meta.next_page_url.slice(emulator.url.length));
      expectSchema("ListAsset", second);
      expect(second.body.meta.page).toBe(1);
      expect(second.body.assets.map((a: { sid: string }) => a.sid)).toEqual(made.slice(3, 6));
      const third = await api.get(second.body.meta.next_page_url.slice(emulator.url.length));
      expect(third.body.assets.map((a: { sid: string }) => a.sid)).toEqual(made.slice(6));
      expect(third.body.meta.next_page_url).toBeNull();
      const back = await api.get(third.body.meta.previous_page_url.slice(emulator.url.length));
      expect(back.body.assets.map((a: { sid: string }) => a.sid)).toEqual(made.slice(3, 6));
      // Page is client state: past the first page it needs the token of the URL that named it.
      expectError(await api.get(`${base}?PageSize=2&Page=1`), 400, 20001, MESSAGES.pageWithoutToken("1"));
      expect((await api.get(`${base}?PageSize=2&Page=0`)).body.assets.map((a: { sid: string }) => a.sid)).toEqual(made.slice(1, 3));
      // Every URL a page hands out can be followed as it is.
      for (const page of [first, second, third, back]) {
        for (const key of ["url", "first_page_url", "next_page_url", "previous_page_url"]) {
          const url: string | null = page.body.meta[key];
          if (url) expect((await api.get(url.slice(emulator.url.length))).status).toBe(200);
        }
      }
    });

    it("builds URLs from the Host the request came in on", async () => {
      const raw = await rawRequest(emulator, {
        path: "/v1/Services?PageSize=1",
        host: `localhost:${emulator.port}`,
        headers: { authorization: api.authorization },
      });
      const res = { body: JSON.parse(raw.body.toString()) };
      expect(res.body.meta.url).toBe(`http://localhost:${emulator.port}/v1/Services?PageSize=1&Page=0`);
      if (res.body.services[0]) expect(res.body.services[0].url).toMatch(new RegExp(`^http://localhost:${emulator.port}/v1/Services/ZS`));
    });
  });

  describe("bad input", () => {
    let versionsPath: string;
    beforeAll(async () => {
      const s = await api.service();
      const asset = (await api.post(`/v1/Services/${s.sid}/Assets`, { FriendlyName: "big" })).body;
      versionsPath = `/v1/Services/${s.sid}/Assets/${asset.sid}/Versions`;
    });

    it("refuses form bodies over 1 MB with 413", async () => {
      const res = await api.call("POST", "/v1/Services", undefined, { "content-type": "application/x-www-form-urlencoded" });
      expectError(res, 400, 20001);
      const huge = await fetch(`${emulator.url}/v1/Services`, {
        method: "POST",
        headers: { authorization: api.authorization, "content-type": "application/x-www-form-urlencoded" },
        body: "FriendlyName=" + "x".repeat(1024 * 1024 + 10),
      });
      expect(huge.status).toBe(413);
      expect(await huge.json()).toMatchObject({ status: 413, code: 20413, message: MESSAGES.bodyTooLarge(1024 * 1024) });
    });

    it("refuses uploads over their visibility's limit with 413, whatever the field order", async () => {
      const over = Buffer.alloc(100_001, 1);
      expectError(
        await api.upload(versionsPath, { Path: "/p", Visibility: "private" }, over),
        413,
        20413,
        MESSAGES.contentTooLarge("private", 100_000),
      );
      expect((await api.upload(versionsPath, { Path: "/p", Visibility: "public" }, over)).status).toBe(201);
      expect((await api.upload(versionsPath, { Path: "/p", Visibility: "private" }, Buffer.alloc(100_000))).status).toBe(201);
      // Visibility after the content: checked once it arrives.
      const form = new FormData();
      form.append("Path", "/late");
      form.append("Content", new Blob([over]), "f");
      form.append("Visibility", "private");
      const late = await fetch(emulator.url + versionsPath, { method: "POST", headers: { authorization: api.authorization }, body: form });
      expect(late.status).toBe(413);
      const big = Buffer.alloc(200_001, 2);
      expectError(await api.upload(versionsPath, { Path: "/p", Visibility: "public" }, big), 413, 20413);
    });

    it("cuts off a body whose Content-Length is over the cap, and a chunked one that passes it", async () => {
      const declared = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: "127.0.0.1",
            port: emulator.port,
            method: "POST",
            path: versionsPath,
            headers: { authorization: api.authorization, "content-type": "multipart/form-data; boundary=x", "content-length": String(50 * 1024 * 1024) },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.write("--x\r\n");
      });
      expect(declared).toBe(413);
      const head = Buffer.from(
        '--x\r\nContent-Disposition: form-data; name="Path"\r\n\r\n/c\r\n--x\r\nContent-Disposition: form-data; name="Visibility"\r\n\r\npublic\r\n' +
          '--x\r\nContent-Disposition: form-data; name="Content"; filename="c"\r\nContent-Type: text/plain\r\n\r\n',
      );
      const chunked = await chunkedPost(
        emulator,
        versionsPath,
        { authorization: api.authorization, "content-type": "multipart/form-data; boundary=x", "transfer-encoding": "chunked" },
        head,
        40,
        Buffer.alloc(64 * 1024, 3),
      ).catch((err: Error) => ({ status: -1, body: err.message }));
      // The answer arrives unless the socket closed first; either way nothing was stored.
      if (chunked.status !== -1) expect(chunked.status).toBe(413);
      expect((await api.get(versionsPath)).body.asset_versions.every((v: { path: string }) => v.path !== "/c")).toBe(true);
      expect((await api.get("/v1/Services")).status).toBe(200);
    });

    it("answers malformed multipart with 400", async () => {
      const send = async (body: string, type?: string) => {
        const res = await fetch(emulator.url + versionsPath, {
          method: "POST",
          headers: { authorization: api.authorization, "content-type": type ?? "multipart/form-data; boundary=x" },
          body,
        });
        return { status: res.status, headers: res.headers, text: "", body: await res.json() };
      };
      expectError(await send("--x\r\nContent-Disposition: form-data; name=\"Path\"\r\n\r\n/a"), 400, 20001);
      expectError(await send("not multipart at all"), 400, 20001);
      expectError(await send("--x\r\nGarbage\r\n\r\n"), 400, 20001);
      expectError(await send("whatever", "multipart/form-data"), 400, 20001);
      expectError(await send("Path=/a&Visibility=public", "application/x-www-form-urlencoded"), 400, 20001, MESSAGES.notMultipart);
      const twoFiles = new FormData();
      twoFiles.append("Path", "/two");
      twoFiles.append("Visibility", "public");
      twoFiles.append("Content", new Blob(["a"]), "a");
      twoFiles.append("Content", new Blob(["b"]), "b");
      const res = await fetch(emulator.url + versionsPath, { method: "POST", headers: { authorization: api.authorization }, body: twoFiles });
      expect(await res.json()).toMatchObject({ status: 400, code: 20001, message: MESSAGES.tooManyParts });
      expect((await api.get("/v1/Services")).status).toBe(200);
    });

    it("does not log a client that leaves in the middle of a body as an internal error", async () => {
      const lines: string[] = [];
      const own = await startTestEmulator({ log: (line) => lines.push(line) });
      try {
        const socket = connect(own.port, "127.0.0.1");
        socket.on("error", () => undefined);
        socket.write(
          `POST /v1/Services HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${basicAuth(own.accountSid, own.authToken)}\r\n` +
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nUniqueName=gone",
        );
        while (own.stats().byOperation.CreateService !== 1) await new Promise((r) => setTimeout(r, 5));
        socket.destroy();
        // The emulator has handled the abort by the time it answers the next request.
        await new Promise((r) => setTimeout(r, 20));
        expect((await new Api(own).get("/v1/Services")).status).toBe(200);
        expect(lines).toEqual([]);
      } finally {
        await own.close();
      }
    });

    it("answers an upload to an unknown asset with 404 after reading its body", async () => {
      const s = await api.service();
      const res = await api.upload(`/v1/Services/${s.sid}/Assets/ZH${"0".repeat(32)}/Versions`, { Path: "/x", Visibility: "public" }, Buffer.alloc(150_000));
      expectError(res, 404, 20404);
    });
  });

  describe("knobs", () => {
    it("injects 429 (with Retry-After), 500, 503 and dropped connections, then stops", async () => {
      emulator.setFaults({ rate: 1, kinds: ["429"], retryAfterSeconds: 7 });
      const limited = await api.get("/v1/Services");
      expectError(limited, 429, 20429, MESSAGES.tooManyRequests);
      expect(limited.headers.get("retry-after")).toBe("7");
      emulator.setFaults({ rate: 1, kinds: ["500"] });
      expectError(await api.get("/v1/Services"), 500, 20500, MESSAGES.internal);
      emulator.setFaults({ rate: 1, kinds: ["503"] });
      expectError(await api.get("/v1/Services"), 503, 20503, MESSAGES.unavailable);
      emulator.setFaults({ rate: 1, kinds: ["drop"] });
      await expect(api.get("/v1/Services")).rejects.toThrow();
      emulator.setFaults(undefined);
      expect((await api.get("/v1/Services")).status).toBe(200);
    });

    it("injects a seeded share of faults and never processes a faulted write", async () => {
      emulator.setFaults({ rate: 0.5, kinds: ["429", "500", "503"], seed: 42 });
      const before = emulator.inventory().services;
      let ok = 0;
      let failed = 0;
      for (let i = 0; i < 40; i++) {
        const res = await api.post("/v1/Services", { UniqueName: `fault-${i}`, FriendlyName: "f" });
        if (res.status === 201) ok++;
        else failed++;
      }
      emulator.setFaults(undefined);
      expect(ok).toBeGreaterThan(0);
      expect(failed).toBeGreaterThan(0);
      expect(emulator.inventory().services - before).toBe(ok);
      expect(() => emulator.setFaults({ rate: 2, kinds: ["429"] })).toThrow(RangeError);
    });

    it("counts requests, writes, uploads and operations", async () => {
      emulator.resetStats();
      const s = await api.service();
      const asset = (await api.post(`/v1/Services/${s.sid}/Assets`, { FriendlyName: "a" })).body;
      await api.upload(`/v1/Services/${s.sid}/Assets/${asset.sid}/Versions`, { Path: "/a", Visibility: "public" }, "12345");
      await api.get(`/v1/Services/${s.sid}`);
      await new Api(emulator, "Basic eDp5").get("/v1/Services");
      const stats = emulator.stats();
      expect(stats).toEqual({
        requests: 5,
        writes: 3,
        uploads: 1,
        uploadBytes: 5,
        concurrencyRefusals: 0,
        peakConcurrentRequests: 1,
        byOperation: { CreateService: 1, CreateAsset: 1, CreateAssetVersion: 1, FetchService: 1 },
        faults: { "429": 0, "500": 0, "503": 0, drop: 0, lost: 0 },
      });
    });

    it("loses the answer of a request it applied (fault kind lost): the create happened, the client saw its connection drop", async () => {
      emulator.resetStats();
      const name = uniqueName("lost");
      emulator.setFaults({ rate: 1, kinds: ["lost"] });
      try {
        await expect(api.post("/v1/Services", { UniqueName: name, FriendlyName: "l" })).rejects.toThrow();
      } finally {
        emulator.setFaults(undefined);
      }
      const found = await api.get(`/v1/Services/${name}`);
      expect(found.status).toBe(200);
      expect(found.body.unique_name).toBe(name);
      expect(emulator.stats()).toMatchObject({ writes: 1, faults: { lost: 1 }, byOperation: { CreateService: 1, FetchService: 1 } });
      // an upload too: its body is read and stored before the answer is lost
      const asset = (await api.post(`/v1/Services/${found.body.sid}/Assets`, { FriendlyName: "a" })).body;
      const versions = `/v1/Services/${found.body.sid}/Assets/${asset.sid}/Versions`;
      emulator.setFaults({ rate: 1, kinds: ["lost"] });
      try {
        await expect(api.upload(versions, { Path: "/a", Visibility: "public" }, Buffer.alloc(150_000, 1))).rejects.toThrow();
      } finally {
        emulator.setFaults(undefined);
      }
      expect((await api.get(versions)).body.asset_versions).toHaveLength(1);
    });

    it("holds writes after a count, and the answer to the last one, until released; never applies a held write whose client hung up", async () => {
      const s = await api.service();
      const reached = emulator.holdWritesAfter(2);
      try {
        const first = [0, 1].map((i) => api.post(`/v1/Services/${s.sid}/Assets`, { FriendlyName: `held-${i}` }));
        await reached;
        // both are applied, and one answer is held: a client killed now never learns of that write
        const answered = await Promise.race([Promise.all(first).then(() => "both"), new Promise((r) => setTimeout(() => r("one held"), 100))]);
        expect(answered).toBe("one held");
        // the third write waits, unprocessed; reads still answer
        const abort = new AbortController();
        const third = api.call("POST", `/v1/Services/${s.sid}/Assets`, { FriendlyName: "gone" }, {}, abort.signal);
        const fourth = api.post(`/v1/Services/${s.sid}/Assets`, { FriendlyName: "kept" });
        expect((await api.get(`/v1/Services/${s.sid}/Assets`)).body.assets).toHaveLength(2);
        abort.abort();
        await expect(third).rejects.toThrow();
        await new Promise((r) => setTimeout(r, 50));
        expect(emulator.heldWrites()).toBe(1);
        emulator.releaseWrites();
        expect((await Promise.all([...first, fourth])).map((r) => r.status)).toEqual([201, 201, 201]);
      } finally {
        emulator.releaseWrites();
      }
      const names = (await api.get(`/v1/Services/${s.sid}/Assets`)).body.assets.map((a: { friendly_name: string }) => a.friendly_name);
      expect(names.sort()).toEqual(["held-0", "held-1", "kept"]);
    });

    it("answers 429 (20429, no Retry-After) above the account's concurrent requests, never processing them", async () => {
      emulator.resetStats();
      emulator.setLatency(100);
      emulator.setMaxConcurrentRequests(3);
      try {
        const before = emulator.inventory().services;
        const answers = await Promise.all(
          Array.from({ length: 5 }, (_, i) => api.post("/v1/Services", { UniqueName: uniqueName(`burst-${i}`), FriendlyName: "b" })),
        );
        const created = answers.filter((a) => a.status === 201);
        const refused = answers.filter((a) => a.status === 429);
        expect([created.length, refused.length]).toEqual([3, 2]);
        for (const r of refused) {
          expectError(r, 429, 20429, MESSAGES.tooManyRequests);
          expect(r.headers.get("retry-after")).toBeNull();
        }
        expect(emulator.inventory().services - before).toBe(3);
        // every answer says how many requests were in flight when it arrived
        const counts = answers.map((a) => Number(a.headers.get("twilio-concurrent-requests"))).sort();
        expect(counts).toEqual([1, 2, 3, 4, 5]);
        expect(emulator.stats()).toMatchObject({ requests: 5, concurrencyRefusals: 2, peakConcurrentRequests: 5 });
        // once they have ended, the account may send again
        expect((await api.get("/v1/Services")).status).toBe(200);
      } finally {
        emulator.setLatency(0);
        emulator.setMaxConcurrentRequests(DEFAULT_MAX_CONCURRENT_REQUESTS);
      }
    });

    it("does not count site requests against the account's API concurrency", async () => {
      emulator.setMaxConcurrentRequests(1);
      try {
        const site = await rawRequest(emulator, { path: "/x", host: "nobody-1234.twil.io" });
        expect(site.status).toBe(404);
        expect(site.headers["twilio-concurrent-requests"]).toBeUndefined();
        expect((await api.get("/v1/Services")).status).toBe(200);
      } finally {
        emulator.setMaxConcurrentRequests(DEFAULT_MAX_CONCURRENT_REQUESTS);
      }
    });

    it("adds latency to requests when asked (functional check only)", async () => {
      emulator.setLatency(5);
      expect((await api.get("/v1/Services")).status).toBe(200);
      emulator.setLatency(0);
    });
  });
});
