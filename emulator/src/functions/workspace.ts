/**
 * Where deployed Functions run from: each build laid out once on disk, as Twilio unpacks a build
 * for its runtime (`/var/task/…` on Twilio, per the Runtime Client page's examples):
 *
 *   <root>/builds/<ZB…>/handlers/<ZN…>.js   every Function Version's code
 *   <root>/builds/<ZB…>/files/<ZN…>         every private Asset Version (Runtime.getAssets())
 *   <root>/builds/<ZB…>/node_modules/       the build's Dependencies, installed by npm
 *   <root>/provided/twilio                  the emulator's `twilio`, for Functions that do not declare one
 *
 * The root is the data dir (`--data-dir`), so a build's Dependencies are installed once and kept
 * across restarts, or a temporary directory removed at close. A build is prepared in a staging
 * directory and renamed into place only when complete, so a crash never leaves half a build that
 * would be taken for a whole one; staging leftovers and the builds the store no longer has are
 * removed (`prune`). The directory is a cache: everything in it is derived from the state and
 * the blobs, and deleting it only costs a reinstall.
 *
 * Dependencies are installed by the npm CLI (`npm install --prefer-offline`), in its own process:
 * the installer Twilio's own builds run, with the user's npm settings and the same cache and
 * registry that CreateBuild resolved them in (dependencies.ts), and nothing an install does
 * (a crash, a hang, a signal handler) reaches the emulator.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, promises as fsp } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { npmSettings } from "../dependencies";
import { DEFAULT_DEPENDENCIES } from "../facts";
import type { BlobStore } from "../store/blobs";
import type { BuildRec, Dependency, VersionRec } from "../store/records";
import type { BuildSetup } from "./protocol";

/** The runtime handler Twilio adds to every build is the emulator itself (runner.ts): never installed. */
const RUNTIME_HANDLER = DEFAULT_DEPENDENCIES.runtimeHandler;
/** How long one `npm install` may take. */
const INSTALL_TIMEOUT_MS = 5 * 60 * 1000;
const STAGING = ".staging-";

export class DependencyInstallError extends Error {}

function handlerFile(dir: string, v: VersionRec): string {
  return join(dir, "handlers", `${v.sid}.js`);
}

function assetFile(dir: string, v: VersionRec): string {
  return join(dir, "files", v.sid);
}

async function exists(path: string): Promise<boolean> {
  return fsp.access(path).then(
    () => true,
    () => false,
  );
}

function npmCommand(): string {
  return process.platform === "win32" ? "npm.cmd" : "npm";
}

/** `npm install` of `deps` into `dir`; throws DependencyInstallError with npm's own words. */
function npmInstall(dir: string, deps: Dependency[]): Promise<void> {
  const { cacheRoot, registry } = npmSettings();
  const args = [
    "install",
    "--prefer-offline",
    "--no-audit",
    "--no-fund",
    "--no-package-lock",
    "--ignore-scripts",
    "--omit=dev",
    "--loglevel=error",
    "--cache",
    cacheRoot,
    "--registry",
    registry,
  ];
  const names = deps.map((d) => `${d.name}@${d.version}`).join(", ");
  return new Promise((resolve, reject) => {
    // The npm next to this Node.js first, as a Node.js install ships them together.
    const env = { ...process.env, PATH: [dirname(process.execPath), process.env.PATH].filter(Boolean).join(process.platform === "win32" ? ";" : ":") };
    const child = spawn(npmCommand(), args, { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"], shell: process.platform === "win32" });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), INSTALL_TIMEOUT_MS);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new DependencyInstallError(`Installing the build's Dependencies (${names}) failed: npm could not be started (${err.message})`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else {
        const why = stderr.trim() || (signal ? `npm was stopped by ${signal}` : `npm exited with code ${code}`);
        reject(new DependencyInstallError(`Installing the build's Dependencies (${names}) failed: ${why}`));
      }
    });
  });
}

export class Workspace {
  private preparing = new Map<string, Promise<BuildSetup>>();

  private constructor(
    readonly root: string,
    private readonly blobs: BlobStore,
    private readonly temporary: boolean,
  ) {}

  /** The data dir's workspace, or a temporary one (removed at close). */
  static async open(dataDir: string | undefined, blobs: BlobStore): Promise<Workspace> {
    const root = dataDir ?? (await fsp.mkdtemp(join(tmpdir(), "twilio-emulator-functions-")));
    const ws = new Workspace(root, blobs, dataDir === undefined);
    await fsp.mkdir(join(root, "builds"), { recursive: true });
    // Re-linked at every start: the emulator (and so its `twilio`) may have moved since.
    await fsp.rm(ws.providedDir, { recursive: true, force: true });
    await fsp.mkdir(ws.providedDir, { recursive: true });
    const sdk = DEFAULT_DEPENDENCIES.sdk;
    await fsp.symlink(dirname(require.resolve(`${sdk}/package.json`)), join(ws.providedDir, sdk), "junction");
    return ws;
  }

  /** A node_modules-like directory of the modules a Function may require without declaring them. */
  get providedDir(): string {
    return join(this.root, "provided");
  }

  private buildDir(sid: string): string {
    return join(this.root, "builds", sid);
  }

  /** What an instance of this build is told of it (runner.ts), with the paths of its files. */
  setupOf(build: BuildRec): BuildSetup {
    const dir = this.buildDir(build.sid);
    return {
      dir,
      assets: Object.fromEntries(build.assetVersions.filter((v) => v.visibility === "private").map((v) => [v.path, assetFile(dir, v)])),
      functions: Object.fromEntries(build.functionVersions.map((v) => [v.path.slice(1), handlerFile(dir, v)])),
    };
  }

  /** The build laid out on disk, its Dependencies installed: once per build, whoever asks first. */
  prepare(build: BuildRec): Promise<BuildSetup> {
    let pending = this.preparing.get(build.sid);
    if (!pending) {
      pending = this.layOut(build);
      this.preparing.set(build.sid, pending);
      const done = () => this.preparing.delete(build.sid);
      pending.then(done, done);
    }
    return pending;
  }

  private async layOut(build: BuildRec): Promise<BuildSetup> {
    const setup = this.setupOf(build);
    if (await exists(setup.dir)) return setup;
    const staging = join(this.root, "builds", `${STAGING}${build.sid}-${randomBytes(4).toString("hex")}`);
    try {
      await fsp.mkdir(join(staging, "handlers"), { recursive: true });
      await fsp.mkdir(join(staging, "files"), { recursive: true });
      const copies = [
        ...build.functionVersions.map((v) => [v, handlerFile(staging, v)] as const),
        ...build.assetVersions.filter((v) => v.visibility === "private").map((v) => [v, assetFile(staging, v)] as const),
      ];
      for (const [v, file] of copies) await pipeline(this.blobs.open(v.sha256), createWriteStream(file, { flush: true }));
      const deps = build.dependencies.filter((d) => d.name !== RUNTIME_HANDLER);
      if (deps.length > 0) {
        const manifest = { name: "twilio-serverless-build", private: true, dependencies: Object.fromEntries(deps.map((d) => [d.name, d.version])) };
        await fsp.writeFile(join(staging, "package.json"), JSON.stringify(manifest, null, 2));
        await npmInstall(staging, deps);
      }
      await fsp.rename(staging, setup.dir);
    } catch (err) {
      await fsp.rm(staging, { recursive: true, force: true });
      // Another emulator run laid it out meanwhile: theirs is as good.
      if ((err as NodeJS.ErrnoException).code === "ENOTEMPTY" || (err as NodeJS.ErrnoException).code === "EEXIST") return setup;
      throw err;
    }
    return setup;
  }

  /** Removes staging leftovers and the builds that are not in `keep` (deleted since); never one being prepared. */
  async prune(keep: Set<string>): Promise<void> {
    const dir = join(this.root, "builds");
    const busy = [...this.preparing.keys()];
    for (const name of await fsp.readdir(dir)) {
      const sid = name.startsWith(STAGING) ? name.slice(STAGING.length).split("-")[0] : name;
      if (busy.includes(sid) || (!name.startsWith(STAGING) && keep.has(sid))) continue;
      await fsp.rm(join(dir, name), { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.preparing.values()]);
    if (this.temporary) await fsp.rm(this.root, { recursive: true, force: true });
  }
}
