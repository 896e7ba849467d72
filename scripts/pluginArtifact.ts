/**
 * The provider plugin as Pulumi installs it, built by `npm run build` (after the packages):
 *
 *   dist/plugin/twilio-serverless/             the plugin's folder, as `pulumi plugin install` unpacks it
 *     pulumi-resource-twilio-serverless         the launcher the engine runs: `node dist/plugin/main.js`
 *     dist/plugin/main.js                       the plugin and every module it needs, in one file (esbuild)
 *     dist/plugin/schema.json                   its schema (`pluginSchema.ts`)
 *     package.json                              its name and version
 *   dist/plugin/pulumi-resource-twilio-serverless-v<version>.tar.gz   the same, for
 *     `pulumi plugin install resource twilio-serverless <version> --file <tarball>`
 *
 * One file, not the package with its node_modules: the plugin starts in about a third of the time
 * (bench/README.md), and the tarball is under 2 MB. Pulumi's SDK loads TypeScript and npm's
 * arborist when its runtime loads, for closure serialization, which a plugin never does (its
 * resources are its own, nothing is serialized): the bundle holds a stand-in that fails by name if
 * anything ever reaches for them.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { build } from "esbuild";
import { pluginSchema } from "./pluginSchema";
import { REPO_ROOT } from "./pulumiCli";

const PROVIDER = path.join(REPO_ROOT, "provider");
export const PLUGIN_OUT = path.join(REPO_ROOT, "dist", "plugin");
export const PLUGIN_DIR = path.join(PLUGIN_OUT, "twilio-serverless");
export const PLUGIN_BINARY = "pulumi-resource-twilio-serverless";

/** The tarball of `version`: what `pulumi plugin install … --file` takes. */
export function pluginTarball(version: string): string {
  return path.join(PLUGIN_OUT, `${PLUGIN_BINARY}-v${version}.tar.gz`);
}

/** Modules the SDK loads eagerly for closure serialization only (see above). */
const NOT_IN_THE_PLUGIN = /(^|\/)typescript-shim$|^typescript$|^@npmcli\/arborist$/;

const LAUNCHER = `#!/bin/sh
# The twilio-serverless provider plugin (pulumi-twilio-serverless): needs Node.js >= 22 on PATH.
exec node "$(dirname "$0")/dist/plugin/main.js" "$@"
`;

export async function buildPluginArtifact(): Promise<{ dir: string; tarball: string; version: string }> {
  const { version, license } = JSON.parse(fs.readFileSync(path.join(PROVIDER, "package.json"), "utf8")) as { version: string; license: string };
  const schema = `${JSON.stringify(pluginSchema(version), null, 2)}\n`;
  // Beside the unbundled plugin too, which runs from provider/dist in this repository.
  fs.writeFileSync(path.join(PROVIDER, "dist", "plugin", "schema.json"), schema);

  fs.rmSync(PLUGIN_OUT, { recursive: true, force: true });
  const out = path.join(PLUGIN_DIR, "dist", "plugin");
  fs.mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [path.join(PROVIDER, "dist", "plugin", "main.js")],
    outfile: path.join(out, "main.js"),
    bundle: true,
    platform: "node",
    target: "node22",
    logLevel: "warning",
    plugins: [
      {
        name: "not-in-the-plugin",
        setup(b) {
          b.onResolve({ filter: NOT_IN_THE_PLUGIN }, (args) => ({ path: args.path, namespace: "not-in-the-plugin" }));
          b.onLoad({ filter: /.*/, namespace: "not-in-the-plugin" }, (args) => ({
            loader: "js",
            contents: `module.exports = new Proxy({}, { get(_, key) {
  if (key === "__esModule") return false;
  throw new Error(${JSON.stringify(`${args.path} is not in the twilio-serverless plugin`)} + " (asked for " + String(key) + ")");
} });`,
          }));
        },
      },
    ],
  });
  fs.writeFileSync(path.join(out, "schema.json"), schema);
  fs.writeFileSync(path.join(PLUGIN_DIR, "package.json"), `${JSON.stringify({ name: "pulumi-resource-twilio-serverless", version, license, private: true }, null, 2)}\n`);
  fs.writeFileSync(path.join(PLUGIN_DIR, PLUGIN_BINARY), LAUNCHER, { mode: 0o755 });
  const tarball = pluginTarball(version);
  execFileSync("tar", ["-czf", tarball, "-C", PLUGIN_DIR, "."]);
  return { dir: PLUGIN_DIR, tarball, version };
}

/** `node dist/scripts/pluginArtifact.js` (the last step of `npm run build`). */
if (require.main === module) {
  buildPluginArtifact().then(
    ({ tarball }) => console.log(`pluginArtifact: wrote ${path.relative(process.cwd(), tarball)}`),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
