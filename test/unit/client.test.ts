import * as fs from "node:fs";
import * as path from "node:path";
import { encodeForm, TwilioClient } from "../../provider/src/core/client/client";
import { isRetryable, TwilioApiError, TwilioConnectionError } from "../../provider/src/core/client/errors";
import { listAll } from "../../provider/src/core/client/paging";
import { drop, json, parseMultipart, startServer, type TestServer, twilioError } from "./support/server";
import { caught, tempDir } from "../helpers/common";

const USER = "AC0123456789abcdef0123456789abcdef";
const SECRET = "s3cr3t-auth-token-value";

let server: TestServer;
let client: TwilioClient;

beforeEach(async () => {
  server = await startServer();
  client = new TwilioClient({
    baseUrl: server.url,
    uploadBaseUrl: `${server.url}/upload`,
    username: USER,
    password: SECRET,
    retry: { maxTries: 3, baseDelayMs: 1, maxDelayMs: 5 },
    maxConcurrency: 2,
  });
});

afterEach(async () => {
  await client.close();
  await server.close();
});

describe("encodeForm", () => {
  it("repeats keys for arrays, writes booleans as true/false and leaves out undefined", () => {
    const body = encodeForm({ AssetVersions: ["ZN1", "ZN2"], UiEditable: false, Runtime: undefined, FriendlyName: "a b&c" });
    expect(body).toBe("AssetVersions=ZN1&AssetVersions=ZN2&UiEditable=false&FriendlyName=a+b%26c");
  });
});

describe("TwilioClient.request", () => {
  it("sends Basic auth, JSON accept and a form body, and parses the JSON answer", async () => {
    server.answer(json(201, { sid: "ZS1" }));
    const result = await client.request<{ sid: string }>({ method: "POST", path: "/v1/Services", form: { UniqueName: "x" } });
    expect(result).toEqual({ sid: "ZS1" });
    const [r] = server.received;
    expect(r.method).toBe("POST");
    expect(r.path).toBe("/v1/Services");
    expect(r.headers.authorization).toBe(`Basic ${Buffer.from(`${USER}:${SECRET}`).toString("base64")}`);
    expect(r.headers.accept).toBe("application/json");
    expect(r.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(r.body.toString()).toBe("UniqueName=x");
  });

  it("resolves to undefined for 204 No Content", async () => {
    server.answer(json(204, undefined));
    await expect(client.request({ method: "DELETE", path: "/v1/Services/ZS1" })).resolves.toBeUndefined();
  });

  it("keeps connections alive across requests", async () => {
    server.answer(json(200, {}));
    for (let i = 0; i < 20; i++) await client.request({ method: "GET", path: "/v1/Services" });
    expect(server.received).toHaveLength(20);
    // undici may open a second socket while the first is being released; never one per request
    expect(server.connections()).toBeLessThanOrEqual(2);
  });

  it("turns a non-2xx into a TwilioApiError with status, code, more_info, method and path", async () => {
    server.answer(twilioError(409, 20409, "Environment has already requested deployment"));
    const err = await caught(client.request({ method: "POST", path: "/v1/Services/ZS1/Environments", form: { UniqueName: "a" } }));
    expect(err).toBeInstanceOf(TwilioApiError);
    expect(err).toMatchObject({
      status: 409,
      code: 20409,
      moreInfo: "https://www.twilio.com/docs/errors/20409",
      method: "POST",
      path: "/v1/Services/ZS1/Environments",
      tries: 1,
    });
    expect(err.message).toBe(
      "HTTP 409, Twilio 20409: Environment has already requested deployment (POST /v1/Services/ZS1/Environments)",
    );
    expect(JSON.stringify(err)).not.toContain(SECRET);
    expect(err.stack).not.toContain(SECRET);
  });

  it("keeps a short excerpt of a non-JSON error body", async () => {
    server.answer((_r, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad Gateway</html>");
    });
    const err = await caught(client.request({ method: "GET", path: "/v1/Services" }));
    expect(err).toMatchObject({ status: 502, code: undefined, twilioMessage: "<html>Bad Gateway</html>", tries: 3 });
  });

  it("does not retry a 400 and says nothing about tries", async () => {
    server.answer(twilioError(400, 20001, "bad"));
    const err = await caught(client.request({ method: "POST", path: "/v1/Services", form: {} }));
    expect(server.received).toHaveLength(1);
    expect(err.tries).toBe(1);
    expect(err.message).not.toContain("tries");
  });

  it("retries 429, 500 and 503, then succeeds", async () => {
    server.answer(twilioError(429, 20429, "Too Many Requests", { "Retry-After": "0" }), twilioError(500, 20500, "x"), twilioError(503, 20503, "y"), json(200, { ok: true }));
    const client4 = new TwilioClient({
      baseUrl: server.url,
      uploadBaseUrl: server.url,
      username: USER,
      password: SECRET,
      retry: { maxTries: 4, baseDelayMs: 1, maxDelayMs: 5 },
    });
    await expect(client4.request({ method: "GET", path: "/v1/Services" })).resolves.toEqual({ ok: true });
    await client4.close();
    expect(server.received).toHaveLength(4);
  });

  it("halves its requests in flight after a burst of 429s, then grows back as answers succeed", async () => {
    server.answer(...Array.from({ length: 4 }, () => twilioError(429, 20429, "Too Many Requests")), json(200, { ok: true }));
    const four = new TwilioClient({ baseUrl: server.url, uploadBaseUrl: server.url, username: USER, password: SECRET, retry: { maxTries: 2, baseDelayMs: 1, maxDelayMs: 5 }, maxConcurrency: 4 });
    expect(four.concurrencyLimit).toBe(4);
    const answers = await Promise.all(Array.from({ length: 4 }, () => four.request({ method: "GET", path: "/v1/Services" })));
    await four.close();
    expect(answers).toEqual(Array.from({ length: 4 }, () => ({ ok: true })));
    expect(server.received).toHaveLength(8);
    // one cut for the burst (4 → 2), then one step up after two successes (2 → 3)
    expect(four.concurrencyLimit).toBe(3);
  });

  it("records Retry-After on the error it retries", async () => {
    server.answer(twilioError(429, 20429, "Too Many Requests", { "Retry-After": "2" }));
    const once = new TwilioClient({ baseUrl: server.url, uploadBaseUrl: server.url, username: USER, password: SECRET, retry: { maxTries: 1, baseDelayMs: 1, maxDelayMs: 5 } });
    const err = await caught(once.request({ method: "GET", path: "/v1/Services" }));
    await once.close();
    expect(err.retryAfterMs).toBe(2000);
    expect(isRetryable(err)).toBe(true);
  });

  it("retries a dropped connection", async () => {
    server.answer(drop, json(200, { ok: 1 }));
    await expect(client.request({ method: "POST", path: "/v1/Services", form: { A: "b" } })).resolves.toEqual({ ok: 1 });
    expect(server.received).toHaveLength(2);
    expect(server.received[1].body.toString()).toBe("A=b");
  });

  it("gives up after the last try and says how many tries were made", async () => {
    server.answer(twilioError(503, 20503, "Service Unavailable"));
    const err = await caught(client.request({ method: "GET", path: "/v1/Services/ZS1" }));
    expect(server.received).toHaveLength(3);
    expect(err).toMatchObject({ status: 503, tries: 3 });
    expect(err.message).toBe("HTTP 503, Twilio 20503: Service Unavailable (GET /v1/Services/ZS1) after 3 tries");
  });

  it("reports connections that keep dropping as a TwilioConnectionError without credentials", async () => {
    server.answer(drop);
    const err = await caught(client.request({ method: "GET", path: "/v1/Services" }));
    expect(err).toBeInstanceOf(TwilioConnectionError);
    expect(err).toMatchObject({ method: "GET", path: "/v1/Services", tries: 3 });
    expect(err.message).toMatch(/^Could not reach http:\/\/127\.0\.0\.1:\d+: \S+ .* \(GET \/v1\/Services\) after 3 tries$/);
    expect(err.message).not.toContain(SECRET);
  });

  it("fails every request after close, also when it made none before (its connections are made with the first)", async () => {
    server.answer(json(200, { ok: 1 }));
    await client.close();
    const err = await caught(client.request({ method: "GET", path: "/v1/Services" }));
    expect(err).toBeInstanceOf(TwilioConnectionError);
    expect(server.received).toHaveLength(0);
    await client.close(); // a second close is harmless
  });

  it("never has more requests in flight than maxConcurrency", async () => {
    server.answer((_r, res) => setTimeout(() => json(200, {})(_r, res, undefined as never), 20));
    await Promise.all(Array.from({ length: 8 }, () => client.request({ method: "GET", path: "/v1/Services" })));
    expect(server.received).toHaveLength(8);
    expect(server.maxInFlight()).toBeLessThanOrEqual(2);
  });

  it("sends an absolute URL from Twilio to the configured host only, keeping its path and query", async () => {
    server.answer(json(200, {}));
    await client.request({ method: "GET", path: "https://elsewhere.example.com/v1/Services?PageSize=2&Page=1&PageToken=PT1" });
    expect(server.received[0].path).toBe("/v1/Services?PageSize=2&Page=1&PageToken=PT1");
  });
});

describe("TwilioClient.upload", () => {
  let dir: string;
  beforeEach(() => (dir = tempDir("client-upload-")));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("streams a multipart body with the fields and the file part, to the upload host", async () => {
    const file = path.join(dir, "logo.png");
    const content = Buffer.alloc(300_000, 7);
    fs.writeFileSync(file, content);
    server.answer(json(201, { sid: "ZN1" }));
    const part = { field: "Content", filename: "logo.png", contentType: "image/png", size: content.length, open: () => fs.createReadStream(file) };
    await expect(client.upload("/v1/Services/ZS1/Assets/ZH1/Versions", { Path: "/logo.png", Visibility: "public" }, part)).resolves.toEqual({ sid: "ZN1" });
    const [r] = server.received;
    expect(r.path).toBe("/upload/v1/Services/ZS1/Assets/ZH1/Versions");
    expect(Number(r.headers["content-length"])).toBe(r.body.length);
    const parts = await parseMultipart(r);
    expect(parts.filter((p) => p.value !== undefined)).toEqual([
      { name: "Path", value: "/logo.png" },
      { name: "Visibility", value: "public" },
    ]);
    const filePart = parts.find((p) => p.name === "Content");
    expect(filePart).toMatchObject({ filename: "logo.png", mimeType: "image/png" });
    expect(filePart?.content?.equals(content)).toBe(true);
  });

  it("re-opens the file for every try, so a retried upload sends the whole content again", async () => {
    const file = path.join(dir, "a.txt");
    fs.writeFileSync(file, "hello upload");
    server.answer(twilioError(503, 20503, "busy"), drop, json(201, { sid: "ZN2" }));
    let opened = 0;
    const part = {
      field: "Content",
      filename: "a.txt",
      contentType: "text/plain",
      size: 12,
      open: () => {
        opened++;
        return fs.createReadStream(file);
      },
    };
    await expect(client.upload("/v1/x", { Path: "/a.txt", Visibility: "private" }, part)).resolves.toEqual({ sid: "ZN2" });
    expect(opened).toBe(3);
    const last = await parseMultipart(server.received[2]);
    expect(last.find((p) => p.name === "Content")?.content?.toString()).toBe("hello upload");
  });

  it("reports a file that cannot be read as the file's error, not the connection's, without retrying", async () => {
    let opened = 0;
    const part = { field: "Content", filename: "a", contentType: "text/plain", size: 1, open: () => (opened++, fs.createReadStream(path.join(dir, "missing"))) };
    const err = await caught(client.upload("/v1/x", { Path: "/a", Visibility: "public" }, part));
    expect(err).toMatchObject({ code: "ENOENT", syscall: "open" });
    expect(opened).toBe(1);
  });

  it("retries an upload whose connection is reset, mid-body or while it waits for the answer (not a file error)", async () => {
    const file = path.join(dir, "big.bin");
    const content = Buffer.alloc(300_000, 7);
    fs.writeFileSync(file, content);
    const part = { field: "Content", filename: "big.bin", contentType: "application/octet-stream", size: content.length, open: () => fs.createReadStream(file) };
    server.answer(json(201, { sid: "ZN3" }));
    for (const after of [150_000, Infinity]) {
      server.resetNextBodyAfter(after);
      await expect(client.upload("/v1/x", { Path: "/big.bin", Visibility: "public" }, part)).resolves.toEqual({ sid: "ZN3" });
    }
    // the resets are not recorded: each upload arrived whole on its second try
    expect(server.received).toHaveLength(2);
    for (const r of server.received) expect((await parseMultipart(r)).find((p) => p.name === "Content")?.content?.equals(content)).toBe(true);
  });

  it("uploads an empty file: a multipart part of 0 bytes with the right Content-Length", async () => {
    const file = path.join(dir, "empty.txt");
    fs.writeFileSync(file, "");
    server.answer(json(201, { sid: "ZN4" }));
    const part = { field: "Content", filename: "empty.txt", contentType: "text/plain", size: 0, open: () => fs.createReadStream(file) };
    await expect(client.upload("/v1/x", { Path: "/empty.txt", Visibility: "public" }, part)).resolves.toEqual({ sid: "ZN4" });
    const [r] = server.received;
    expect(Number(r.headers["content-length"])).toBe(r.body.length);
    const filePart = (await parseMultipart(r)).find((p) => p.name === "Content");
    expect(filePart).toMatchObject({ filename: "empty.txt" });
    expect(filePart?.content?.length).toBe(0);
  });

  it("looks up what a create whose connection dropped may have made, and takes it instead of posting again", async () => {
    server.answer(drop, json(201, { sid: "ZS-second" }));
    let looks = 0;
    const found = await client.request<{ sid: string }>({ method: "POST", path: "/v1/Services", form: { UniqueName: "x" } }, async () => {
      looks++;
      return { sid: "ZS-first" };
    });
    expect(found).toEqual({ sid: "ZS-first" });
    expect([looks, server.received.length]).toEqual([1, 1]);
  });

  it("says how many tries an upload took when it finally fails", async () => {
    server.answer(twilioError(500, 20500, "Internal Server Error"));
    const part = { field: "Content", filename: "a", contentType: "text/plain", size: 1, open: () => Buffer.from("a") };
    const err = await caught(client.upload("/v1/x", { Path: "/a", Visibility: "public" }, part));
    expect(err).toMatchObject({ status: 500, tries: 3, method: "POST", path: "/upload/v1/x" });
    expect(err.message).toContain("after 3 tries");
  });
});

describe("listAll", () => {
  const pageOf = (items: unknown[], next: string | null) => ({ items, meta: { key: "items", next_page_url: next } });

  it("follows next_page_url until it is null", async () => {
    server.answer(
      json(200, pageOf([1, 2], "https://serverless.twilio.com/v1/Things?PageSize=2&Page=1&PageToken=PT1")),
      json(200, pageOf([3, 4], `${"https://serverless.twilio.com"}/v1/Things?PageSize=2&Page=2&PageToken=PT2`)),
      json(200, pageOf([5], null)),
    );
    await expect(listAll<number>(client, "/v1/Things", "items", 2)).resolves.toEqual([1, 2, 3, 4, 5]);
    expect(server.received.map((r) => r.path)).toEqual([
      "/v1/Things?PageSize=2",
      "/v1/Things?PageSize=2&Page=1&PageToken=PT1",
      "/v1/Things?PageSize=2&Page=2&PageToken=PT2",
    ]);
  });

  it("fails when a later page fails, instead of returning a partial list", async () => {
    server.answer(json(200, pageOf([1], "/v1/Things?Page=1")), twilioError(500, 20500, "boom"));
    const err = await caught(listAll(client, "/v1/Things", "items"));
    expect(err).toMatchObject({ status: 500, tries: 3, path: "/v1/Things?Page=1" });
  });
});
