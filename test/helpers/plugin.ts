/**
 * The provider plugin as a user installs it: the tarball `npm run build` packs
 * (`scripts/pluginArtifact.ts`), installed with `pulumi plugin install resource twilio-serverless
 * <version> --file <tarball>` into a stack's own PULUMI_HOME. Fails, never skips, when the build
 * has not made it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PLUGIN_DIR, pluginTarball } from "../../scripts/pluginArtifact";
import { REPO_ROOT } from "../../scripts/pulumiCli";

export { PLUGIN_DIR };

/** The provider package's version: the plugin's. */
export function pluginVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "provider", "package.json"), "utf8")) as { version: string }).version;
}

/** The tarball of this version, which `npm run build` must have made. */
export function builtPluginTarball(): string {
  const tarball = pluginTarball(pluginVersion());
  if (!fs.existsSync(tarball)) throw new Error(`${path.relative(REPO_ROOT, tarball)} is missing: run npm run build first`);
  return tarball;
}

/** Installs the plugin into the PULUMI_HOME of `env`, as README "Other languages" says. */
export function installPlugin(binDir: string, env: Record<string, string>): void {
  execFileSync(path.join(binDir, "pulumi"), ["plugin", "install", "resource", "twilio-serverless", pluginVersion(), "--file", builtPluginTarball()], {
    env: { ...process.env, ...env },
    stdio: "pipe",
  });
}
