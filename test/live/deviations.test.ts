/**
 * `--compare` finds what differs: a scenario of the live suite against an emulator with three
 * deliberate deviations (a changed error code, an extra response key, an error path answered
 * 200), compared with the committed transcripts, give a report of exactly those three. Needs
 * `npm run build` and the Pulumi CLI.
 */
import type { Deviation, RunningEmulator } from "../../emulator/src";
import { compareTranscripts, formatReport } from "./compare";
import { emulatorTarget, startTranscriptEmulator } from "./emulatorTarget";
import { runSuite, type SuiteResult } from "./suite";
import { EMULATOR_TRANSCRIPTS, readTranscripts } from "./transcript";

const TIMEOUT = 6 * 60 * 1000;

const DEVIATIONS: Deviation[] = [
  // The first refused build (a dependency npm does not have) gets another code.
  { method: "POST", path: "/v1/Services/*/Builds", whenStatus: 400, code: 20002, times: 1 },
  // A created Variable's answer has one key more.
  { method: "POST", path: "/v1/Services/*/Environments/*/Variables", addKey: "deviation_key" },
  // The environment that has nothing deployed answers 200 where it is 404.
  { method: "GET", path: "/hello", site: true, whenStatus: 404, status: 200 },
];

let emulator: RunningEmulator;
let result: SuiteResult;

beforeAll(async () => {
  emulator = await startTranscriptEmulator(DEVIATIONS);
  result = await runSuite({ target: emulatorTarget(emulator), scenarios: ["failing-build"], maxRequests: 200, maxMinutes: 10 });
}, TIMEOUT);

afterAll(async () => {
  await emulator?.close();
});

describe("the parity report against an emulator with three deliberate deviations", () => {
  it("reports exactly the three, and nothing else", () => {
    const comparison = compareTranscripts(readTranscripts(EMULATOR_TRANSCRIPTS), result.transcripts);
    // In the report's order: step by step, and within a step object by object (the Environment's Variable before the Build).
    expect(comparison.differences.map(({ scenario, kind, step, request, emulator: before, run }) => ({ scenario, kind, step, request, before, run }))).toEqual([
      {
        scenario: "failing-build",
        kind: "keys",
        step: "unknown package",
        request: "POST /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables",
        before: "no deviation_key",
        run: "deviation_key: string",
      },
      {
        scenario: "failing-build",
        kind: "error code",
        step: "unknown package",
        request: "POST /v1/Services/{ServiceSid}/Builds",
        before: expect.stringMatching(/^20001 \(Some dependencies could not be validated/),
        run: expect.stringMatching(/^20002 \(Some dependencies could not be validated/),
      },
      {
        scenario: "failing-build",
        kind: "status",
        step: "fetch undeployed",
        request: "site GET /hello",
        before: "404",
        run: "200",
      },
    ]);
    const report = formatReport(comparison, { run: "deviations", emulator: "test/live/transcripts" });
    expect(report).toContain("**3 differences**: 1 in status, 1 in error code, 1 in keys.");
    expect(report).toContain("| fetch undeployed | `site GET /hello` | status | 404 | 200 |");
    expect(report).toContain("### failing-build");
  });

  it("notes the one expectation the deviations broke: a 404 answered 200", () => {
    expect(result.problems).toEqual(["failing-build: fetch undeployed: /hello answered 200, expected 404"]);
  });
});
