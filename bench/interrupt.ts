/**
 * Interrupted updates: for each layout and kill point, `pulumi up` of a generated folder is killed
 * with its whole process tree (`kill -9`) once the emulator has applied a number of writes, the
 * recovery provider/README.md documents is run, and the figures say what Twilio then holds against
 * what the program declares; then `pulumi destroy`, and what is left in the account. CI runs one
 * kill point per layout (test/reliability/interruption.test.ts); this runs them all.
 *
 *   npm run bench:interrupt -- [--files 200] [--layouts per-file,bundle]
 *                              [--points early,mid-upload,build,deployment] [--latency-ms 5]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator/src";
import { findPulumiCli, REPO_ROOT } from "../scripts/pulumiCli";
import { formatFigures, killPoints, type Layout, LAYOUTS, SiteStack } from "./lib/reliability";

type Point = keyof ReturnType<typeof killPoints>;
const POINTS = Object.keys(killPoints(1)) as Point[];

function list<T extends string>(name: string, value: string | undefined, known: readonly T[]): T[] {
  if (value === undefined) return [...known];
  const items = value.split(",").map((v) => v.trim());
  for (const item of items) if (!known.includes(item as T)) throw new Error(`--${name}: unknown "${item}" (known: ${known.join(", ")})`);
  return items as T[];
}

async function runOne(layout: Layout, point: Point, files: number, latencyMs: number): Promise<string[]> {
  fs.mkdirSync(path.join(REPO_ROOT, ".bench"), { recursive: true });
  const workDir = fs.mkdtempSync(path.join(REPO_ROOT, ".bench", `interrupt-${layout}-${point}-`));
  const emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 20, latencyMs });
  let site: SiteStack | undefined;
  try {
    site = await SiteStack.create({ emulator, layout, files, workDir });
    const writes = killPoints(files)[point];
    const started = Date.now();
    const kill = await site.killedUp(writes);
    const killedAfter = ((Date.now() - started) / 1000).toFixed(1);
    const atKill = emulator.inventory();
    const recovery = await site.recover();
    const figures = await site.figures();
    const destroyed = await site.destroy();
    const left = Object.entries(emulator.inventory()).filter(([, n]) => n > 0);
    return [
      `${layout}, killed at ${point} (after write ${kill.writes}, ${killedAfter}s in): ${kill.processes} processes killed; ` +
        `${atKill.assets} Assets and ${atKill.assetVersions} versions existed`,
      `  recovery: ${recovery.steps.join(" → ")}`,
      `  then:     ${formatFigures(figures)}`,
      `  destroy:  ${destroyed.code === 0 ? "ok" : `exit ${destroyed.code}`}, the account then holds ${left.length === 0 ? "nothing" : left.map(([k, n]) => `${n} ${k}`).join(", ")}`,
    ];
  } finally {
    await site?.close();
    await emulator.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      files: { type: "string", default: "200" },
      layouts: { type: "string" },
      points: { type: "string" },
      "latency-ms": { type: "string", default: "5" },
    },
  });
  const files = Number(values.files);
  const latencyMs = Number(values["latency-ms"]);
  const layouts = list("layouts", values.layouts, LAYOUTS);
  const points = list("points", values.points, POINTS);
  findPulumiCli({ showProgress: true });
  console.log(`Interrupted pulumi up: ${files} files, ${latencyMs} ms of latency, builds of 20 ms; kill points by write: ${JSON.stringify(killPoints(files))}\n`);
  for (const layout of layouts) {
    for (const point of points) {
      for (const line of await runOne(layout, point, files, latencyMs)) console.log(line);
    }
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
