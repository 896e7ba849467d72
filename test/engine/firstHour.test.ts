/**
 * What a new user trips on in the first hour (issue 29), through the real engine: a half-set
 * offline config, a mistyped key, a plain-text auth token, a folder that is not there. Each must
 * either work or fail at `pulumi preview` with one clean line, before any request leaves for Twilio.
 * Needs `npm run build` first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator/src";
import { changeCounts, createEngineStack, type EngineStack, type EngineStackOptions } from "../helpers/engine";
import { fetchSite, uniqueName } from "../helpers/common";

const PROGRAM = "test/fixtures/first-hour";
const TIMEOUT = 300_000;
const SITE_FILES = 3;

let emulator: RunningEmulator;
beforeAll(async () => (emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 50 })));
afterAll(() => emulator?.close());

let stack: EngineStack | undefined;
afterEach(async () => {
  await stack?.dispose();
  stack = undefined;
}, TIMEOUT);

async function firstHourStack(opts: Partial<EngineStackOptions> = {}): Promise<EngineStack> {
  const config = { "first-hour:serviceName": uniqueName("first"), ...opts.config };
  stack = await createEngineStack({ program: PROGRAM, emulator, ...opts, config });
  return stack;
}

/** A message Pulumi printed for a program error: the message, and whether a stack trace came with it. */
function programError(output: string) {
  return { unhandled: /unhandled exception/.test(output), frames: (output.match(/^\s+at .*\(.*:\d+:\d+\)$/gm) ?? []).length };
}

describe("the first hour", () => {
  it(
    "sends every upload to the emulator when only twilio:serverlessBaseUrl is set",
    async () => {
      const s = await firstHourStack({ baseUrls: "api-only" });
      emulator.resetStats();
      const result = await s.up();
      // Nothing but the emulator could have answered: any request to Twilio's upload host fails here.
      expect(changeCounts(result.summary.resourceChanges).create).toBeGreaterThan(SITE_FILES);
      expect(emulator.stats().uploads).toBe(SITE_FILES);
      const domain = String(result.outputs.domainName.value);
      expect((await fetchSite(emulator, domain, "/")).status).toBe(200);
      expect((await fetchSite(emulator, domain, "/style.css")).body).toBe("body { color: teal; }\n");
    },
    TIMEOUT,
  );

  it(
    "fails the preview on a key that misses one of ours by case, before any request",
    async () => {
      // The user meant twilio:serverlessBaseUrl; the upload URL alone would otherwise send the API to Twilio.
      const s = await firstHourStack({ baseUrls: "api-only", config: { "twilio:serverlessBaseURL": emulator.url } });
      await s.stack.workspace.removeConfig("test", "twilio:serverlessBaseUrl");
      emulator.resetStats();
      await expect(s.preview()).rejects.toThrow(
        /Stack config twilio:serverlessBaseURL is not a setting of pulumi-twilio-serverless; did you mean twilio:serverlessBaseUrl\?/,
      );
      expect(programError(s.output())).toEqual({ unhandled: false, frames: 0 });
      expect(emulator.stats().requests).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "fails the preview, naming twilio:serverlessBaseUrl, when only the upload URL points away from Twilio",
    async () => {
      const s = await firstHourStack();
      await s.stack.workspace.removeConfig("test", "twilio:serverlessBaseUrl");
      emulator.resetStats();
      await expect(s.preview()).rejects.toThrow(/Setting twilio:serverlessUploadBaseUrl .* but twilio:serverlessBaseUrl .* is not set/);
      await expect(s.up()).rejects.toThrow(/twilio:serverlessBaseUrl .* is not set/);
      expect(emulator.stats().requests).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "warns when the auth token is in stack config in plain text, and still works",
    async () => {
      const s = await firstHourStack({ config: { "twilio:authToken": emulator.authToken } });
      await s.preview();
      expect(s.output()).toContain("Stack config twilio:authToken is stored in plain text in Pulumi.<stack>.yaml");
      expect(s.output()).not.toContain(emulator.authToken);
    },
    TIMEOUT,
  );

  it(
    "prints a component's error as one clean line, its stack only with --debug",
    async () => {
      const s = await firstHourStack({ config: { "first-hour:dir": "no-such-folder" } });
      const missing = path.join(s.workDir, "no-such-folder");
      await expect(s.preview()).rejects.toThrow(/AssetFolder "site": the directory .* does not exist/);
      const clean = s.output();
      expect(clean).toContain(`AssetFolder "site": the directory ${JSON.stringify(missing)} does not exist.`);
      expect(programError(clean)).toEqual({ unhandled: false, frames: 0 });

      const debug = await s.cli(["preview", "--debug"]);
      expect(debug.code).not.toBe(0);
      expect(`${debug.stdout}${debug.stderr}`).toMatch(/DeclarationError: AssetFolder "site": the directory .* does not exist\.\n\s+at /);

      // An oversize file, the other common one: 26 MB of public asset.
      fs.rmSync(missing, { recursive: true, force: true });
      fs.mkdirSync(missing);
      fs.writeFileSync(path.join(missing, "index.html"), "<h1>big</h1>\n");
      fs.writeFileSync(path.join(missing, "huge.mp3"), Buffer.alloc(26_000_000));
      const oversize = await s.cli(["preview"]);
      expect(oversize.code).not.toBe(0);
      expect(oversize.stdout).toContain(`"huge.mp3" is 26,000,000 bytes, over Twilio's limit of 25,000,000 bytes for public files`);
      expect(programError(oversize.stdout + oversize.stderr)).toEqual({ unhandled: false, frames: 0 });
    },
    TIMEOUT,
  );
});
