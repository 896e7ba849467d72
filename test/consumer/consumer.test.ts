/**
 * The packages as a user meets them: packed with `npm pack`, installed into a Pulumi project of
 * its own outside this repository (Pulumi's TypeScript template tsconfig, an `@pulumi/pulumi`
 * newer than our dev pin), and run with the real CLI against the emulator started through its bin.
 *
 * Needs `npm run build` first (npm test does it) and the Pulumi CLI (fails, never skips, without).
 * The newer SDK is the root devDependency `pulumi-sdk-newer` (an npm alias), so `npm ci` has put it
 * in the npm cache and the project installs with `--prefer-offline`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { request } from "undici";
import { fetchSite } from "../helpers/common";
import { configureForEmulator, createProject, devVersion, newWorkDir, type Project, run } from "./project";

// Each step runs the CLI or the compiler on a whole project; on a busy 2-core machine that takes a while.
jest.setTimeout(300_000);

/** Newer than the provider's dev pin (`@pulumi/pulumi` in the root devDependencies). */
const NEWER_SDK = devVersion("pulumi-sdk-newer");

/** One program, two shapes: a small site, or 51 private asset versions in one build. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Asset, AssetFolder, AssetVersion, Build, Service } from "pulumi-twilio-serverless";

const config = new pulumi.Config();
const service = new Service("acme", { uniqueName: config.require("serviceName"), friendlyName: "ACME IVR" });
export let url: pulumi.Output<string> | undefined;
if (config.getBoolean("tooManyPrivateFiles")) {
  const versions = Array.from({ length: 51 }, (_, i) => {
    const asset = new Asset(\`config-\${i}\`, { serviceSid: service.sid, friendlyName: \`/config/\${i}.json\` });
    return new AssetVersion(\`config-\${i}\`, {
      serviceSid: service.sid,
      assetSid: asset.sid,
      path: \`/config/\${i}.json\`,
      visibility: "private",
      content: new pulumi.asset.StringAsset(\`{"n": \${i}}\`),
    });
  });
  new Build("site", { serviceSid: service.sid, assetVersions: versions.map((v) => v.sid) });
} else {
  const site = new AssetFolder("site", { service, dir: "site", rootPage: "index.html", environment: { uniqueName: "dev", domainSuffix: "dev" } });
  url = site.url;
}
`;

/** Every subpath a user may import, typed under each moduleResolution a project may use. */
const IMPORTS = `import { AssetFolder, Service, TYPE_TOKENS } from "pulumi-twilio-serverless";
import { provider } from "pulumi-twilio-serverless/runtime";
import { LIMITS, pathProblem } from "pulumi-twilio-serverless/limits";
import { FILE_PROPERTY_PREFIX } from "pulumi-twilio-serverless/tokens";
import { startEmulator, computeSignature } from "pulumi-twilio-serverless-emulator";
export const used = [AssetFolder, Service, TYPE_TOKENS, provider, LIMITS, pathProblem, FILE_PROPERTY_PREFIX, startEmulator, computeSignature];
`;

interface Emulator {
  child: ChildProcess;
  url: string;
  accountSid: string;
  authToken: string;
}

let work: string;
let project: Project;
let emulator: Emulator | undefined;

/** Starts the emulator the way the README says: the package's bin, here through the project's node_modules/.bin. */
async function startEmulatorBin(): Promise<Emulator> {
  const bin = path.join(project.dir, "node_modules", ".bin", "twilio-serverless-emulator");
  const child = spawn(bin, ["--port", "0", "--build-duration-ms", "50"], { cwd: project.dir, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      if (out.includes("Sites:")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited ${code}: ${out}`)));
  });
  const field = (label: string) => new RegExp(`${label}:\\s+(\\S+)`).exec(out)![1];
  return { child, url: /listening on (\S+)/.exec(out)![1], accountSid: field("Account SID"), authToken: field("Auth Token") };
}

async function site(domain: string, servedPath: string): Promise<number> {
  return (await fetchSite(emulator!, domain, servedPath)).status;
}

async function api(pathname: string): Promise<Record<string, unknown>> {
  const auth = Buffer.from(`${emulator!.accountSid}:${emulator!.authToken}`).toString("base64");
  const res = await request(`${emulator!.url}${pathname}`, { headers: { authorization: `Basic ${auth}` } });
  return (await res.body.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  work = newWorkDir();
  project = await createProject({
    work,
    sdk: NEWER_SDK,
    packages: ["provider", "policy", "emulator"],
    program: PROGRAM,
    files: {
      "site/index.html": "<h1>ACME</h1>\n",
      "site/about.txt": "About ACME\n",
      "site/audio/menu.protected.mp3": Buffer.alloc(2048, 7),
      "site/config/settings.private.json": '{"greeting": "hi"}\n',
    },
  });
  emulator = await startEmulatorBin();
  await project.pulumiOk(["config", "set", "serviceName", "acme-ivr"]);
  await configureForEmulator(project, emulator);
}, 600_000);

afterAll(async () => {
  emulator?.child.kill("SIGTERM");
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const POLICY_PACK = path.join("node_modules", "pulumi-twilio-serverless-policy");
/** `--event-log` is one of the CLI's hidden flags, which it accepts only with this set. */
const DEBUG_COMMANDS = { PULUMI_DEBUG_COMMANDS: "true" };

/** The review command as the README runs it: the provider package's bin, from node_modules/.bin. */
async function reviewBin(args: string[]): Promise<{ code: number; stdout: string }> {
  const bin = path.join(project.dir, "node_modules", ".bin", "twilio-serverless-review");
  try {
    return { code: 0, stdout: (await run(bin, args, { cwd: project.dir })).stdout };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, stdout: e.stdout ?? "" };
  }
}

describe("a Pulumi project of its own, with the packed packages installed", () => {
  it("has one copy of @pulumi/pulumi, the project's newer one", async () => {
    const { stdout } = await run("npm", ["ls", "@pulumi/pulumi", "--all", "--json"], { cwd: project.dir });
    const versions = new Set<string>();
    const walk = (deps: Record<string, { version?: string; dependencies?: object }> | undefined) => {
      for (const [name, dep] of Object.entries(deps ?? {})) {
        if (name === "@pulumi/pulumi" && dep.version) versions.add(dep.version);
        walk(dep.dependencies as Record<string, { version?: string }> | undefined);
      }
    };
    walk(JSON.parse(stdout).dependencies);
    expect([...versions]).toEqual([NEWER_SDK]);
    expect(NEWER_SDK).not.toBe(devVersion("@pulumi/pulumi"));
    expect(fs.existsSync(path.join(project.dir, "node_modules", "pulumi-twilio-serverless", "node_modules", "@pulumi"))).toBe(false);
  });

  it("types every subpath under moduleResolution node10, node16 and bundler", async () => {
    fs.writeFileSync(path.join(project.dir, "imports.ts"), IMPORTS);
    const tsc = path.join(project.dir, "node_modules", "typescript", "bin", "tsc");
    // node10 (the template's) checks our declarations too; the others check that every subpath resolves to them.
    for (const [module, moduleResolution, libCheck] of [["commonjs", "node10", []], ["node16", "node16", ["--skipLibCheck"]], ["esnext", "bundler", ["--skipLibCheck"]]] as const) {
      const args = [tsc, "--noEmit", "--strict", "--target", "es2020", "--module", module, "--moduleResolution", moduleResolution, ...libCheck, "imports.ts"];
      const result = await run(process.execPath, args, { cwd: project.dir }).then(
        () => "",
        (err: { stdout?: string }) => err.stdout ?? String(err),
      );
      expect({ moduleResolution, errors: result }).toEqual({ moduleResolution, errors: "" });
    }
  });

  it("previews with the policy pack from node_modules, and deploys a site that serves 200, 403 and 404", async () => {
    const preview = await project.pulumiOk(["preview", "--policy-pack", POLICY_PACK]);
    expect(preview).toMatch(/twilio-serverless@v0\.2\.0 \(local: node_modules\/pulumi-twilio-serverless-policy\)/);
    // The stack, the Service, the AssetFolder, its Environment, AssetBundle (the 4 files), Build, Deployment, AssetCleanup and BuildCleanup.
    expect(preview).toContain("9 to create");

    await project.pulumiOk(["up", "--yes", "--skip-preview"]);
    const url = (await project.pulumiOk(["stack", "output", "url"])).trim();
    const domain = new URL(url).host;
    expect(await site(domain, "/")).toBe(200);
    expect(await site(domain, "/about.txt")).toBe(200);
    expect(await site(domain, "/audio/menu.mp3")).toBe(403);
    expect(await site(domain, "/config/settings.json")).toBe(404);
  });

  it("previews a one-file edit as that file's change, and the review command reports that one file", async () => {
    fs.writeFileSync(path.join(project.dir, "site", "about.txt"), "About ACME, edited\n");
    const log = path.join(work, "edit.jsonl");
    const preview = await project.pulumiOk(["preview", "--diff", "--event-log", log], DEBUG_COMMANDS);
    const replaced = [...preview.matchAll(/^\s*\+-pulumi-nodejs:dynamic\/twilio:(\w+): \(replace\)\n(?:\s*\[id=\w+\]\n)?\s*\[urn=.*::([^\]]+)\]/gm)];
    // The default layout: the file changes in the AssetBundle (named by path on its row), and the Build and the Deployment are replaced.
    expect({ replaced: replaced.map((m) => `${m[1]} ${m[2]}`), preview }).toMatchObject({ replaced: ["Build site", "Deployment site"] });
    expect(preview).toMatch(/^\s*~ file:about\.txt: \{$/m);
    expect(preview).toContain('AssetBundle "site": 1 file changed:\n');
    expect(preview).toMatch(/^\s+~ \/about\.txt$/m);
    expect(preview).toContain("2 to replace");
    const review = await reviewBin([log]);
    expect(review.code).toBe(0);
    expect(review.stdout).toContain("| changed: content | `/about.txt` | public | 19 bytes | +8 | `about.txt` |");
  });

  it("fails the preview with the policy pack when a build holds a 51st private file", async () => {
    await project.pulumiOk(["stack", "init", "violation"]);
    await project.pulumiOk(["config", "set", "--stack", "violation", "serviceName", "acme-violation"]);
    await project.pulumiOk(["config", "set", "--stack", "violation", "tooManyPrivateFiles", "true"]);
    await configureForEmulator(project, emulator!, "violation");
    const log = path.join(work, "violation.jsonl");
    const result = await project.pulumi(["preview", "--stack", "violation", "--policy-pack", POLICY_PACK, "--event-log", log], DEBUG_COMMANDS);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain("build-private-asset-version-limit");
    expect(result.out).toContain('Build "site" includes 51 private asset versions, over the limit of 50 per build.');
    // The review fails it too, with the violation, and finds the Build's 51 files outside any AssetFolder.
    const review = await reviewBin([log]);
    expect(review.code).toBe(1);
    expect(review.stdout).toContain(
      '- `build-private-asset-version-limit` on Build `site`: Build "site" includes 51 private asset versions, over the limit of 50 per build.',
    );
    expect(review.stdout).toContain("### Build `site`");
    expect(review.stdout).toContain("| files | 51 added, 0 changed, 0 removed |");
    await project.pulumiOk(["stack", "select", "dev"]);
  });

  it("destroys everything it made", async () => {
    await project.pulumiOk(["destroy", "--yes", "--skip-preview", "--stack", "dev"]);
    expect(await api("/v1/Services")).toMatchObject({ services: [] });
  });
});
