/**
 * What the reliability tests share: per describe block, an emulator in this process and a
 * `SiteStack` (bench/lib/reliability.ts) of a generated folder, in `.work/reliability/` (inside the
 * repository, so the program's copy finds node_modules), all removed afterwards.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator/src";
import { type Layout, SiteStack } from "../../bench/lib/reliability";
import { REPO_ROOT } from "../../scripts/pulumiCli";

export const TIMEOUT = 8 * 60 * 1000;
const WORK = path.join(REPO_ROOT, ".work", "reliability");

export interface SiteFixture {
  readonly emulator: RunningEmulator;
  readonly site: SiteStack;
  /** Another stack on the same emulator, removed with this one. */
  another(layout: Layout, files: number): Promise<SiteStack>;
}

export function useSiteStack(layout: Layout, files: number, emulatorOptions: EmulatorOptions = {}): SiteFixture {
  let emulator: RunningEmulator | undefined;
  const stacks: SiteStack[] = [];
  const dirs: string[] = [];
  const newStack = async (stackLayout: Layout, stackFiles: number) => {
    fs.mkdirSync(WORK, { recursive: true });
    const workDir = fs.mkdtempSync(path.join(WORK, `${stackLayout}-`));
    dirs.push(workDir);
    const stack = await SiteStack.create({ emulator: emulator!, layout: stackLayout, files: stackFiles, workDir });
    stacks.push(stack);
    return stack;
  };
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 20, ...emulatorOptions });
    await newStack(layout, files);
  }, TIMEOUT);
  afterAll(async () => {
    for (const stack of stacks) await stack.close();
    await emulator?.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }, TIMEOUT);
  return {
    get emulator() {
      return emulator!;
    },
    get site() {
      return stacks[0];
    },
    another: newStack,
  };
}
