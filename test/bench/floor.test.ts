/**
 * The benchmark's floor row: the request chain's arithmetic, the floor's medians, our time over the
 * floor on each row, issue 27's targets and how the report prints them. Pure functions on made-up
 * records (no CLI, no emulator): the figures themselves are the benchmark's business.
 */
import {
  type BenchReport,
  floorMs,
  formatReport,
  requestChainMs,
  type RunRecord,
  type ScenarioId,
  summarize,
  summarizeFloors,
  targets,
  type Tool,
} from "../../bench/lib/report";

function run(scenario: ScenarioId, tool: Tool, wallMs: number, requests = 0, latencyMs = 200): RunRecord {
  return { latencyMs, scenario, tool, rep: 1, wallMs, requests, writes: 0, uploads: 0, uploadBytes: 0, byOperation: {}, peaks: [] };
}

function report(runs: RunRecord[], small: number, floors: BenchReport["floors"]): BenchReport {
  return {
    node: "v20",
    cpus: 2,
    loadAverage: { start: 1, end: 1 },
    pulumiVersion: "v3",
    toolkitVersion: "5",
    dataset: { files: small, small, large: 0, totalBytes: 1e6, protected: 0, private: 0 },
    reps: 1,
    buildDurationMs: 1000,
    pulumiEnv: {},
    pulumiArgs: [],
    runs,
    floors,
  };
}

describe("the request chain", () => {
  it("is upload, build, a status after the build's end, deployment for one edited file", () => {
    expect(requestChainMs(2, 200, 1000, 20, 25)).toBe(3 * 200 + 1000);
    // A build shorter than a request still needs a status request of its own.
    expect(requestChainMs(2, 200, 50, 20, 25)).toBe(4 * 200);
    expect(requestChainMs(2, 0, 1000, 20, 25)).toBe(1000);
  });

  it("adds the Service and the Assets and versions, requests in flight at a time, for a first deploy", () => {
    // 20 files, 25 in flight: two rounds (an Asset, then its version).
    expect(requestChainMs(1, 200, 1000, 20, 25)).toBe(200 * (1 + 2 + 2) + 1000);
    // 1,003 files: 2,006 requests, 25 at a time: 81 rounds.
    expect(requestChainMs(1, 200, 1000, 1003, 25)).toBe(200 * (1 + 81 + 2) + 1000);
    expect(requestChainMs(1, 200, 1000, 1003, 10)).toBe(200 * (1 + 201 + 2) + 1000);
  });

  it("is nothing for a preview", () => {
    expect(requestChainMs(3, 200, 1000, 1003, 25)).toBe(0);
  });
});

describe("the floor", () => {
  const floors = summarizeFloors([
    { latencyMs: 200, rep: 1, previewMs: 3000, upMs: 3400 },
    { latencyMs: 200, rep: 2, previewMs: 2600, upMs: 3000 },
    { latencyMs: 200, rep: 3, previewMs: 2800, upMs: 5000 },
    { latencyMs: 0, rep: 1, previewMs: 2000, upMs: 2200 },
  ]);

  it("takes the median of each latency's repetitions", () => {
    expect(floors).toEqual([
      { latencyMs: 0, reps: 1, previewMs: 2000, upMs: 2200 },
      { latencyMs: 200, reps: 3, previewMs: 2800, upMs: 3400 },
    ]);
  });

  it("takes the median of the CPU seconds too, when every repetition has them", () => {
    const withCpu = summarizeFloors([
      { latencyMs: 200, rep: 1, previewMs: 3000, upMs: 3400, previewCpuSeconds: 2.5, upCpuSeconds: 2.8 },
      { latencyMs: 200, rep: 2, previewMs: 2600, upMs: 3000, previewCpuSeconds: 2.1, upCpuSeconds: 2.6 },
      { latencyMs: 200, rep: 3, previewMs: 2800, upMs: 5000, previewCpuSeconds: 2.2, upCpuSeconds: 4.0 },
    ]);
    expect(withCpu[0]).toMatchObject({ previewCpuSeconds: 2.2, upCpuSeconds: 2.8 });
    expect(floors[1].previewCpuSeconds).toBeUndefined();
  });

  it("is the empty preview for a preview, the empty up plus the chain otherwise", () => {
    expect(floorMs(floors[1], 3, 0)).toBe(2800);
    expect(floorMs(floors[1], 2, 1600)).toBe(3400 + 1600);
  });

  it("puts our time over the floor on our rows only", () => {
    const rows = summarize([run(2, "pulumi", 6000, 12), run(2, "toolkit", 4000, 29), run(3, "pulumi", 4200)], floors, { buildMs: 1000, files: 20, inFlight: 25 });
    const edit = rows.find((r) => r.tool === "pulumi" && r.scenario === 2)!;
    expect(edit.floorMs).toBe(3400 + 1600);
    expect(edit.overFloor).toBeCloseTo(6000 / 5000);
    expect(edit.ratio).toBeCloseTo(6000 / 4000);
    const preview = rows.find((r) => r.scenario === 3)!;
    expect(preview.overFloor).toBeCloseTo(4200 / 2800);
    expect(rows.find((r) => r.tool === "toolkit")!.overFloor).toBeUndefined();
  });

  it("is left out, not made up, when it was not measured", () => {
    const rows = summarize([run(2, "pulumi", 6000)], [], { buildMs: 1000, files: 20, inFlight: 25 });
    expect(rows[0].overFloor).toBeUndefined();
    expect(targets(rows, 200, "pulumi", 20)[0]).toMatchObject({ met: undefined, detail: "not measured" });
  });
});

describe("issue 27's targets", () => {
  const floorRecords = [{ latencyMs: 200, rep: 1, previewMs: 3000, upMs: 3000 }];
  const chain = { buildMs: 1000, files: 20, inFlight: 25 };

  it("judges a small folder on the floor alone: first deploy, edit and preview", () => {
    // floor for the first deploy: 3.0 s + 2.0 s = 5.0 s (1.3× is 6.5 s); for the edit 3.0 + 1.6 = 4.6 s (1.3× is 5.98 s).
    const rows = summarize(
      [run(1, "pulumi", 6600, 40), run(1, "toolkit", 4100, 60), run(2, "pulumi", 5900, 12), run(2, "toolkit", 5800, 29), run(3, "pulumi", 4600)],
      summarizeFloors(floorRecords),
      chain,
    );
    const t = targets(rows, 200, "pulumi", 20);
    expect(t.map((x) => [x.text, x.met])).toEqual([
      ["first deploy at most 1.3× (floor up + request chain)", false],
      ["one file edited at most 1.3× (floor up + request chain)", true],
      ["no-change preview at most 1.5× the empty program's preview", false],
    ]);
    expect(t[1].detail).toBe("5.9 s over 4.6 s = 1.28×");
  });

  it("judges a folder of 1,000 files on the toolkit, a 4 s preview without requests, the program's peak RSS and the state file", () => {
    const peaks = (programMb: number) => [{ role: "program" as const, maxMb: programMb, sumMb: programMb, cpuSeconds: 1, processes: 1 }];
    const rows = summarize(
      [
        { ...run(1, "pulumi", 20000, 2014), peaks: peaks(280), stateBytes: 1_500_000, stateResources: 10 },
        run(1, "toolkit", 44000),
        { ...run(2, "pulumi", 6000, 9), peaks: peaks(320), stateBytes: 2_100_000, stateResources: 10 },
        run(2, "toolkit", 28000),
        run(3, "pulumi", 3900, 0),
      ],
      summarizeFloors(floorRecords),
      { buildMs: 1000, files: 1003, inFlight: 25 },
    );
    const t = targets(rows, 200, "pulumi", 1000);
    expect(t.map((x) => [x.text, x.met])).toEqual([
      ["first deploy at most 0.5× the toolkit", true],
      ["one file edited at most 0.2× the toolkit", false],
      ["no-change preview under 4 s with no request", true],
      ["program peak RSS at most 300 MB", false],
      ["state file at most 2.0 MB", false],
    ]);
    expect(t[3].detail).toBe("320 MB (the largest of the scenarios measured)");
  });

  it("leaves a large folder's memory and state unjudged when they were not measured", () => {
    const t = targets(summarize([run(1, "pulumi", 20000), run(1, "toolkit", 44000)], [], chain), 200, "pulumi", 1000);
    expect(t.slice(3).map((x) => [x.met, x.detail])).toEqual([
      [undefined, "not measured"],
      [undefined, "not measured"],
    ]);
  });
});

describe("the printed report", () => {
  it("has the floor's line and, on our rows, the floor and our time over it", () => {
    const printed = formatReport(
      report([run(2, "pulumi", 6000, 12), run(2, "toolkit", 4000, 29), run(3, "pulumi", 2700), run(3, "toolkit", 4000, 29)], 20, [
        { latencyMs: 200, rep: 1, previewMs: 3000, upMs: 3000, previewCpuSeconds: 2.44, upCpuSeconds: 2.61 },
      ]),
    );
    expect(printed).toContain(
      "Floor: empty program preview 3.0 s (CPU 2.4 s), up 3.0 s (CPU 2.6 s) (1 run); request chain at 200 ms (builds 1000 ms, 25 in flight): first deploy 2.0 s, one file edited 1.6 s, no change 0 s",
    );
    const lines = printed.split("\n");
    expect(lines.find((l) => l.startsWith("scenario"))).toMatch(/ floor +over floor +ours\/toolkit$/);
    expect(lines.find((l) => l.startsWith("2 one file edited"))).toMatch(/ 4\.6 s +\+1\.4 s · 1\.30 +1\.50$/);
    // Faster than the floor shows as a negative difference.
    expect(lines.find((l) => l.startsWith("3 no change"))).toMatch(/ 3\.0 s +−0\.3 s · 0\.90 +0\.68$/);
    expect(lines.filter((l) => /^ {2}[✓✗·] pulumi: /.test(l))).toHaveLength(3);
  });

  it("prints the empty program's peak RSS when it was measured", () => {
    const floors = [{ latencyMs: 200, rep: 1, previewMs: 3000, upMs: 3000, programPeakMb: 412.4 }];
    expect(formatReport(report([run(3, "pulumi", 2700)], 20, floors))).toMatch(/no change 0 s; the empty program's peak RSS 412 MB$/m);
  });

  it("prints a report written before the floor was measured", () => {
    const old = report([run(2, "pulumi", 6000, 12)], 20, undefined);
    delete old.floors;
    const printed = formatReport(old);
    expect(printed).not.toContain("Floor:");
    expect(printed).toContain("Latency 200 ms per request");
  });
});
