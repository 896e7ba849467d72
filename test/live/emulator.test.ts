/**
 * The live suite as CI runs it: every scenario against the emulator, through the same code as a
 * run against Twilio (the recording proxy, the engine, the sweeps), then `--compare` against the
 * committed transcripts: 0 differences. Regenerate them after an emulator change with
 * `npm run test:live -- --record-emulator`. Needs `npm run build` and the Pulumi CLI.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator/src";
import { REPO_ROOT } from "../helpers/engine";
import { compareTranscripts, formatReport } from "./compare";
import { emulatorTarget, startTranscriptEmulator } from "./emulatorTarget";
import { SCENARIOS } from "./scenarios";
import { runSuite, type SuiteResult } from "./suite";
import { EMULATOR_TRANSCRIPTS, readTranscripts } from "./transcript";

const TIMEOUT = 10 * 60 * 1000;

let emulator: RunningEmulator;
let result: SuiteResult;

beforeAll(async () => {
  emulator = await startTranscriptEmulator();
  result = await runSuite({ target: emulatorTarget(emulator), maxRequests: 1500, maxMinutes: 30 });
}, TIMEOUT);

afterAll(async () => {
  await emulator?.close();
});

describe("the live suite against the emulator", () => {
  it("runs every scenario to its end, meets every expectation, and leaves nothing behind", () => {
    expect(result.problems).toEqual([]);
    expect(result.stopped).toBeUndefined();
    expect(result.transcripts.map((t) => t.scenario)).toEqual(SCENARIOS.map((s) => s.name));
    // Each scenario destroyed its stack: the run's own sweep found nothing left.
    expect(result.after).toEqual({ deleted: [], left: [], failed: [] });
    expect(Object.values(emulator.inventory()).every((n) => n === 0)).toBe(true);
  });

  it("records the engine's outcome, the API's requests and the site's answers of each scenario", () => {
    for (const t of result.transcripts) {
      const vias = new Set(t.entries.map((e) => e.via));
      expect([t.scenario, vias.has("engine"), vias.has("api")]).toEqual([t.scenario, true, true]);
    }
    const entries = (name: string) => result.transcripts.find((t) => t.scenario === name)!.entries;
    // A nonexistent dependency is refused at CreateBuild, and the user reads Twilio's code and words.
    const failed = entries("failing-build").filter((e) => e.via === "engine" && e.method === "up");
    expect(failed.map((e) => e.status)).toEqual(["failed", "failed"]);
    expect(failed[0].message).toMatch(/^error: .*Twilio 20001: Some dependencies could not be validated\. pulumi-twilio-serverless-live-no-such-package@1\.0\.0/);
    // Each step's message is its own, not the one before it too.
    expect(failed[1].message).toMatch(/^error: .*Twilio 20001: Some dependencies could not be validated\..*lodash@4\.17\.21-no-such-version/);
    expect(failed[1].message).not.toContain("no-such-package");
    // The protected file, unsigned then signed, and the private one.
    expect(entries("site-files").filter((e) => e.via === "site" && e.path !== "/greeting" && e.status !== 200).map((e) => [e.path, e.status])).toEqual([
      ["/audio/welcome.mp3", 403],
      ["/config/settings.json", 404],
      ["/notes.txt", 404],
    ]);
  });

  it("compares with the committed emulator transcripts: 0 differences", () => {
    const comparison = compareTranscripts(readTranscripts(EMULATOR_TRANSCRIPTS), result.transcripts);
    expect(comparison.differences).toEqual([]);
    expect(formatReport(comparison, { run: "CI", emulator: "test/live/transcripts" })).toContain("**0 differences.**");
  });

  it("keeps no credential, SID, domain, run prefix or file content in a transcript", () => {
    const text = JSON.stringify(result.transcripts);
    expect(text).not.toContain(emulator.authToken);
    expect(text).not.toMatch(/\b[A-Z]{2}[0-9a-f]{32}\b/);
    expect(text).not.toMatch(/twil\.io|127\.0\.0\.1/);
    expect(text).not.toContain(result.prefix);
    const site = path.join(REPO_ROOT, "examples", "static-site", "site");
    for (const file of ["about.html", "config/settings.private.json", "robots.txt"]) {
      const line = fs.readFileSync(path.join(site, file), "utf8").split("\n").find((l) => l.trim().length > 12)!.trim();
      expect([file, text.includes(line)]).toEqual([file, false]);
    }
  });
});
