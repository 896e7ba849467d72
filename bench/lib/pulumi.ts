/**
 * Our side: the bench program (`bench/program/`) run by the real Pulumi CLI, each command a
 * measured child process. Every stack gets a private copy of the program under `.bench/` (inside
 * the repo, so `node_modules` resolves), a file backend, a passphrase and its own PULUMI_HOME,
 * as in test/helpers/engine.ts. The CLI comes from scripts/install-pulumi.sh (`findPulumiCli`).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { findPulumiCli, localBackendEnv, REPO_ROOT } from "../../scripts/pulumiCli";
import { measure, type Measured } from "./measure";

/** The benchmark's program (a Service and an AssetFolder) and the floor's, which declares nothing. */
export const BENCH_PROGRAM = path.join(REPO_ROOT, "bench", "program");
export const FLOOR_PROGRAM = path.join(REPO_ROOT, "bench", "floor");
const PASSPHRASE = "bench-passphrase";
const STACK = "bench";

/** Resource operations from the CLI's summary ("+ 2007 created", "2004 unchanged", "+-3 to replace"). */
export type Changes = Partial<Record<"create" | "update" | "replace" | "delete" | "same", number>>;

export function parseChanges(output: string): Changes {
  const changes: Changes = {};
  const words: Record<string, keyof Changes> = {
    created: "create",
    "to create": "create",
    updated: "update",
    "to update": "update",
    replaced: "replace",
    "to replace": "replace",
    deleted: "delete",
    "to delete": "delete",
    unchanged: "same",
  };
  const section = output.slice(output.lastIndexOf("Resources:"));
  // "5 unchanged" may share its line with the total: "3 changes. 5 unchanged".
  for (const m of section.matchAll(/^\s*(?:\d+ changes?\. )?[+~-]*\s*(\d+) (created|to create|updated|to update|replaced|to replace|deleted|to delete|unchanged)\s*$/gm)) {
    changes[words[m[2]]] = Number(m[1]);
  }
  return changes;
}

export interface StackTarget {
  apiUrl: string;
  accountSid: string;
  authToken: string;
}

export interface PulumiStackOptions {
  /** A fresh directory for this stack (program copy, state, PULUMI_HOME). */
  workDir: string;
  /** The program's directory, copied into workDir (default bench/program). */
  program?: string;
  target: StackTarget;
  config: Record<string, string>;
  /** Extra environment for every command (e.g. PULUMI_NODEJS_TRANSPILE_ONLY). */
  env?: Record<string, string>;
  /** Extra arguments for `up` and `preview` (e.g. --parallel). */
  args?: string[];
  echo?: boolean;
}

export interface StateFacts {
  bytes: number;
  resources: number;
}

export interface PulumiRun extends Measured {
  changes: Changes;
}

export class PulumiStack {
  readonly programDir: string;
  readonly stateDir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly pulumi: string;

  private constructor(private readonly opts: PulumiStackOptions) {
    const bin = findPulumiCli();
    this.pulumi = path.join(bin, "pulumi");
    this.programDir = path.join(opts.workDir, "program");
    this.stateDir = path.join(opts.workDir, "state");
    const home = path.join(opts.workDir, "home");
    fs.mkdirSync(this.stateDir, { recursive: true });
    fs.mkdirSync(home, { recursive: true });
    fs.mkdirSync(this.programDir, { recursive: true });
    const source = opts.program ?? BENCH_PROGRAM;
    for (const file of fs.readdirSync(source)) {
      if (/^Pulumi\..+\.yaml$/.test(file)) continue;
      fs.copyFileSync(path.join(source, file), path.join(this.programDir, file));
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // The CLI's plugins (language host, dynamic-provider shim) sit next to it.
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
      ...localBackendEnv({ stateDir: this.stateDir, home, passphrase: PASSPHRASE }),
      ...opts.env,
    };
    for (const key of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"]) delete env[key];
    this.env = env;
  }

  static async create(opts: PulumiStackOptions): Promise<PulumiStack> {
    const stack = new PulumiStack(opts);
    await stack.run(["stack", "init", STACK, "--secrets-provider", "passphrase"]);
    const { target } = opts;
    const plain: Record<string, string> = {
      "twilio:serverlessBaseUrl": target.apiUrl,
      "twilio:serverlessUploadBaseUrl": target.apiUrl,
      "twilio:accountSid": target.accountSid,
      ...opts.config,
    };
    const args = ["config", "set-all", "--stack", STACK];
    for (const [k, v] of Object.entries(plain)) args.push("--plaintext", `${k}=${v}`);
    args.push("--secret", `twilio:authToken=${target.authToken}`);
    await stack.run(args);
    return stack;
  }

  private run(args: string[]): Promise<Measured> {
    return measure(this.pulumi, args, { cwd: this.programDir, env: this.env, echo: this.opts.echo });
  }

  /** `pulumi up --yes --skip-preview`, as the Automation API runs it. */
  async up(): Promise<PulumiRun> {
    const m = await this.run(["up", "--yes", "--skip-preview", "--non-interactive", "--stack", STACK, ...(this.opts.args ?? [])]);
    return { ...m, changes: parseChanges(m.stdout) };
  }

  async preview(): Promise<PulumiRun> {
    const m = await this.run(["preview", "--non-interactive", "--stack", STACK, ...(this.opts.args ?? [])]);
    return { ...m, changes: parseChanges(m.stdout) };
  }

  /** A command whose failure is an answer, not an error: its exit code and everything it printed. */
  async attempt(args: string[]): Promise<{ code: number; output: string }> {
    try {
      const { stdout, stderr } = await promisify(execFile)(this.pulumi, [...args, "--stack", STACK], {
        cwd: this.programDir,
        env: this.env,
        maxBuffer: 256 * 1024 * 1024,
      });
      return { code: 0, output: stdout + stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
    }
  }

  /** `pulumi up` as a child process of its own, for a caller that may kill it (and its tree). */
  startUp(): ChildProcess {
    const args = ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", STACK, ...(this.opts.args ?? [])];
    return spawn(this.pulumi, args, { cwd: this.programDir, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
  }

  async setConfig(key: string, value: string): Promise<void> {
    await this.run(["config", "set", "--stack", STACK, "--plaintext", key, value]);
  }

  /** The resources in the stack's state (`pulumi stack export`). */
  async resources(): Promise<Array<{ urn: string; type: string; id?: string; outputs?: Record<string, unknown> }>> {
    const { stdout } = await this.run(["stack", "export", "--stack", STACK]);
    return (JSON.parse(stdout) as { deployment: { resources?: Array<{ urn: string; type: string; id?: string; outputs?: Record<string, unknown> }> } })
      .deployment.resources ?? [];
  }

  /**
   * Deletes the empty metadata sidecars (`<file>.attrs`) of the file backend, answering their paths.
   * The backend writes a state file's sidecar in place (gocloud's fileblob: `os.Create`, then the
   * JSON), so a `kill -9` in between leaves it empty, and every later command then fails with
   * `failed to load checkpoint: EOF`. Deleting it is the fix provider/README.md gives users.
   */
  removeEmptySidecars(): string[] {
    const root = path.join(this.stateDir, ".pulumi");
    const empty = fs
      .readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".attrs") && fs.statSync(path.join(e.parentPath, e.name)).size === 0)
      .map((e) => path.join(e.parentPath, e.name));
    for (const file of empty) fs.rmSync(file);
    return empty;
  }

  /** Size of the stack's state file and the number of resources in it. */
  state(): StateFacts {
    const stacks = path.join(this.stateDir, ".pulumi", "stacks");
    for (const project of fs.readdirSync(stacks)) {
      const file = path.join(stacks, project, `${STACK}.json`);
      if (!fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, "utf8");
      const json = JSON.parse(text) as { checkpoint?: { latest?: { resources?: unknown[] } } };
      return { bytes: Buffer.byteLength(text), resources: json.checkpoint?.latest?.resources?.length ?? 0 };
    }
    throw new Error(`no state file under ${stacks}`);
  }
}
