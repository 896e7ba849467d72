import { resolveCredentials } from "../../provider/src/core/credentials";
import { baseUrls, closeClient, configure, DEFAULT_MAX_CONCURRENT_REQUESTS, getClient, maxConcurrentRequests, retryPolicy } from "../../provider/src/core/settings";

const ACCOUNT = "AC00000000000000000000000000000001";
const configOf = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

afterEach(async () => {
  configure(configOf({}));
  await closeClient();
});

describe("resolveCredentials", () => {
  it("uses config's account SID and auth token", () => {
    expect(resolveCredentials({ accountSid: ACCOUNT, authToken: "t" }, {})).toEqual({
      username: ACCOUNT,
      password: "t",
      accountSid: ACCOUNT,
      settings: ["twilio:accountSid", "twilio:authToken"],
    });
  });

  it("names the settings the credentials came from, mixed sources included (names only, for messages)", () => {
    expect(resolveCredentials({}, { TWILIO_API_KEY: "SK1", TWILIO_API_SECRET: "s" }).settings).toEqual(["TWILIO_API_KEY", "TWILIO_API_SECRET"]);
    expect(resolveCredentials({ authToken: "t" }, { TWILIO_ACCOUNT_SID: ACCOUNT }).settings).toEqual(["TWILIO_ACCOUNT_SID", "twilio:authToken"]);
    expect(resolveCredentials({ accountSid: ACCOUNT }, { TWILIO_AUTH_TOKEN: "t" }).settings).toEqual(["twilio:accountSid", "TWILIO_AUTH_TOKEN"]);
  });

  it("prefers an API key to an auth token from the same source", () => {
    const c = resolveCredentials({ accountSid: ACCOUNT, authToken: "t", apiKey: "SK1", apiSecret: "s" }, {});
    expect(c).toMatchObject({ username: "SK1", password: "s" });
  });

  it("prefers complete config credentials to the environment", () => {
    const env = { TWILIO_API_KEY: "SKenv", TWILIO_API_SECRET: "envsecret" };
    expect(resolveCredentials({ accountSid: ACCOUNT, authToken: "t" }, env)).toMatchObject({ username: ACCOUNT, password: "t" });
  });

  it("falls back to the environment, treating empty values as unset", () => {
    const env = { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: "envtoken", TWILIO_API_KEY: "", TWILIO_API_SECRET: "" };
    expect(resolveCredentials({}, env)).toMatchObject({ username: ACCOUNT, password: "envtoken" });
  });

  it("pairs a config auth token with the environment's account SID", () => {
    expect(resolveCredentials({ authToken: "t" }, { TWILIO_ACCOUNT_SID: ACCOUNT })).toMatchObject({ username: ACCOUNT });
  });

  it("fails with one message naming every setting when there are none", () => {
    expect(() => resolveCredentials({ accountSid: ACCOUNT }, { TWILIO_API_KEY: "SK1" })).toThrow(
      "No Twilio credentials. Set stack config twilio:accountSid and twilio:authToken (pulumi config set --secret twilio:authToken …), " +
        "or twilio:apiKey and twilio:apiSecret; or the environment variables TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, " +
        "or TWILIO_API_KEY and TWILIO_API_SECRET.",
    );
  });
});

describe("settings", () => {
  it("reads stack config given to configure, with namespaced keys", () => {
    configure(configOf({ "twilio:maxTries": "7", "twilio:retryBaseDelayMs": "3" }));
    expect(retryPolicy({})).toMatchObject({ maxTries: 7, baseDelayMs: 3 });
  });

  it("falls back to environment variables read at call time", () => {
    expect(retryPolicy({ TWILIO_SERVERLESS_MAX_TRIES: "2" })).toMatchObject({ maxTries: 2 });
  });

  it("refuses a base URL that carries credentials, without repeating them", () => {
    configure(configOf({ "twilio:accountSid": ACCOUNT, "twilio:authToken": "t", "twilio:serverlessBaseUrl": "https://user:hunter2@example.com" }));
    expect(() => getClient({})).toThrow(/twilio:serverlessBaseUrl \(or TWILIO_SERVERLESS_BASE_URL\).*without credentials/);
    try {
      getClient({});
    } catch (err) {
      expect((err as Error).message).not.toContain("hunter2");
    }
  });

  it.each([
    ["unparseable", "https://user:hunter2@exa mple.com", 'is "…@exa mple.com": expected an http(s) URL'],
    ["without a scheme", "user:hunter2@example.com", 'is "…@example.com": expected an http(s) URL without credentials'],
    ["with another scheme", "ftp://user:hunter2@example.com", 'is "…@example.com": expected an http(s) URL without credentials'],
  ])("refuses a base URL that is %s, without repeating its credentials", (_case, url, reason) => {
    configure(configOf({ "twilio:accountSid": ACCOUNT, "twilio:authToken": "t", "twilio:serverlessBaseUrl": url }));
    let message = "";
    try {
      getClient({});
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(`Setting twilio:serverlessBaseUrl (or TWILIO_SERVERLESS_BASE_URL) ${reason}`);
    expect(message).not.toContain("hunter2");
  });

  it("keeps Twilio's own client's 10 requests in flight unless told otherwise, from config or the environment", () => {
    expect(maxConcurrentRequests({})).toBe(DEFAULT_MAX_CONCURRENT_REQUESTS);
    expect(DEFAULT_MAX_CONCURRENT_REQUESTS).toBe(25);
    expect(maxConcurrentRequests({ TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS: "24" })).toBe(24);
    configure(configOf({ "twilio:maxConcurrentRequests": "32" }));
    expect(maxConcurrentRequests({ TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS: "24" })).toBe(32);
  });

  it("refuses a request concurrency that is not a whole number of at least 1", () => {
    expect(() => maxConcurrentRequests({ TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS: "0" })).toThrow(
      'Setting twilio:maxConcurrentRequests (or TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS) is "0": expected a whole number of at least 1',
    );
    expect(() => maxConcurrentRequests({ TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS: "2.5" })).toThrow(
      'Setting twilio:maxConcurrentRequests (or TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS) is "2.5": expected a whole number of at least 1',
    );
  });

  it("refuses a setting that is not a number", () => {
    expect(() => retryPolicy({ TWILIO_SERVERLESS_MAX_TRIES: "many" })).toThrow(
      'Setting twilio:maxTries (or TWILIO_SERVERLESS_MAX_TRIES) is "many": expected a whole number of at least 1',
    );
  });

  it("keeps one client while the settings stay the same, and a new one when they change", () => {
    configure(configOf({ "twilio:accountSid": ACCOUNT, "twilio:authToken": "t" }));
    const first = getClient({});
    expect(getClient({})).toBe(first);
    configure(configOf({ "twilio:accountSid": ACCOUNT, "twilio:authToken": "rotated" }));
    const rotated = getClient({});
    expect(rotated).not.toBe(first);
    expect(getClient({ TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS: "20" })).not.toBe(rotated);
  });

  it("sends uploads to a custom API URL when the upload URL is unset, and refuses a split between Twilio and another host", () => {
    configure(configOf({ "twilio:serverlessBaseUrl": "http://127.0.0.1:8787" }));
    expect(baseUrls({})).toEqual({ baseUrl: "http://127.0.0.1:8787", uploadBaseUrl: "http://127.0.0.1:8787" });
    configure(configOf({}));
    expect(baseUrls({ TWILIO_SERVERLESS_BASE_URL: "http://127.0.0.1:8787" })).toEqual({ baseUrl: "http://127.0.0.1:8787", uploadBaseUrl: "http://127.0.0.1:8787" });
    configure(configOf({ "twilio:accountSid": ACCOUNT, "twilio:authToken": "t", "twilio:serverlessUploadBaseUrl": "http://127.0.0.1:8787" }));
    expect(() => getClient({})).toThrow(/^Setting twilio:serverlessUploadBaseUrl .* but twilio:serverlessBaseUrl .* is not set/);
  });

  it("reports missing credentials from getClient", () => {
    expect(() => getClient({})).toThrow(/^No Twilio credentials\./);
  });
});
