/**
 * `npm run demo`: the static site, deployed end to end on this machine.
 *
 * 1. Starts the Twilio Serverless emulator in this process, keeping its data in `.demo/emulator`.
 * 2. Makes sure the Pulumi CLI is there (`scripts/install-pulumi.sh`).
 * 3. Runs `pulumi up` on the repository's root project (`Pulumi.yaml`, which runs
 *    examples/static-site) with a local file backend in `.demo/state`; the provider reaches the
 *    emulator through the TWILIO_* environment variables.
 * 4. Prints the site's URLs, fetches every served path and prints each status: public 200,
 *    protected 403 and then 200 with a valid X-Twilio-Signature, private 404; then calls the
 *    site's Function (`/greeting`, which the emulator runs) and prints its answer.
 * Exits 0 when every answer is the expected one. Running it again finds no changes.
 *
 * Options (after `npm run demo --`): `--keep` keeps the emulator running (Ctrl-C stops it) so the
 * site can be opened in a browser; `--port N` (default 8787; 0 = any free port); `--dir DIR`
 * instead of `.demo`; `--stack NAME` (default `demo`); `--destroy` removes the site and exits.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { type RunningEmulator, startEmulator } from "pulumi-twilio-serverless-emulator";
import { findPulumiCli, localBackendEnv, REPO_ROOT } from "./pulumiCli";
import { checkSite, formatCheck, type SiteCheckInput } from "./siteCheck";

const USAGE = `Usage: npm run demo -- [--keep] [--port N] [--dir DIR] [--stack NAME] [--destroy]`;
const PASSPHRASE = "demo";
const DEFAULT_PORT = 8787;

const SITE_DIR = path.join(REPO_ROOT, "examples", "static-site", "site");

function options() {
  const { values } = parseArgs({
    options: {
      keep: { type: "boolean", default: false },
      destroy: { type: "boolean", default: false },
      port: { type: "string" },
      dir: { type: "string" },
      stack: { type: "string", default: "demo" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  return {
    keep: values.keep,
    destroy: values.destroy,
    help: values.help,
    port,
    portGiven: values.port !== undefined,
    dir: path.resolve(values.dir ?? path.join(REPO_ROOT, ".demo")),
    stack: values.stack,
  };
}

async function emulatorOn(port: number, portGiven: boolean, dataDir: string): Promise<RunningEmulator> {
  const start = (p: number) => startEmulator({ port: p, dataDir, quiet: true, buildDurationMs: 300 });
  try {
    return await start(port);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE" || portGiven) throw err;
    console.log(`Port ${port} is busy; the emulator takes a free one instead.`);
    return start(0);
  }
}

async function openStack(name: string, dir: string, emulator: RunningEmulator): Promise<Stack> {
  const binDir = findPulumiCli({ showProgress: true });
  const stateDir = path.join(dir, "state");
  const pulumiHome = path.join(dir, "pulumi-home");
  fs.mkdirSync(stateDir, { recursive: true });
  fs.mkdirSync(pulumiHome, { recursive: true });
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(binDir) });
  return LocalWorkspace.createOrSelectStack(
    { stackName: name, workDir: REPO_ROOT },
    {
      pulumiCommand,
      pulumiHome,
      envVars: {
        ...localBackendEnv({ stateDir, home: pulumiHome, passphrase: PASSPHRASE }),
        // The provider reads these at call time; nothing about Twilio goes into the stack's config.
        TWILIO_ACCOUNT_SID: emulator.accountSid,
        TWILIO_AUTH_TOKEN: emulator.authToken,
        TWILIO_API_KEY: "",
        TWILIO_API_SECRET: "",
        TWILIO_SERVERLESS_BASE_URL: emulator.url,
        TWILIO_SERVERLESS_UPLOAD_BASE_URL: emulator.url,
      },
    },
  );
}

function summary(changes: Record<string, number | undefined> | undefined): string {
  const parts = Object.entries(changes ?? {})
    .filter(([, n]) => n)
    .map(([op, n]) => `${n} ${op}`);
  return parts.join(", ") || "nothing";
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

async function main(): Promise<number> {
  let opts: ReturnType<typeof options>;
  try {
    opts = options();
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const emulator = await emulatorOn(opts.port, opts.portGiven, path.join(opts.dir, "emulator"));
  try {
    const shown = (dir: string) => (path.relative(process.cwd(), dir).startsWith("..") ? dir : path.relative(process.cwd(), dir) || ".");
    console.log(`Twilio Serverless emulator on ${emulator.url} (data in ${shown(emulator.dataDir!)})`);
    const stack = await openStack(opts.stack, opts.dir, emulator);
    const print = (text: string) => process.stdout.write(text);
    // The resource lines stay; the progress dots and the stack outputs (printed below) go.
    const quiet = { onOutput: print, suppressProgress: true, suppressOutputs: true };

    if (opts.destroy) {
      const result = await stack.destroy(quiet);
      console.log(`\npulumi destroy: ${summary(result.summary.resourceChanges)}`);
      return 0;
    }

    console.log(`pulumi up (stack "${opts.stack}" of ${shown(path.join(REPO_ROOT, "Pulumi.yaml"))}, state in ${shown(path.join(opts.dir, "state"))})\n`);
    const result = await stack.up(quiet);
    console.log(`\npulumi up: ${summary(result.summary.resourceChanges)}`);

    const domainName = String(result.outputs.domainName.value);
    const files = result.outputs.files.value as SiteCheckInput["files"];
    const functions = result.outputs.functions.value as SiteCheckInput["functions"];
    const browserUrl = `${emulator.localSiteUrl(domainName)}/`;
    console.log(`\nThe site
  Twilio URL:   ${result.outputs.url.value}/   (where Twilio would serve it)
  In a browser: ${browserUrl}   (served by the emulator)
`);
    console.log("Every served path, fetched through the emulator (and the Function, run by it):");
    const checks = await checkSite({ apiUrl: emulator.url, domainName, authToken: emulator.authToken, siteDir: SITE_DIR, files, functions });
    for (const check of checks) console.log(`  ${formatCheck(check)}`);
    const failed = checks.filter((c) => !c.ok).length;
    console.log(failed === 0 ? `\nAll ${checks.length} answers as expected.` : `\n${failed} of ${checks.length} answers NOT as expected.`);

    if (opts.keep) {
      console.log(`\nThe emulator keeps running: open ${browserUrl} in a browser. Ctrl-C stops it.`);
      await waitForSignal();
    }
    return failed === 0 ? 0 : 1;
  } finally {
    await emulator.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
