import * as pulumi from "@pulumi/pulumi";
import { resolveBaseUrls } from "../../provider/src/core/config";
import { reviewConfig } from "../../provider/src/core/stackConfig";

const OK_BASE = { "twilio:accountSid": "AC" + "1".repeat(32), "twilio:authToken": "hunter2" };

describe("stack config review (in the program, before anything is registered)", () => {
  it("fails on a near miss of one of our keys, naming both, and leaves other twilio: keys alone", () => {
    const review = reviewConfig(
      {
        ...OK_BASE,
        "twilio:serverlessBaseURL": "http://127.0.0.1:8787",
        "twilio:accountSID": "AC1",
        "twilio:region": "ie1",
        "twilio:username": "bridged-terraform-provider",
        "twilio:edge": "dublin",
        "acme:serverlessBaseURL": "x",
      },
      {},
    );
    expect(review).toEqual({
      errors: [
        "Stack config twilio:accountSID is not a setting of pulumi-twilio-serverless; did you mean twilio:accountSid? " +
          "Rename it (pulumi config get twilio:accountSID, then pulumi config rm twilio:accountSID and pulumi config set twilio:accountSid …, with --secret for a credential)",
        "Stack config twilio:serverlessBaseURL is not a setting of pulumi-twilio-serverless; did you mean twilio:serverlessBaseUrl? " +
          "Rename it (pulumi config get twilio:serverlessBaseURL, then pulumi config rm twilio:serverlessBaseURL and pulumi config set twilio:serverlessBaseUrl …, with --secret for a credential)",
      ],
      warnings: [],
    });
    // One or two characters off, in any case.
    for (const [typo, meant] of [
      ["twilio:maxTrys", "twilio:maxTries"],
      ["twilio:authTokn", "twilio:authToken"],
      ["twilio:serverlessUploadBaseURl", "twilio:serverlessUploadBaseUrl"],
      ["twilio:apikey", "twilio:apiKey"],
    ]) {
      expect(reviewConfig({ [typo]: "3" }, {}).errors).toEqual([expect.stringContaining(`twilio:${typo.slice(7)} is not a setting of pulumi-twilio-serverless; did you mean ${meant}?`)]);
    }
    // Three characters off is another tool's key.
    expect(reviewConfig({ "twilio:maxTriesXYZ": "3" }, {}).errors).toEqual([]);
  });

  it("sends uploads where the API goes when only a custom API URL is set, and refuses to split one account's requests", () => {
    expect(resolveBaseUrls(undefined, undefined)).toEqual({ baseUrl: "https://serverless.twilio.com", uploadBaseUrl: "https://serverless-upload.twilio.com" });
    expect(resolveBaseUrls("http://127.0.0.1:8787", undefined)).toEqual({ baseUrl: "http://127.0.0.1:8787", uploadBaseUrl: "http://127.0.0.1:8787" });
    expect(resolveBaseUrls("https://serverless.twilio.com", undefined)).toEqual({
      baseUrl: "https://serverless.twilio.com",
      uploadBaseUrl: "https://serverless-upload.twilio.com",
    });
    expect(resolveBaseUrls(undefined, "https://serverless-upload.twilio.com")).toEqual({
      baseUrl: "https://serverless.twilio.com",
      uploadBaseUrl: "https://serverless-upload.twilio.com",
    });
    expect(resolveBaseUrls("http://127.0.0.1:8787", "http://localhost:8787")).toEqual({ baseUrl: "http://127.0.0.1:8787", uploadBaseUrl: "http://localhost:8787" });

    expect(reviewConfig({ "twilio:serverlessUploadBaseUrl": "http://127.0.0.1:8787" }, {}).errors).toEqual([
      'Setting twilio:serverlessUploadBaseUrl (or TWILIO_SERVERLESS_UPLOAD_BASE_URL) is "http://127.0.0.1:8787/", but twilio:serverlessBaseUrl (or TWILIO_SERVERLESS_BASE_URL) is not set, ' +
        "so API calls would go to Twilio and uploads elsewhere, each with the account's credentials. " +
        "Set twilio:serverlessBaseUrl to the same host (the emulator's URL, say), or remove twilio:serverlessUploadBaseUrl",
    ]);
    const mixed = 'Setting twilio:serverlessBaseUrl (or TWILIO_SERVERLESS_BASE_URL) is "http://127.0.0.1:8787/" and twilio:serverlessUploadBaseUrl (or TWILIO_SERVERLESS_UPLOAD_BASE_URL) is "https://serverless-upload.twilio.com/": ' +
      "one is Twilio's and the other is not, so one account's requests would be split between two places. " +
      "Point both at Twilio or both at the emulator (with twilio:serverlessUploadBaseUrl unset, uploads go where twilio:serverlessBaseUrl points)";
    expect(reviewConfig({ "twilio:serverlessBaseUrl": "http://127.0.0.1:8787", "twilio:serverlessUploadBaseUrl": "https://serverless-upload.twilio.com" }, {}).errors).toEqual([mixed]);
    // The environment counts as config does.
    expect(reviewConfig({ "twilio:serverlessBaseUrl": "http://127.0.0.1:8787" }, { TWILIO_SERVERLESS_UPLOAD_BASE_URL: "https://serverless-upload.twilio.com" }).errors).toEqual([mixed]);
    expect(reviewConfig({}, { TWILIO_SERVERLESS_BASE_URL: "http://127.0.0.1:8787" }).errors).toEqual([]);
  });

  it("fails on a value of the wrong type or out of range, naming the key, the value and what is allowed", () => {
    expect(reviewConfig({ "twilio:maxTries": "lots", "twilio:buildPollMaxIntervalMs": "5", "twilio:serverlessBaseUrl": "not a url" }, {}).errors).toEqual([
      'Setting twilio:maxTries (or TWILIO_SERVERLESS_MAX_TRIES) is "lots": expected a whole number of at least 1',
      'Setting twilio:buildPollMaxIntervalMs (or TWILIO_SERVERLESS_BUILD_POLL_MAX_INTERVAL_MS) is "5": expected a number of at least 10',
      'Setting twilio:serverlessBaseUrl (or TWILIO_SERVERLESS_BASE_URL) is "not a url": expected an http(s) URL',
    ]);
    expect(reviewConfig({}, { TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS: "2.5" }).errors).toEqual([
      'Setting twilio:maxConcurrentRequests (or TWILIO_SERVERLESS_MAX_CONCURRENT_REQUESTS) is "2.5": expected a whole number of at least 1',
    ]);
    expect(reviewConfig({ "twilio:allowInsecureHttp": "yes" }, {}).errors).toEqual([
      'Setting twilio:allowInsecureHttp (or TWILIO_SERVERLESS_ALLOW_INSECURE_HTTP) is "yes": expected true or false',
    ]);
  });

  it("refuses plain http to another machine unless allowInsecureHttp is true, and never shows credentials", () => {
    const remote = { "twilio:serverlessBaseUrl": "http://emulator:8787", "twilio:serverlessUploadBaseUrl": "http://emulator:8787" };
    const insecure = (key: string, env: string) =>
      `Setting ${key} (or ${env}) is "http://emulator:8787/": plain http to a host other than this machine would send the Twilio credentials in clear text; use https, or set twilio:allowInsecureHttp to true for a host you trust (an emulator in docker-compose, say)`;
    expect(reviewConfig(remote, {}).errors).toEqual([
      insecure("twilio:serverlessBaseUrl", "TWILIO_SERVERLESS_BASE_URL"),
      insecure("twilio:serverlessUploadBaseUrl", "TWILIO_SERVERLESS_UPLOAD_BASE_URL"),
    ]);
    expect(reviewConfig({ ...remote, "twilio:allowInsecureHttp": "true" }, {}).errors).toEqual([]);
    expect(reviewConfig(remote, { TWILIO_SERVERLESS_ALLOW_INSECURE_HTTP: "true" }).errors).toEqual([]);
    for (const local of ["http://127.0.0.1:8787", "http://localhost:8787", "http://[::1]:8787", "https://serverless.example.com"]) {
      expect(reviewConfig({ "twilio:serverlessBaseUrl": local }, {}).errors).toEqual([]);
    }
    const withUserinfo = reviewConfig({ ...OK_BASE, "twilio:serverlessBaseUrl": "https://AC1:hunter2@example.com" }, {});
    expect(withUserinfo.errors).toHaveLength(1);
    expect(JSON.stringify(withUserinfo)).not.toContain("hunter2");
  });

  it("warns about a credential's secret kept in plain text, when Pulumi says which keys are secret", () => {
    const config = { "twilio:accountSid": "AC" + "1".repeat(32), "twilio:authToken": "hunter2", "twilio:apiKey": "SK1", "twilio:apiSecret": "s3cret" };
    expect(reviewConfig(config, {}, new Set(["twilio:apiSecret"])).warnings).toEqual([
      "Stack config twilio:authToken is stored in plain text in Pulumi.<stack>.yaml, which is usually committed: " +
        "set it again with pulumi config set --secret twilio:authToken … (and rotate it if the file was shared)",
    ]);
    expect(reviewConfig(config, {}, new Set(["twilio:authToken", "twilio:apiSecret"])).warnings).toEqual([]);
    expect(reviewConfig(config, {}).warnings).toEqual([]);
    expect(JSON.stringify(reviewConfig(config, {}, new Set()))).not.toMatch(/hunter2|s3cret/);
  });

  it("runs once in a program: its errors stop the program with one RunError, which Pulumi prints without a stack", () => {
    jest.isolateModules(() => {
      const runtime = jest.requireActual<typeof pulumi>("@pulumi/pulumi");
      runtime.runtime.setAllConfig({ "twilio:maxTries": "lots", "twilio:authTokn": "x" });
      const { checkStackConfig } = jest.requireActual<typeof import("../../provider/src/core/stackConfig")>("../../provider/src/core/stackConfig");
      let thrown: unknown;
      try {
        checkStackConfig();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(runtime.RunError);
      expect((thrown as Error).message.split("\n")).toEqual([
        expect.stringMatching(/^Stack config twilio:authTokn is not a setting of pulumi-twilio-serverless; did you mean twilio:authToken\?/),
        'Setting twilio:maxTries (or TWILIO_SERVERLESS_MAX_TRIES) is "lots": expected a whole number of at least 1',
      ]);
      expect(() => checkStackConfig()).not.toThrow();
      runtime.runtime.setAllConfig({});
    });
  });
});
