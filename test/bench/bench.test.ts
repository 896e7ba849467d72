/**
 * The benchmark's machinery at a tiny size (`npm run bench` with 20 files, one latency, one
 * repetition, Pulumi's default settings): our two layouts (the default, every file in one
 * AssetBundle, and `pulumi-per-file`, a resource per file) and the toolkit run every
 * scenario against the emulator, the floor (an empty program) is measured beside them, the report
 * has a row per scenario and tool, and our no-change previews upload nothing. Functional assertions only: the
 * figures themselves are the benchmark's business, never a test's.
 * Runs the built benchmark (dist/bench/run.js), like the engine tests run the built provider.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import type { BenchReport } from "../../bench/lib/report";
import { chainInputs, summarize, summarizeFloors } from "../../bench/lib/report";
import { REPO_ROOT } from "../../scripts/pulumiCli";
import { tempDir } from "../helpers/common";

const FILES = 21; // 20 small and 1 large
/** Per file an Asset and an AssetVersion; plus the stack, the Service, the AssetFolder, its Environment, Build, Deployment and BuildCleanup. */
const PER_FILE_RESOURCES = 2 * FILES + 7;
/** The default layout: every file in one AssetBundle, plus the AssetCleanup after the Deployment. */
const RESOURCES = 9;

describe("npm run bench at a tiny size", () => {
  let report: BenchReport;
  let printed: string;
  let dir: string | undefined;

  beforeAll(async () => {
    dir = tempDir("bench-smoke-");
    const json = path.join(dir, "report.json");
    const args = ["dist/bench/run.js", "--files", "20", "--large", "1", "--latency", "0", "--reps", "1", "--build-ms", "100", "--tools", "pulumi,pulumi-per-file,toolkit", "--json", json];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
    printed = stdout;
    report = JSON.parse(fs.readFileSync(json, "utf8")) as BenchReport;
  }, 300_000);

  // Also when the run fails: the report's directory is ours to remove.
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("measures every scenario for every tool", () => {
    const rows = summarize(report.runs).map((r) => `${r.scenario} ${r.tool}`);
    expect(rows).toEqual([1, 2, 3].flatMap((s) => [`${s} pulumi`, `${s} pulumi-per-file`, `${s} toolkit`]));
    expect(report.dataset.files).toBe(FILES);
  });

  it("prints one table row per scenario and tool, with the ratio on ours", () => {
    expect(printed).toContain("Latency 0 ms per request");
    // Pulumi as it comes: no setting of ours, none marked unsafe.
    expect(printed).toMatch(/^Pulumi settings: Pulumi's defaults \(checkpoints on/m);
    expect(printed).not.toContain("UNSAFE");
    for (const title of ["1 first deploy", "2 one file edited", "3 no change"]) {
      const line = printed.split("\n").find((l) => l.startsWith(title));
      expect(line).toMatch(/ pulumi /);
      expect(line).toMatch(/\d+\.\d\d$/);
    }
    expect(printed.split("\n").filter((l) => /^\s+pulumi-per-file .*\d+\.\d\d$/.test(l))).toHaveLength(3);
    expect(printed.split("\n").filter((l) => /^\s+toolkit /.test(l))).toHaveLength(3);
    expect(printed.split("\n").filter((l) => /^ {2}[✓✗] pulumi(-per-file)?: /.test(l))).toHaveLength(6);
  });

  it("measures the floor, an empty program, in the same run and prints our time over it", () => {
    expect(report.floors).toHaveLength(1);
    const [floor] = report.floors!;
    expect(floor.upMs).toBeGreaterThan(0);
    expect(floor.previewMs).toBeGreaterThan(0);
    expect(floor.previewCpuSeconds).toBeGreaterThan(0);
    expect(floor.programPeakMb).toBeGreaterThan(0);
    expect(printed).toMatch(/^Floor: empty program preview \d+\.\d s \(CPU \d+\.\d s\), up \d+\.\d s \(CPU \d+\.\d s\) \(1 run\); request chain at 0 ms/m);
    expect(printed).toMatch(/; the empty program's peak RSS \d+ MB$/m);
    const rows = summarize(report.runs, summarizeFloors(report.floors!), chainInputs(report)).filter((r) => r.tool !== "toolkit");
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(r.overFloor).toBeCloseTo(r.medianMs / r.floorMs!);
    expect(rows.find((r) => r.scenario === 3)!.floorMs).toBe(floor.previewMs);
  });

  it("uploads everything on the first deploy, for every tool", () => {
    for (const tool of ["pulumi", "pulumi-per-file", "toolkit"]) {
      const run = report.runs.find((r) => r.scenario === 1 && r.tool === tool)!;
      expect(run.uploads).toBe(FILES);
    }
  });

  it("uploads one file for the edit with Pulumi, all of them with the toolkit", () => {
    const ours = report.runs.find((r) => r.scenario === 2 && r.tool === "pulumi")!;
    const theirs = report.runs.find((r) => r.scenario === 2 && r.tool === "toolkit")!;
    expect(ours.uploads).toBe(1);
    // The bundle and the BuildCleanup updated, the Build and the Deployment replaced; the AssetCleanup has nothing to delete.
    expect(ours.changes).toEqual({ update: 2, replace: 2, same: RESOURCES - 4 });
    expect(theirs.uploads).toBe(FILES);
    const perFile = report.runs.find((r) => r.scenario === 2 && r.tool === "pulumi-per-file")!;
    expect(perFile.uploads).toBe(1);
    // The file's AssetVersion, the Build and the Deployment replaced, the BuildCleanup updated.
    expect(perFile.changes).toEqual({ replace: 3, update: 1, same: PER_FILE_RESOURCES - 4 });
  });

  it("makes zero uploads (and no request at all) in our no-change previews", () => {
    const ours = report.runs.find((r) => r.scenario === 3 && r.tool === "pulumi")!;
    expect(ours.uploads).toBe(0);
    expect(ours.requests).toBe(0);
    expect(ours.changes).toEqual({ same: RESOURCES });
    const perFile = report.runs.find((r) => r.scenario === 3 && r.tool === "pulumi-per-file")!;
    expect(perFile.uploads).toBe(0);
    expect(perFile.requests).toBe(0);
    expect(perFile.changes).toEqual({ same: PER_FILE_RESOURCES });
  });

  it("records the peak memory of each Pulumi process and the state size", () => {
    const ours = report.runs.find((r) => r.scenario === 1 && r.tool === "pulumi")!;
    const roles = ours.peaks.map((p) => p.role);
    expect(roles).toEqual(expect.arrayContaining(["pulumi", "langhost", "program", "provider"]));
    // the state also holds the default pulumi-nodejs provider
    expect(ours.stateResources).toBe(RESOURCES + 1);
    expect(ours.stateBytes).toBeGreaterThan(0);
    const theirs = report.runs.find((r) => r.scenario === 1 && r.tool === "toolkit")!;
    expect(theirs.peaks.map((p) => p.role)).toContain("toolkit");
  });
});
