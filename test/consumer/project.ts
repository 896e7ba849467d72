/**
 * A Pulumi project outside this repository, as a user's infra repo holds one: the packages packed
 * with `npm pack` and installed from their tarballs, Pulumi's TypeScript template tsconfig, a file
 * backend of its own, and the real CLI. SDK versions other than our pin come from root
 * devDependencies that alias `@pulumi/pulumi` (`pulumi-sdk-newer`, `pulumi-sdk-oldest`), so `npm ci`
 * has put them in the npm cache and the project installs with `--prefer-offline`.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { findPulumiCli, localBackendEnv, REPO_ROOT } from "../../scripts/pulumiCli";
import { tempDir } from "../helpers/common";

export const run = promisify(execFile);

const rootPackage = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };

/** A root devDependency's version; for an `npm:@pulumi/pulumi@x` alias, x. */
export function devVersion(name: string): string {
  return rootPackage.devDependencies[name].replace(/^npm:@pulumi\/pulumi@/, "");
}

/** Pulumi's TypeScript template tsconfig (`pulumi new typescript`): `moduleResolution: node`, no skipLibCheck. */
export const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

export type Workspace = "provider" | "policy" | "emulator";

export interface ProjectOptions {
  /** Where the project and its state go (a temporary directory). */
  work: string;
  /** The `@pulumi/pulumi` version the project depends on. */
  sdk: string;
  packages: readonly Workspace[];
  /** index.ts */
  program: string;
  /** Other files, by path relative to the project. */
  files?: Record<string, string | Buffer>;
}

export interface PulumiResult {
  code: number;
  out: string;
}

export interface Project {
  dir: string;
  /**
   * Runs the Pulumi CLI in the project, with `extraEnv` on top of the project's environment;
   * resolves with its output and exit code (never rejects).
   */
  pulumi(args: string[], extraEnv?: Record<string, string>): Promise<PulumiResult>;
  /** The same, throwing with the output unless it exits 0. */
  pulumiOk(args: string[], extraEnv?: Record<string, string>): Promise<string>;
}

export function newWorkDir(): string {
  return tempDir("twilio-consumer-");
}

/** Packs the workspaces into `dest`; returns `file:` specs by package name. */
async function pack(packages: readonly Workspace[], dest: string): Promise<Record<string, string>> {
  fs.mkdirSync(dest, { recursive: true });
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", dest, ...packages.flatMap((p) => ["--workspace", p])], { cwd: REPO_ROOT });
  return Object.fromEntries((JSON.parse(stdout) as { name: string; filename: string }[]).map((p) => [p.name, `file:${path.join(dest, p.filename)}`]));
}

/** Writes the project, installs it, and makes it a stack `dev` on a file backend of its own. */
export async function createProject(opts: ProjectOptions): Promise<Project> {
  const dir = path.join(opts.work, "project");
  const tarballs = await pack(opts.packages, path.join(opts.work, "packs"));
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(opts.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: acme-infra\nruntime: nodejs\ndescription: A team's own infra repo\n");
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 2));
  fs.writeFileSync(path.join(dir, "index.ts"), opts.program);
  const manifest = {
    name: "acme-infra",
    main: "index.ts",
    devDependencies: { "@types/node": devVersion("@types/node"), typescript: devVersion("typescript") },
    dependencies: { "@pulumi/pulumi": opts.sdk, ...tarballs },
  };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });

  const stateDir = path.join(opts.work, "state");
  const home = path.join(opts.work, "home");
  fs.mkdirSync(stateDir, { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...localBackendEnv({ stateDir, home, passphrase: "consumer" }),
    PATH: `${findPulumiCli()}${path.delimiter}${process.env.PATH}`,
  };
  for (const name of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"]) delete env[name];

  const pulumi = async (args: string[], extraEnv?: Record<string, string>): Promise<PulumiResult> => {
    try {
      const opts = { cwd: dir, env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 };
      const { stdout, stderr } = await run("pulumi", [...args, "--non-interactive"], opts);
      return { code: 0, out: stdout + stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === "number" ? e.code : 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
    }
  };
  const pulumiOk = async (args: string[], extraEnv?: Record<string, string>): Promise<string> => {
    const result = await pulumi(args, extraEnv);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.out}`);
    return result.out;
  };
  await pulumiOk(["stack", "init", "dev"]);
  return { dir, pulumi, pulumiOk };
}

/** Config that points a stack at an emulator, credentials as a user sets them (the token secret). */
export async function configureForEmulator(
  project: Project,
  emulator: { url: string; accountSid: string; authToken: string },
  stack = "dev",
): Promise<void> {
  const set = (...args: string[]) => project.pulumiOk(["config", "set", "--stack", stack, ...args]);
  await set("twilio:accountSid", emulator.accountSid);
  await set("--secret", "twilio:authToken", emulator.authToken);
  await set("twilio:serverlessBaseUrl", emulator.url);
  await set("twilio:serverlessUploadBaseUrl", emulator.url);
}
