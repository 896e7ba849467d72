import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findPulumiCli, isPinnedBuild, pinnedPulumiVersion, REPO_ROOT } from "../helpers/engine";
import { tempDir } from "../helpers/common";

const SCRIPT = path.join(REPO_ROOT, "scripts", "install-pulumi.sh");

/** A PATH holding only the few tools the script needs: no `pulumi`, no `go`. */
function barePath(): string {
  const dir = tempDir("bare-path-");
  for (const tool of ["bash", "dirname", "cat", "sha256sum", "cut", "install", "mkdir", "mv", "rm", "touch"]) {
    const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
    fs.symlinkSync(found, path.join(dir, tool));
  }
  return dir;
}

function runScript(env: Record<string, string>) {
  return spawnSync("bash", [SCRIPT], { env: { HOME: os.tmpdir(), ...env }, encoding: "utf8" });
}

describe("scripts/install-pulumi.sh", () => {
  it("fails with one message saying how to install Pulumi when there is no CLI, no cache and no Go", () => {
    const emptyCache = tempDir("pulumi-cache-");
    const result = runScript({ PATH: barePath(), PULUMI_CLI_CACHE: emptyCache });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("no Pulumi CLI on PATH and no Go toolchain to build one");
    expect(result.stderr).toContain("https://www.pulumi.com/docs/iac/download-install/");
  });

  it("finds its cached build in a later run, without Go", () => {
    const binDir = findPulumiCli();
    const cacheRoot = path.resolve(binDir, "..", "..");
    if (!isPinnedBuild(binDir)) {
      // A user's own `pulumi` on PATH: the script hands that directory back.
      expect(runScript({ PATH: `${binDir}:${barePath()}` }).stdout.trim()).toBe(binDir);
      return;
    }
    const result = runScript({ PATH: barePath(), PULUMI_CLI_CACHE: cacheRoot });
    expect(result.stderr).toContain(`Pulumi CLI ${pinnedPulumiVersion()} ready`);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(binDir);
  });
});
