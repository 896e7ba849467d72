import * as pulumi from "@pulumi/pulumi";
import { reviewConfig } from "../../provider/src/stackConfig";

const OK_BASE = { "twilio:accountSid": "AC" + "1".repeat(32), "twilio:authToken": "hunter2" };

describe("stack config review (in the program, before anything is registered)", () => {
  it("warns about a near miss of one of our keys, naming both, and leaves other twilio: keys alone", () => {
    const review = reviewConfig(
      { ...OK_BASE, "twilio:serverlessBaseURL": "http://127.0.0.1:8787", "twilio:accountSID": "AC1", "twilio:region": "ie1", "acme:serverlessBaseURL": "x" },
      {},
    );
    expect(review).toEqual({
      warnings: [
        "Stack config twilio:accountSID is not a setting of pulumi-twilio-serverless and is ignored; did you mean twilio:accountSid?",
        "Stack config twilio:serverlessBaseURL is not a setting of pulumi-twilio-serverless and is ignored; did you mean twilio:serverlessBaseUrl?",
      ],
      errors: [],
    });
    expect(reviewConfig({ "twilio:maxTrys": "3" }, {}).warnings).toEqual([expect.stringContaining("did you mean twilio:maxTries?")]);
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
    const remote = { "twilio:serverlessUploadBaseUrl": "http://emulator:8787" };
    expect(reviewConfig(remote, {}).errors).toEqual([
      'Setting twilio:serverlessUploadBaseUrl (or TWILIO_SERVERLESS_UPLOAD_BASE_URL) is "http://emulator:8787/": plain http to a host other than this machine would send the Twilio credentials in clear text; use https, or set twilio:allowInsecureHttp to true for a host you trust (an emulator in docker-compose, say)',
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

  it("runs once in a program: warnings go to Pulumi's log, errors stop the program with a RunError", () => {
    jest.isolateModules(() => {
      const runtime = jest.requireActual<typeof pulumi>("@pulumi/pulumi");
      const warn = jest.spyOn(runtime.log, "warn").mockResolvedValue(undefined);
      runtime.runtime.setAllConfig({ "twilio:maxTries": "lots", "twilio:authTokn": "x" });
      const { checkStackConfig } = jest.requireActual<typeof import("../../provider/src/stackConfig")>("../../provider/src/stackConfig");
      let thrown: unknown;
      try {
        checkStackConfig();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(runtime.RunError);
      expect((thrown as Error).message).toBe('Setting twilio:maxTries (or TWILIO_SERVERLESS_MAX_TRIES) is "lots": expected a whole number of at least 1');
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("twilio:authTokn is not a setting of pulumi-twilio-serverless and is ignored; did you mean twilio:authToken?"));
      expect(() => checkStackConfig()).not.toThrow();
      runtime.runtime.setAllConfig({});
      warn.mockRestore();
    });
  });
});
