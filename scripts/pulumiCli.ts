/**
 * The Pulumi CLI that the demo, the engine tests and the benchmark run: `scripts/install-pulumi.sh`
 * finds one on PATH or builds the pinned one (README, "The Pulumi CLI") and prints the directory
 * that holds it with its plugins. Works from the sources (`scripts/`) and from `dist/scripts/`.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const WORKSPACE_NAME = "pulumi-twilio-serverless-workspace";

/** The repository: the nearest folder up from here whose package.json is the workspace root's. */
function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === WORKSPACE_NAME) return dir;
  }
  throw new Error(`no ${WORKSPACE_NAME} package.json above ${__dirname}`);
}

export const REPO_ROOT = repoRoot();

const INSTALLER = path.join(REPO_ROOT, "scripts", "install-pulumi.sh");

/** The version the installer builds: its `PULUMI_VERSION="v…"` line. */
export function pinnedPulumiVersion(): string {
  const found = /^PULUMI_VERSION="(v[^"]+)"$/m.exec(fs.readFileSync(INSTALLER, "utf8"));
  if (!found) throw new Error(`no PULUMI_VERSION="v…" line in ${INSTALLER}`);
  return found[1];
}

/** Whether `binDir` is the installer's own build (its cache is keyed by version), not a user's `pulumi`. */
export function isPinnedBuild(binDir: string): boolean {
  return path.basename(path.dirname(binDir)) === pinnedPulumiVersion();
}

let cliDir: string | undefined;

/**
 * The directory holding `pulumi` and its plugins; throws with the installer's message if there is
 * none. `showProgress` passes the installer's progress (a first build takes minutes) to our stderr.
 * `PULUMI_CLI_DIR`, when it holds a `pulumi`, is taken as the installer's answer (scripts/test.sh
 * sets it once for every test file).
 */
export function findPulumiCli(opts: { showProgress?: boolean } = {}): string {
  if (cliDir) return cliDir;
  const given = process.env.PULUMI_CLI_DIR;
  if (given && fs.existsSync(path.join(given, "pulumi"))) return (cliDir = given);
  let out: string;
  try {
    out = execFileSync("bash", [INSTALLER], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", opts.showProgress ? "inherit" : "pipe"],
      timeout: 45 * 60 * 1000,
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? "";
    throw new Error(`The Pulumi CLI could not be found or built (scripts/install-pulumi.sh):\n${stderr}`.trimEnd());
  }
  const dir = out.trim().split("\n").pop() ?? "";
  if (!fs.existsSync(path.join(dir, "pulumi"))) {
    throw new Error(`scripts/install-pulumi.sh printed "${dir}", which holds no pulumi executable`);
  }
  cliDir = dir;
  return dir;
}

/**
 * The environment for running the CLI on this machine alone: a file backend in `stateDir`, a
 * passphrase secrets provider, its own PULUMI_HOME, and nothing fetched from the network (no
 * update check, no plugin download: the dynamic provider is the bundled `pulumi-nodejs`).
 */
export function localBackendEnv(opts: { stateDir: string; home: string; passphrase: string }): Record<string, string> {
  return {
    PULUMI_HOME: opts.home,
    PULUMI_BACKEND_URL: `file://${opts.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: opts.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
  };
}
