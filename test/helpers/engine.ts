/**
 * Runs real Pulumi programs through the real engine (the Automation API driving the Pulumi CLI),
 * against an emulator started by the test.
 *
 * Each stack gets a private copy of its program under `.work/engine/` inside the repo (so that
 * `node_modules` resolves, and so that tests may edit files without touching `examples/`), a file
 * backend, a passphrase secrets provider and its own PULUMI_HOME, all removed by `dispose()`.
 * No plugin is ever downloaded: the dynamic provider is the bundled `pulumi-nodejs`, and a stack of
 * the provider plugin (`plugin: true`) gets the plugin `npm run build` packed, installed in its
 * PULUMI_HOME from the tarball as a user installs it (`test/helpers/plugin.ts`).
 *
 * The CLI comes from `scripts/install-pulumi.sh` through `findPulumiCli()` (scripts/pulumiCli.ts: a
 * `pulumi` on PATH, else the cached build). If there is none, it throws: tests that need the engine
 * fail, never skip.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  ConfigMap,
  DestroyOptions,
  DestroyResult,
  LocalWorkspace,
  PolicyEvent,
  PreviewOptions,
  PreviewResult,
  PulumiCommand,
  RefreshOptions,
  RefreshResult,
  Stack,
  UpOptions,
  UpResult,
} from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator/src";
import { findPulumiCli, isPinnedBuild, localBackendEnv, pinnedPulumiVersion, REPO_ROOT } from "../../scripts/pulumiCli";
import { installPlugin } from "./plugin";

export { findPulumiCli, isPinnedBuild, pinnedPulumiVersion, REPO_ROOT };
const WORK_ROOT = path.join(REPO_ROOT, ".work", "engine");
const PASSPHRASE = "engine-test-passphrase";

/**
 * Where the provider's requests go, and the credentials it may use there: an emulator, or a
 * recording proxy in front of one or of Twilio (test/live), whose upload URL differs.
 */
export type ApiTarget = Pick<RunningEmulator, "url" | "accountSid"> &
  Partial<Pick<RunningEmulator, "authToken" | "apiKeySid" | "apiKeySecret">> & { uploadUrl?: string };

export interface EngineStackOptions {
  /** A program directory (with Pulumi.yaml); it is copied, so tests may edit the copy. */
  program: string;
  emulator: ApiTarget;
  /** Extra stack config, e.g. `{ "site:dir": "..." }`. */
  config?: Record<string, string | { value: string; secret?: boolean }>;
  /** How the provider gets Twilio credentials: stack config (the default) or environment variables. */
  credentials?: "config" | "env" | "apiKey" | "none";
  /** Which base URLs stack config sets: both (the default), or only the API's, as a user may. */
  baseUrls?: "both" | "api-only";
  env?: Record<string, string>;
  /**
   * A file backend shared with other stacks (for StackReference), which the caller removes;
   * by default each stack has one of its own.
   */
  stateDir?: string;
  /** Default `test`; stacks sharing a backend name themselves. */
  stackName?: string;
  /**
   * The program uses the provider plugin (a YAML program, or TypeScript through the generated
   * SDK): the plugin is installed in the stack's PULUMI_HOME, and the settings go in its namespace
   * (`twilio-serverless:*`).
   */
  plugin?: boolean;
}

export interface EngineStack {
  stack: Stack;
  /** The private copy of the program; edit files here between operations. */
  workDir: string;
  up(opts?: UpOptions): Promise<UpResult>;
  preview(opts?: PreviewOptions): Promise<PreviewResult>;
  refresh(opts?: RefreshOptions): Promise<RefreshResult>;
  destroy(opts?: DestroyOptions): Promise<DestroyResult>;
  /** The raw text of the stack's state file, for searching it for leaked secrets. */
  stateText(): Promise<string>;
  /** Everything printed by the last operations (stdout and stderr), for assertions on messages. */
  output(): string;
  /**
   * Runs the CLI itself on the stack, as a user or a CI job would (`pulumi preview --event-log F`),
   * for what the Automation API does not offer; it resolves with the exit status, never throws on one.
   */
  cli(args: string[], extraEnv?: Record<string, string>): Promise<CliResult>;
  /** Destroys what is left, removes the stack and every temporary directory. */
  dispose(): Promise<void>;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let counter = 0;

export async function createEngineStack(opts: EngineStackOptions): Promise<EngineStack> {
  const binDir = findPulumiCli();
  const pulumi = await PulumiCommand.get({ root: path.dirname(binDir) });
  const id = `${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const base = path.join(WORK_ROOT, id);
  const workDir = path.join(base, "program");
  const stateDir = opts.stateDir ?? path.join(base, "state");
  const stackName = opts.stackName ?? "test";
  const pulumiHome = path.join(base, "home");
  fs.mkdirSync(stateDir, { recursive: true });
  fs.mkdirSync(pulumiHome, { recursive: true });
  fs.cpSync(path.resolve(REPO_ROOT, opts.program), workDir, {
    recursive: true,
    filter: (src) => !src.split(path.sep).includes("node_modules") && !/Pulumi\.[^/]+\.yaml$/.test(src),
  });

  const { emulator } = opts;
  const env: Record<string, string> = {
    ...localBackendEnv({ stateDir, home: pulumiHome, passphrase: PASSPHRASE }),
    // The engine must not find credentials anywhere we did not put them on purpose.
    TWILIO_ACCOUNT_SID: "",
    TWILIO_AUTH_TOKEN: "",
    TWILIO_API_KEY: "",
    TWILIO_API_SECRET: "",
    ...opts.env,
  };
  if (opts.plugin) installPlugin(binDir, env);
  // The plugin reads the same keys in its own namespace.
  const ns = opts.plugin ? "twilio-serverless" : "twilio";
  // Unset with baseUrls "api-only": the upload URL then follows the API's.
  const uploadUrl = opts.baseUrls === "api-only" ? undefined : (emulator.uploadUrl ?? emulator.url);
  const config: ConfigMap = { [`${ns}:serverlessBaseUrl`]: { value: emulator.url } };
  if (uploadUrl) config[`${ns}:serverlessUploadBaseUrl`] = { value: uploadUrl };
  const given = (name: "authToken" | "apiKeySid" | "apiKeySecret"): string => {
    const value = emulator[name];
    if (!value) throw new Error(`credentials "${opts.credentials ?? "config"}" need the target's ${name}`);
    return value;
  };
  switch (opts.credentials ?? "config") {
    case "config":
      config[`${ns}:accountSid`] = { value: emulator.accountSid };
      config[`${ns}:authToken`] = { value: given("authToken"), secret: true };
      break;
    case "apiKey":
      config[`${ns}:accountSid`] = { value: emulator.accountSid };
      config[`${ns}:apiKey`] = { value: given("apiKeySid") };
      config[`${ns}:apiSecret`] = { value: given("apiKeySecret"), secret: true };
      break;
    case "env":
      // An auth token when the target has one, else its API key.
      env.TWILIO_ACCOUNT_SID = emulator.accountSid;
      if (emulator.authToken) env.TWILIO_AUTH_TOKEN = emulator.authToken;
      else [env.TWILIO_API_KEY, env.TWILIO_API_SECRET] = [given("apiKeySid"), given("apiKeySecret")];
      env.TWILIO_SERVERLESS_BASE_URL = emulator.url;
      if (uploadUrl) env.TWILIO_SERVERLESS_UPLOAD_BASE_URL = uploadUrl;
      break;
    case "none":
      break;
  }
  for (const [key, value] of Object.entries(opts.config ?? {})) {
    config[key] = typeof value === "string" ? { value } : value;
  }

  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, workDir },
    { pulumiCommand: pulumi, pulumiHome, envVars: env },
  );
  await stack.setAllConfig(config);

  let log = "";
  const capture = { onOutput: (text: string) => (log += text), onError: (text: string) => (log += text) };
  const withCapture = <T extends object>(o?: T) => ({ ...capture, ...o });

  return {
    stack,
    workDir,
    up: (o) => stack.up(withCapture(o)),
    preview: (o) => stack.preview(withCapture(o)),
    refresh: (o) => stack.refresh(withCapture(o)),
    destroy: (o) => stack.destroy(withCapture(o)),
    stateText: async () => {
      const file = findStateFile(stateDir, stackName);
      return fs.readFileSync(file, "utf8");
    },
    output: () => log,
    cli: (args, extraEnv) =>
      new Promise<CliResult>((resolve, reject) => {
        const cliEnv = { ...process.env, ...env, ...extraEnv, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}` };
        const argv = [...args, "--stack", stackName, "--non-interactive"];
        // Asynchronous: the emulator answering the program runs in this process.
        execFile(path.join(binDir, "pulumi"), argv, { cwd: workDir, env: cliEnv, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
          const code = err ? (err as { code?: unknown }).code : 0;
          if (typeof code !== "number") reject(err);
          else resolve({ code, stdout, stderr });
        });
      }),
    dispose: async () => {
      try {
        await stack.destroy(withCapture());
        await stack.workspace.removeStack(stackName);
      } finally {
        fs.rmSync(base, { recursive: true, force: true });
      }
    },
  };
}

function findStateFile(stateDir: string, stackName: string): string {
  const stacks = path.join(stateDir, ".pulumi", "stacks");
  for (const project of fs.readdirSync(stacks)) {
    const file = path.join(stacks, project, `${stackName}.json`);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`no state file under ${stacks}`);
}

/** A test file's teardown: the stack disposed (what it left destroyed), then the emulator closed and the directories removed, whatever failed. */
export async function disposeAll(stack: EngineStack | undefined, emulator: RunningEmulator | undefined, ...dirs: Array<string | undefined>): Promise<void> {
  try {
    await stack?.dispose();
  } finally {
    await emulator?.close();
    for (const dir of dirs) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Resource operations planned or done, as Pulumi's summary counts them (create, update, replace, same, delete). */
export function changeCounts(summary: Record<string, number | undefined> | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [op, n] of Object.entries(summary ?? {})) if (n) counts[op] = n;
  return counts;
}


/**
 * Previews `stack` with the repo's policy pack, and checks what a program that follows every rule
 * gets: no violation or warning, the pack's line in the output (so it did run), and no write.
 */
export async function expectCleanPolicyPreview(stack: EngineStack, emulator: RunningEmulator): Promise<void> {
  const events: PolicyEvent[] = [];
  emulator.resetStats();
  const preview = await stack.preview({ policyPacks: [path.join(REPO_ROOT, "policy")], onEvent: (e) => e.policyEvent && events.push(e.policyEvent) });
  expect(events.map((e) => `${e.policyName}: ${e.message}`)).toEqual([]);
  expect(preview.stdout).toMatch(/Policies:\s+✅ twilio-serverless@v[\d.]+ \(local: [^)]*policy\)/);
  expect(emulator.stats().writes).toBe(0);
}
