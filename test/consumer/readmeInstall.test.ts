/**
 * README "Install", run as written: its shell block, line by line, in a fresh HOME. The clone is
 * of this repository's committed HEAD (the block's `<this repository>`), the packs go where the
 * README puts them, and the infra repo is a new npm project that installs the three tarballs.
 * What the README says must work for a user, from the same words; a step that fails, or a file
 * name that no longer matches, fails here. (The packed packages' behaviour in a Pulumi project
 * is consumer.test.ts.)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/pulumiCli";
import { tempDir } from "../helpers/common";
import { run } from "./project";

// A clone, npm ci, a build and three installs on a busy 2-core machine.
jest.setTimeout(900_000);

const INFRA_MARKER = "# then, in your infra repo:";

/** The first ```sh block after `## Install` in README.md, as lines (comments kept: they mark where the infra repo starts). */
function installBlock(): string[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Install\n"));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("README.md has no ```sh block under ## Install");
  return block[1].split("\n").filter((line) => line.trim() !== "");
}

let work: string;
beforeAll(() => {
  work = tempDir("readme-install-");
});
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("README Install, as written", () => {
  it("clones, builds, packs into ~/twilio-packs and installs the three packages in an infra repo", async () => {
    const lines = installBlock();
    const split = lines.indexOf(INFRA_MARKER);
    expect(split).toBeGreaterThan(0);
    const home = path.join(work, "home");
    const infra = path.join(work, "infra");
    fs.mkdirSync(home);
    fs.mkdirSync(infra);
    const env = { ...process.env, HOME: home, npm_config_cache: process.env.npm_config_cache ?? path.join(process.env.HOME ?? home, ".npm") };
    const bash = (script: string, cwd: string) => run("bash", ["-euo", "pipefail", "-c", script], { cwd, env, maxBuffer: 64 * 1024 * 1024 });

    // In a user's shell: the lines up to the marker, `<this repository>` being this one's clone URL.
    const setup = lines.slice(0, split).join("\n").replace("<this repository>", `file://${REPO_ROOT}`);
    await bash(setup, work);
    const packs = fs.readdirSync(path.join(home, "twilio-packs")).sort();
    expect(packs).toEqual(expect.arrayContaining([expect.stringMatching(/^pulumi-twilio-serverless-\d/)]));

    // In the infra repo: a new npm project, then the lines after the marker.
    await run("npm", ["init", "-y"], { cwd: infra, env });
    await bash(lines.slice(split + 1).join("\n"), infra);
    const manifest = JSON.parse(fs.readFileSync(path.join(infra, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).toEqual(["pulumi-twilio-serverless"]);
    expect(Object.keys(manifest.devDependencies).sort()).toEqual(["pulumi-twilio-serverless-emulator", "pulumi-twilio-serverless-policy"]);
    for (const bin of ["twilio-serverless-review", "twilio-serverless-emulator"]) {
      expect(fs.existsSync(path.join(infra, "node_modules", ".bin", bin))).toBe(true);
    }
    const version = (pkg: string) => JSON.parse(fs.readFileSync(path.join(infra, "node_modules", pkg, "package.json"), "utf8")).version;
    const ours = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "provider", "package.json"), "utf8")).version;
    expect(["pulumi-twilio-serverless", "pulumi-twilio-serverless-policy", "pulumi-twilio-serverless-emulator"].map(version)).toEqual([ours, ours, ours]);
  });
});
