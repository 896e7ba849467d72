/**
 * `npm run demo` end to end, as a newcomer runs it (`node dist/scripts/demo.js`, after the build):
 * the first run deploys the root project and every answer is the expected one; a second run finds
 * no changes; `--keep` keeps serving until Ctrl-C; `--destroy` removes the site. Each run gets its
 * own `--dir` (emulator data, file backend, PULUMI_HOME) and `--stack`, so the test never touches a
 * developer's `.demo/`. Needs `npm run build` first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { request } from "undici";
import { REPO_ROOT } from "../helpers/engine";
import { tempDir } from "../helpers/common";

const TIMEOUT = 5 * 60 * 1000;
const DEMO = path.join(REPO_ROOT, "dist", "scripts", "demo.js");
const STACK = `demo-test-${process.pid}`;
/** Stack + Service + Function + FunctionVersion + AssetFolder + Environment + AssetBundle (the 10 files) + Build + Deployment + AssetCleanup + BuildCleanup. */
const RESOURCES = 11;
/** Every served path of examples/static-site and the status the demo must print for it. */
const EXPECTED = [
  "200 public /",
  "200 public /about.html",
  "403 protected /audio/welcome.mp3 (no signature)",
  "200 protected /audio/welcome.mp3 (signed)",
  "404 private /config/settings.json",
  "200 public /images/icon.svg",
  "200 public /images/logo.png",
  "200 public /images/photo.jpg",
  "200 public /notes.txt",
  "200 public /robots.txt",
  "200 public /style.css",
  "200 public /greeting",
];

let dir: string;

function start(args: string[]): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  // No Twilio or Pulumi settings from the developer's shell: the demo brings its own.
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(TWILIO_|PULUMI_)/.test(key)) delete env[key];
  const child = spawn(process.execPath, [DEMO, "--port", "0", "--dir", dir, "--stack", STACK, ...args], { cwd: REPO_ROOT, env });
  let text = "";
  child.stdout!.on("data", (d) => (text += d));
  child.stderr!.on("data", (d) => (text += d));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => text, exit };
}

async function run(args: string[] = []): Promise<{ code: number | null; output: string }> {
  const demo = start(args);
  const code = await demo.exit;
  return { code, output: demo.output() };
}

/** The check lines the demo printed, as `status visibility path`. */
function checkLines(output: string): string[] {
  return [...output.matchAll(/^ {2}(\d{3}) (public|protected|private) +(\/\S*(?: \((?:signed|no signature)\))?)/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
}

beforeAll(() => {
  expect(fs.existsSync(DEMO)).toBe(true);
  dir = tempDir("demo-");
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  // The stack's config file (its passphrase salt) is written next to the root Pulumi.yaml.
  fs.rmSync(path.join(REPO_ROOT, `Pulumi.${STACK}.yaml`), { force: true });
});

describe("npm run demo", () => {
  it(
    "deploys the root project to the emulator, prints the URLs and every expected status, and exits 0",
    async () => {
      const { code, output } = await run();
      expect(output).toContain(`pulumi up: ${RESOURCES} create`);
      expect(output).toMatch(/Twilio URL: {3}https:\/\/static-site-demo-\d+-dev\.twil\.io\//);
      expect(output).toMatch(/In a browser: http:\/\/static-site-demo-\d+-dev\.localhost:\d+\//);
      expect(checkLines(output)).toEqual(EXPECTED);
      // The Function ran in the emulator and read the private settings.
      expect(output).toMatch(/^ {2}200 public +\/greeting +Function's answer, application\/json: \{"greeting":"Ahoy, sailor!","from":"a Twilio Function on static-site-demo-\d+-dev\.twil\.io"\}$/m);
      expect(output).toContain(`All ${EXPECTED.length} answers as expected.`);
      expect(code).toBe(0);
      expect(fs.readdirSync(dir).sort()).toEqual(["emulator", "pulumi-home", "state"]);
    },
    TIMEOUT,
  );

  it(
    "finds no changes when run again on the same data",
    async () => {
      const { code, output } = await run();
      expect(output).toContain(`pulumi up: ${RESOURCES} same`);
      expect(checkLines(output)).toEqual(EXPECTED);
      expect(code).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "keeps serving the site with --keep until interrupted, then exits 0",
    async () => {
      const demo = start(["--keep"]);
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (demo.output().includes("Ctrl-C stops it")) {
            clearInterval(timer);
            resolve();
          }
        }, 100);
        demo.exit.then(() => {
          clearInterval(timer);
          reject(new Error(`the demo exited early:\n${demo.output()}`));
        });
      });
      const browserUrl = /In a browser: (http:\/\/(\S+?):(\d+)\/)/.exec(demo.output())!;
      // What a browser does with http://{label}.localhost:PORT/: connect to loopback, send that Host.
      const res = await request(`http://127.0.0.1:${browserUrl[3]}/`, { headers: { host: `${browserUrl[2]}:${browserUrl[3]}` } });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toContain("<h1>Ahoy from Twilio Assets</h1>");
      demo.child.kill("SIGINT");
      expect(await demo.exit).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "removes the site with --destroy",
    async () => {
      const { code, output } = await run(["--destroy"]);
      expect(output).toContain(`pulumi destroy: ${RESOURCES} delete`);
      expect(code).toBe(0);
    },
    TIMEOUT,
  );
});
