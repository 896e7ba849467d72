import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator/src";
import { parseCli, parseListCli } from "../../emulator/src/cli";
import { listHoldings } from "../../emulator/src/list";

const REPO = join(__dirname, "..", "..");

describe("npm run emulator", () => {
  it("parses its options", () => {
    expect(parseCli([])).toMatchObject({ port: 8787, buildDurationMs: 1000, latencyMs: 0, faults: undefined, quiet: false });
    expect(
      parseCli(["--port", "0", "--data-dir", "/tmp/x", "--build-duration-ms", "5", "--latency-ms", "20", "--max-concurrent-requests", "4", "--fault-rate", "0.1", "--fault-kinds", "429,drop", "--retry-after", "3", "--seed", "7", "--quiet"]),
    ).toEqual({
      port: 0,
      host: undefined,
      dataDir: "/tmp/x",
      buildDurationMs: 5,
      latencyMs: 20,
      maxConcurrentRequests: 4,
      faults: { rate: 0.1, kinds: ["429", "drop"], retryAfterSeconds: 3, seed: 7 },
      resolveDependencies: true,
      quiet: true,
    });
    expect(parseCli(["--no-resolve-dependencies"])).toMatchObject({ resolveDependencies: false });
    expect(parseCli([])).toMatchObject({ functionTimeoutMs: undefined, maxConcurrentFunctionExecutions: undefined });
    expect(parseCli(["--function-timeout-ms", "500", "--max-concurrent-function-executions", "2"])).toMatchObject({
      functionTimeoutMs: 500,
      maxConcurrentFunctionExecutions: 2,
    });
    expect(() => parseCli(["--function-timeout-ms", "0"])).toThrow('--function-timeout-ms must be a whole number of at least 1, got "0"');
    expect(parseCli([])).toMatchObject({ defaultDependencies: undefined, runtimeHandlerVersions: undefined });
    expect(parseCli(["--default-dependencies", "2021", "--runtime-handler-versions", "2.0.1, 2.1.0"])).toMatchObject({
      defaultDependencies: "2021",
      runtimeHandlerVersions: ["2.0.1", "2.1.0"],
    });
    expect(() => parseCli(["--default-dependencies", "2019"])).toThrow('--default-dependencies must be one of current, 2021, got "2019"');
    expect(parseCli(["--help"])).toBe("help");
    expect(() => parseCli(["--port", "abc"])).toThrow('--port must be a non-negative number, got "abc"');
    expect(() => parseCli(["--max-concurrent-requests", "0"])).toThrow('--max-concurrent-requests must be a whole number of at least 1, got "0"');
    expect(() => parseCli(["--unknown"])).toThrow();
  });

  it("prints its address and the credentials from the environment, and stops on SIGTERM", async () => {
    const accountSid = "AC" + "1".repeat(32);
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "emulator/src/cli.ts", "--port", "0"], {
      cwd: REPO,
      env: { ...process.env, TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: "secret-token" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (c) => {
        out += c;
        if (out.includes("Data:")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(out).toMatch(/^Twilio Serverless emulator listening on http:\/\/127\.0\.0\.1:\d+\n/);
    expect(out).toContain(`Account SID:    ${accountSid}`);
    expect(out).toContain("Auth Token:     secret-token");
    expect(out).toMatch(/API Key SID:    SK[0-9a-f]{32}/);
    const url = /listening on (\S+)/.exec(out)![1];
    const res = await fetch(`${url}/v1/Services`, { headers: { authorization: "Basic " + Buffer.from(`${accountSid}:secret-token`).toString("base64") } });
    expect(res.status).toBe(200);
    const code = await new Promise((resolve) => {
      child.removeAllListeners("exit");
      child.on("exit", resolve);
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
  });

  it("is the package's bin: a committed node script, so npm links it before the first build", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "emulator", "package.json"), "utf8")) as { bin: Record<string, string>; files: string[] };
    expect(pkg.bin).toEqual({ "twilio-serverless-emulator": "bin/twilio-serverless-emulator.js" });
    expect(pkg.files).toContain("bin/*.js");
    const bin = join(REPO, "emulator", pkg.bin["twilio-serverless-emulator"]);
    expect(readFileSync(bin, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    // Runs the built command: an unknown option prints the usage and exits 2.
    const result = spawnSync(process.execPath, [bin, "--no-such-option"], { encoding: "utf8" });
    expect(result.stderr).toContain("--port");
    expect(result.status).toBe(2);
  });
});

describe("twilio-serverless-emulator list", () => {
  it("parses its options: the port (or URL) and the data dir", () => {
    expect(parseListCli([])).toEqual({ url: "http://127.0.0.1:8787", dataDir: undefined });
    expect(parseListCli(["--port", "9000", "--data-dir", ".emulator"])).toEqual({ url: "http://127.0.0.1:9000", dataDir: ".emulator" });
    expect(parseListCli(["--url", "http://emulator:8787"])).toEqual({ url: "http://emulator:8787", dataDir: undefined });
  });

  it("lists each Service with its Environments, the build each serves and the counts, with the data dir's credentials", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "emulator-list-"));
    const emulator = await startEmulator({ port: 0, quiet: true, dataDir, accountSid: "AC" + "2".repeat(32), authToken: "list-token" });
    const saved = { sid: process.env.TWILIO_ACCOUNT_SID, token: process.env.TWILIO_AUTH_TOKEN };
    delete process.env.TWILIO_ACCOUNT_SID;
    delete process.env.TWILIO_AUTH_TOKEN;
    try {
      expect(await listHoldings({ url: emulator.url, dataDir })).toEqual([`The emulator at ${emulator.url} holds no Service.`]);
      const auth = { authorization: "Basic " + Buffer.from(`${emulator.accountSid}:list-token`).toString("base64") };
      const post = async (path: string, form: Record<string, string>) =>
        (await (await fetch(`${emulator.url}${path}`, { method: "POST", headers: auth, body: new URLSearchParams(form) })).json()) as { sid: string; domain_name: string };
      const service = await post("/v1/Services", { UniqueName: "listed", FriendlyName: "Listed" });
      const env = await post(`/v1/Services/${service.sid}/Environments`, { UniqueName: "dev", DomainSuffix: "dev" });
      await post(`/v1/Services/${service.sid}/Assets`, { FriendlyName: "/a.txt" });
      const port = new URL(emulator.url).port;
      expect(await listHoldings({ url: emulator.url, dataDir })).toEqual([
        `Service ${service.sid} listed ("Listed")`,
        `  Environment ${env.sid} dev: ${env.domain_name}, serves nothing (in a browser: http://${env.domain_name.replace(".twil.io", "")}.localhost:${port}/)`,
        "  0 Builds, 1 Asset, 0 Functions",
      ]);
      await expect(listHoldings({ url: emulator.url })).rejects.toThrow(/needs --data-dir DIR/);
    } finally {
      if (saved.sid !== undefined) process.env.TWILIO_ACCOUNT_SID = saved.sid;
      if (saved.token !== undefined) process.env.TWILIO_AUTH_TOKEN = saved.token;
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
