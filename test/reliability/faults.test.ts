/**
 * A 200-file folder, in each layout, through the real Pulumi CLI against an emulator that fails a
 * tenth of the API requests, with every kind of fault, answers lost after the request was applied
 * included: `pulumi up` converges within two runs, and Twilio then holds exactly the Assets and
 * versions the program declares (no duplicate, no orphan), and serves the site. Prints the figures.
 * Needs `npm run build` first (the program and the provider process load dist/).
 */
import { FAULT_KINDS } from "../../emulator/src/faults";
import { type CliResult, formatFigures, LAYOUTS } from "../../bench/lib/reliability";
import { TIMEOUT, useSiteStack } from "../helpers/reliability";

const FILES = 200;

describe.each(LAYOUTS)("%s layout, 10%% faults of every kind", (layout) => {
  const fixture = useSiteStack(layout, FILES);

  it(
    "converges within two pulumi up runs; Twilio then holds exactly the declared Assets and versions",
    async () => {
      fixture.emulator.setFaults({ rate: 0.1, kinds: [...FAULT_KINDS], retryAfterSeconds: 0, seed: 18 });
      const runs: CliResult[] = [];
      do runs.push(await fixture.site.up());
      while (runs.at(-1)!.code !== 0 && runs.length < 2);
      const stats = fixture.emulator.stats();
      fixture.emulator.setFaults(undefined);
      expect({ code: runs.at(-1)!.code, tail: runs.at(-1)!.output.split("\n").slice(-25) }).toMatchObject({ code: 0 });

      const figures = await fixture.site.figures();
      const faults = FAULT_KINDS.map((kind) => `${kind}: ${stats.faults[kind]}`).join(", ");
      process.stdout.write(
        `[reliability] ${layout}, 10% faults: converged in ${runs.length} pulumi up ${runs.length === 1 ? "run" : "runs"}; ` +
          `${stats.requests.toLocaleString("en-US")} requests, faults injected ${faults}\n` +
          `[reliability] ${layout}, 10% faults: ${formatFigures(figures)}\n`,
      );
      // every kind of fault happened, lost answers to writes included
      for (const kind of FAULT_KINDS) expect([kind, stats.faults[kind]]).toEqual([kind, expect.any(Number)]);
      expect(Math.min(...FAULT_KINDS.map((kind) => stats.faults[kind]))).toBeGreaterThan(0);
      expect(figures).toEqual({
        files: FILES,
        assets: FILES,
        orphanAssets: 0,
        duplicateAssets: 0,
        versions: FILES,
        unbuiltVersions: 0,
        builds: 1,
        orphanOthers: 0,
        siteChecks: expect.any(Number),
        siteFailures: 0,
      });
      expect(figures.siteChecks).toBeGreaterThan(FILES);
    },
    TIMEOUT,
  );
});
