/**
 * The live suite's transcripts and parity report (test/live), without the engine: how requests
 * are reduced to templates, keys and placeholders, and what the comparison counts, lists or
 * only summarizes.
 */
import { compareTranscripts, formatReport } from "../live/compare";
import { entryOf } from "../live/recorder";
import { canonicalOrder, collapse, type Entry, keyTypes, labelObjects, nameIn, normalizeText, objectKey, pathTemplate, type Transcript } from "../live/transcript";

const SID = (prefix: string) => `${prefix}${"0123456789abcdef".repeat(2)}`;

function transcript(entries: Entry[]): Transcript {
  return { scenario: "s", description: "", target: "t", entries };
}

const api = (step: string, method: string, path: string, status: number | string, extra: Partial<Entry> = {}): Entry => ({ step, via: "api", method, path, status, ...extra });

describe("transcript entries", () => {
  it("templates SIDs and unique names by the collection before them, and keeps only the query's names", () => {
    expect(pathTemplate(`/v1/Services/${SID("ZS")}/Builds/${SID("ZB")}/Status`)).toBe("/v1/Services/{ServiceSid}/Builds/{BuildSid}/Status");
    expect(pathTemplate(`/v1/Services/${SID("ZS")}/Assets/${SID("ZH")}/Versions?PageSize=1000&PageToken=PT1&PageSize=5`)).toBe(
      "/v1/Services/{ServiceSid}/Assets/{AssetSid}/Versions?PageSize&PageToken",
    );
    expect(pathTemplate("/v1/Services/my-service")).toBe("/v1/Services/{ServiceName}");
  });

  it("lists every key with its type, nested ones dotted, array elements as [] with the types of all elements joined", () => {
    expect(keyTypes({ sid: "ZS1", links: { a: "u" }, list: [{ x: 1 }, { x: null }], empty: [], n: null })).toEqual({
      sid: "string",
      links: "object",
      "links.a": "string",
      list: "array",
      "list[]": "object",
      "list[].x": "null|number",
      empty: "array",
      n: "null",
    });
  });

  it("keeps an error's code and normalized message, a build's status, and no value of anything else", () => {
    const error = entryOf("deploy", "api", "POST", `/v1/Services/${SID("ZS")}/Builds`, 400, { code: 20001, message: `Build of ${SID("ZS")} on ptslive-abc-1234-site-1234-dev.twil.io`, more_info: "u", status: 400 }, "ptslive-abc-1234-");
    expect(error).toEqual({
      step: "deploy",
      via: "api",
      method: "POST",
      path: "/v1/Services/{ServiceSid}/Builds",
      status: 400,
      code: 20001,
      message: "Build of {ZS} on {domain}",
      keys: { code: "number", message: "string", more_info: "string", status: "number" },
    });
    const secret = "s3cr3t-value";
    const build = entryOf("deploy", "api", "GET", `/v1/Services/${SID("ZS")}/Builds/${SID("ZB")}`, 200, { sid: SID("ZB"), status: "completed", value: secret }, "");
    expect(build.values).toEqual({ status: "completed" });
    expect(JSON.stringify(build)).not.toContain(secret);
    expect(JSON.stringify(build)).not.toContain(SID("ZB"));
  });

  it("normalizes SIDs, domains, the run's prefix, API hosts, dates and the engine's folders in text", () => {
    const text = `ptslive-abc-1234-site in ${SID("AC")} at https://serverless.twilio.com/v1 and http://127.0.0.1:4567/v1 on 2024-05-01T10:00:00Z in /work/x/.work/engine/1-a-0/program/index.ts`;
    expect(normalizeText(text, "ptslive-abc-1234-")).toBe("{prefix}site in {AC} at {api}/v1 and {api}/v1 on {date} in {dir}");
  });

  it("names the object each request concerns by the name its answer gave, a list by the create that follows it, and keeps no SID", () => {
    const [zs, ze, zh, zb] = [SID("ZS"), SID("ZE"), SID("ZH"), SID("ZB")];
    const made = (method: string, path: string, status: number, answer?: Record<string, unknown>) => ({
      entry: api("deploy", method, pathTemplate(path), status),
      key: objectKey(method, path, status, answer?.sid),
      name: nameIn(answer),
    });
    const labelled = labelObjects(
      [
        made("GET", "/v1/Services?PageSize=1000", 200),
        made("POST", "/v1/Services", 201, { sid: zs, unique_name: "ptslive-abc-1234-site", friendly_name: "Site" }),
        made("GET", `/v1/Services/${zs}/Environments?PageSize=1000`, 200),
        made("POST", `/v1/Services/${zs}/Environments`, 201, { sid: ze, unique_name: "dev" }),
        made("POST", `/v1/Services/${zs}/Environments/${ze}/Variables`, 201, { sid: SID("ZV"), key: "GREETING" }),
        made("POST", `/v1/Services/${zs}/Functions`, 201, { sid: zh, friendly_name: "greeting" }),
        made("POST", `/v1/Services/${zs}/Functions/${zh}/Versions`, 201, { sid: SID("ZN"), path: "/greeting" }),
        made("GET", `/v1/Services/${zs}/Builds?PageSize=1000`, 200),
        made("POST", `/v1/Services/${zs}/Builds`, 400),
        made("GET", `/v1/Services/${zs}/Builds/${zb}/Status`, 200, { sid: zb, status: "completed" }),
        made("GET", `/v1/Services/${zs}`, 200, { sid: zs, unique_name: "ptslive-abc-1234-site" }),
      ],
      "ptslive-abc-1234-",
    );
    expect(labelled.map((e) => e.object)).toEqual([
      "Service {prefix}site",
      "Service {prefix}site",
      "Environment dev",
      "Environment dev",
      "Environment dev",
      "Function greeting",
      "Function greeting",
      // A lookup before a create that Twilio refused belongs to that create; Builds have no name.
      "Build #1",
      "Build #1",
      "Build #2",
      "Service {prefix}site",
    ]);
    expect(JSON.stringify(labelled)).not.toMatch(/[A-Z]{2}[0-9a-f]{32}|ptslive/);
  });

  it("collapses runs of the same GET with the same answer into one entry with a count, never other methods", () => {
    const poll = api("deploy", "GET", "/b", 200, { values: { status: "building" } });
    const post = api("deploy", "POST", "/u", 201);
    expect(collapse([poll, poll, poll, post, post])).toEqual([{ ...poll, count: 3 }, post, post]);
  });
});

describe("the parity report", () => {
  const building = api("deploy", "GET", "/v1/Services/{ServiceSid}/Builds/{BuildSid}/Status", 200, { values: { status: "building" } });
  const completed = { ...building, values: { status: "completed" } };
  const create = api("deploy", "POST", "/v1/Services", 201, { keys: { sid: "string" } });
  const list = api("deploy", "GET", "/v1/Services?PageSize", 200, { keys: { services: "array" } });

  it("counts nothing that differs only by timing: polls of a building build, and how often a GET repeated", () => {
    const emulator = transcript([create, { ...building, count: 2 }, completed, { ...list, count: 1 }]);
    const run = transcript([create, { ...building, count: 30 }, completed, { ...list, count: 3 }]);
    const c = compareTranscripts([emulator], [run]);
    expect(c.differences).toEqual([]);
    expect(c.timing).toEqual({ waits: { emulator: 2, run: 30 }, repeats: [{ scenario: "s", request: "GET /v1/Services?PageSize", emulator: 1, run: 3 }] });
    expect(formatReport(c, { run: "r", emulator: "e" })).toContain("**0 differences.**");
    // A build that never waited on one side is timing too.
    expect(compareTranscripts([transcript([create, completed, list])], [run]).differences).toEqual([]);
  });

  it("reports a status difference once, with both codes, and not the keys and code that follow from it", () => {
    const refused = api("deploy", "POST", "/v1/Services", 409, { code: 20409, message: "taken", keys: { code: "number", message: "string" } });
    const c = compareTranscripts([transcript([refused])], [transcript([create])]);
    expect(c.differences).toEqual([{ scenario: "s", kind: "status", step: "deploy", request: "POST /v1/Services", emulator: "409 20409 (taken)", run: "201" }]);
  });

  it("reports each changed error code, key and value", () => {
    const emulator = transcript([{ ...create, status: 400, code: 20001, keys: { code: "number", a: "string" } }, completed]);
    const run = transcript([{ ...create, status: 400, code: 20002, keys: { code: "number", a: "null", b: "string" } }, { ...completed, values: { status: "failed" } }]);
    const kinds = compareTranscripts([emulator], [run]).differences.map((d) => [d.kind, d.emulator, d.run]);
    expect(kinds).toEqual([
      ["error code", "20001", "20002"],
      ["keys", "a: string", "a: null"],
      ["keys", "no b", "b: string"],
      ["value", "status: completed", "status: failed"],
    ]);
  });

  it("reports a request made elsewhere as an order difference, and one made or not made as a count difference", () => {
    const del = api("destroy", "DELETE", "/v1/Services/{ServiceSid}", 204);
    const delEnv = api("destroy", "DELETE", "/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}", 204);
    const upload = { ...create, via: "upload" as const, path: "/v1/Services/{ServiceSid}/Assets/{AssetSid}/Versions" };
    const c = compareTranscripts([transcript([create, delEnv, del])], [transcript([create, upload, del, delEnv])]);
    expect(c.differences.map((d) => [d.kind, d.request, d.emulator, d.run])).toEqual([
      ["order", "DELETE /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}", "destroy: request 1 of 2", "destroy: request 2 of 2"],
      ["count", "upload POST /v1/Services/{ServiceSid}/Assets/{AssetSid}/Versions", "not made", "201"],
    ]);
    const report = formatReport(c, { run: "r", emulator: "e" });
    expect(report).toContain("**2 differences**: 1 in order, 1 in count.");
    expect(report).toContain("| destroy | `DELETE /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}` | order | destroy: request 1 of 2 | destroy: request 2 of 2 |");
  });

  it("compares the order of each object's requests, not the order in which the engine took independent objects", () => {
    const fn = (method: string, path: string) => api("deploy", method, path, 201, { object: "Function 1" });
    const env = (method: string, path: string) => api("deploy", method, path, 201, { object: "Environment 1" });
    const up = api("deploy", "up", "program", "succeeded", { via: "engine" });
    const functionFirst = [fn("POST", "/f"), fn("POST", "/f/v"), env("POST", "/e"), env("POST", "/e/d"), up];
    const environmentFirst = [env("POST", "/e"), env("POST", "/e/d"), fn("POST", "/f"), fn("POST", "/f/v"), up];
    expect(canonicalOrder(functionFirst)).toEqual(canonicalOrder(environmentFirst));
    expect(canonicalOrder(canonicalOrder(environmentFirst))).toEqual(canonicalOrder(environmentFirst));
    // Objects without a name are numbered in that order, whatever numbers the recording gave them.
    const builds = (first: string, second: string) => [
      api("deploy", "POST", "/a", 201, { object: first }),
      api("deploy", "upload", "/a/v", 201, { object: first }),
      api("deploy", "POST", "/a", 201, { object: second }),
      api("deploy", "upload", "/a/v", 500, { object: second }),
    ];
    expect(canonicalOrder(builds("Build #1", "Build #2"))).toEqual(canonicalOrder(builds("Build #2", "Build #1")));
    // Named objects alike in one step come in the order of their names.
    const edited = (first: string, second: string) => [
      api("deploy", "POST", "/a", 201, { object: first }),
      api("deploy", "POST", "/a", 201, { object: second }),
      api("edit", "upload", "/a/v", 201, { object: "Asset B" }),
    ];
    expect(canonicalOrder(edited("Asset A", "Asset B"))).toEqual(canonicalOrder(edited("Asset B", "Asset A")));
    expect(compareTranscripts([transcript(functionFirst)], [transcript(environmentFirst)]).differences).toEqual([]);
    // Within one object, the order counts.
    const swapped = [env("POST", "/e/d"), env("POST", "/e"), fn("POST", "/f"), fn("POST", "/f/v"), up];
    expect(compareTranscripts([transcript(functionFirst)], [transcript(swapped)]).differences.map((d) => [d.kind, d.run])).toEqual([["order", "Environment 1: request 2 of 2"]]);
  });

  it("does not compare a request the run could not make (signed, with an API key only), and says so", () => {
    const signed = api("fetch", "GET", "/audio/welcome.mp3", 200, { via: "site", values: { signed: "yes", contentType: "audio/mpeg" } });
    const c = compareTranscripts([transcript([signed])], [transcript([{ ...signed, status: "not made", values: undefined, message: "no auth token" }])]);
    expect(c.differences).toEqual([]);
    expect(c.notMade).toEqual(["s: site GET /audio/welcome.mp3"]);
    expect(formatReport(c, { run: "r", emulator: "e" })).toContain("Not made by the run, not compared: `s: site GET /audio/welcome.mp3`");
  });

  it("reports a scenario the emulator has no transcript of", () => {
    const c = compareTranscripts([], [transcript([create])]);
    expect(c.differences.map((d) => d.kind)).toEqual(["scenario"]);
  });
});
