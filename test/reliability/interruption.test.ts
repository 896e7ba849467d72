/**
 * `pulumi up` of a 200-file folder, in each layout, killed with its whole process tree (`kill -9`
 * of the CLI, its language host and program, and its provider, which would otherwise outlive it)
 * when half the Assets exist, a point fixed by the emulator's count of writes (the answer to the
 * last of them never reaches the update); then the recovery provider/README.md documents. The next
 * `pulumi up` takes over what the killed one made, leaves no orphan and serves the site, and
 * `pulumi destroy` leaves the account empty. Prints the figures; bench/interrupt.ts runs the other
 * kill points. Needs `npm run build` first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatFigures, killPoints, LAYOUTS } from "../../bench/lib/reliability";
import { TIMEOUT, useSiteStack } from "../helpers/reliability";

const FILES = 200;

describe.each(LAYOUTS)("%s layout, killed when half the Assets exist", (layout) => {
  const fixture = useSiteStack(layout, FILES, { latencyMs: 5 });

  it(
    "recovers with no orphan and a correct site, and destroy leaves the account empty",
    async () => {
      const writes = killPoints(FILES)["mid-assets"];
      const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;
      let since = Date.now();
      const kill = await fixture.site.killedUp(writes);
      const killedIn = seconds(since);
      const atKill = fixture.emulator.inventory();
      // the CLI, the language host (a wrapper and the real one), the program, the provider (shim and node)
      expect(kill.processes).toBeGreaterThanOrEqual(5);
      // every write so far made an object: the Service, the Environment (or not yet), about half the Assets
      expect(atKill).toMatchObject({ services: 1, builds: 0 });
      expect(atKill.services + atKill.environments + atKill.assets + atKill.assetVersions).toBe(writes);
      expect(atKill.assets).toBeLessThan(FILES);

      since = Date.now();
      const recovery = await fixture.site.recover();
      const recoveredIn = seconds(since);
      const figures = await fixture.site.figures();
      process.stdout.write(
        `[reliability] ${layout}, killed after write ${writes}, ${killedIn} in (${kill.processes} processes; ${atKill.assets} Assets, ` +
          `${atKill.assetVersions} versions existed): ${recovery.steps.join(" → ")} (${recoveredIn})\n` +
          `[reliability] ${layout}, after the recovery: ${formatFigures(figures)}\n`,
      );
      // A kill inside the file backend's write of a metadata sidecar leaves it empty (Pulumi's, bench/README.md): one more step then.
      expect(recovery.steps.filter((step) => !/^deleted 1 empty state sidecar$/.test(step))).toEqual(["pulumi cancel", "pulumi up"]);
      // Pulumi drops the interrupted creates it was waiting for; the provider takes over what they made
      expect(recovery.outputs[0]).toMatch(/pending operations from previous deployment/);
      expect(recovery.outputs[0]).toMatch(/took over .*interrupted update left/);
      expect(figures).toMatchObject({ files: FILES, assets: FILES, orphanAssets: 0, duplicateAssets: 0, builds: 1, orphanOthers: 0, siteFailures: 0 });
      expect(figures.siteChecks).toBeGreaterThan(FILES);

      since = Date.now();
      const destroyed = await fixture.site.destroy();
      process.stdout.write(`[reliability] ${layout}, pulumi destroy: ${seconds(since)}, the account then holds ${JSON.stringify(fixture.emulator.inventory())}\n`);
      expect(destroyed.code).toBe(0);
      expect(fixture.emulator.inventory()).toEqual(Object.fromEntries(Object.keys(atKill).map((kind) => [kind, 0])));
    },
    TIMEOUT,
  );
});

describe("a state sidecar a kill left empty", () => {
  const fixture = useSiteStack("bundle", 5);

  it(
    "fails every command with Pulumi's 'failed to load checkpoint: EOF', and the documented recovery deletes it and goes on",
    async () => {
      expect((await fixture.site.up()).code).toBe(0);
      // What a kill inside the file backend's setAttrs leaves: the stack's sidecar created, nothing written.
      const stacks = path.join(fixture.site.stack.stateDir, ".pulumi", "stacks");
      const [project] = fs.readdirSync(stacks);
      const sidecar = fs.readdirSync(path.join(stacks, project)).find((f) => /^[^.]+\.json\.attrs$/.test(f));
      expect(sidecar).toBeDefined();
      fs.truncateSync(path.join(stacks, project, sidecar!));
      expect((await fixture.site.up()).output).toMatch(/failed to load checkpoint: EOF/);

      const recovery = await fixture.site.recover();
      // The file backend's cancel exits 0 when no update holds the lock.
      expect(recovery.steps).toEqual(["deleted 1 empty state sidecar", "pulumi cancel", "pulumi up"]);
      expect(await fixture.site.figures()).toMatchObject({ files: 5, orphanAssets: 0, builds: 1, siteFailures: 0 });
    },
    TIMEOUT,
  );
});
