/**
 * Without `TWILIO_LIVE=1` (or without credentials), `npm run test:live` says so, exits 0, and not
 * one request leaves the machine: its command runs with a guard preloaded that logs and refuses
 * every connection and every host name look-up (test/fixtures/network-guard.js).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../helpers/common";
import { REPO_ROOT } from "../helpers/engine";

const GUARD = path.join(REPO_ROOT, "test", "fixtures", "network-guard.js");
const TOKEN = "0123456789abcdef0123456789abcdef";
const ACCOUNT = `AC${"0".repeat(32)}`;

let logDir: string;
beforeAll(() => {
  logDir = tempDir("network-guard-");
});
afterAll(() => fs.rmSync(logDir, { recursive: true, force: true }));

/** `npm run test:live`'s own command line (package.json), with the guard preloaded into its node. */
function liveCommand(): string[] {
  const script: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).scripts["test:live"];
  const [node, ...rest] = script.split(" ");
  expect(node).toBe("node");
  return ["-r", GUARD, ...rest];
}

/** Runs node with `args` under the guard; answers its exit status, its output and what the guard saw. */
function guarded(name: string, args: string[], env: Record<string, string>) {
  const log = path.join(logDir, `${name}.log`);
  fs.writeFileSync(log, "");
  const run = spawnSync(process.execPath, args, {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 60_000,
    // Nothing of this process's environment: no TWILIO_* but the case's.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NETWORK_GUARD_LOG: log, ...env },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}`, attempts: fs.readFileSync(log, "utf8") };
}

describe("npm run test:live without TWILIO_LIVE=1", () => {
  it("says so, exits 0, and sends nothing, though credentials are set", () => {
    const run = guarded("unset", liveCommand(), { TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN });
    expect(run).toEqual({ status: 0, output: expect.stringContaining("TWILIO_LIVE is not set"), attempts: "" });
    expect(run.output).toContain("Nothing was sent.");
    expect(run.output).not.toContain(TOKEN);
  });

  it("takes only 1 for yes, with --compare too", () => {
    const run = guarded("true", [...liveCommand(), "--compare"], { TWILIO_LIVE: "true", TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_API_KEY: `SK${"0".repeat(32)}`, TWILIO_API_SECRET: TOKEN });
    expect(run).toEqual({ status: 0, output: expect.stringContaining('TWILIO_LIVE is "true", not "1"'), attempts: "" });
  });

  it("with TWILIO_LIVE=1 but no credentials: says which are missing, exits 0, and sends nothing", () => {
    const run = guarded("no-credentials", [...liveCommand(), "--sweep"], { TWILIO_LIVE: "1", TWILIO_ACCOUNT_SID: ACCOUNT });
    expect(run).toEqual({ status: 0, output: expect.stringContaining("set TWILIO_AUTH_TOKEN, or TWILIO_API_KEY with TWILIO_API_SECRET"), attempts: "" });
  });

  it("(the guard itself: it sees a request that does leave)", () => {
    const run = guarded("control", ["-r", GUARD, "-e", "fetch('https://serverless.twilio.com/v1/Services').catch(() => process.exit(3))"], {});
    expect(run.status).toBe(3);
    expect(run.attempts).toMatch(/serverless\.twilio\.com/);
  });
});
