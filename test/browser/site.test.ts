/**
 * The static site in a real browser: examples/static-site deployed through the engine to the
 * emulator, then opened by headless Chromium (Debian's `chromium`, driven by playwright-core; no
 * browser download) at the emulator's `http://{domain}.localhost:PORT/`. The root page must render
 * with its stylesheet and both images loaded. Fails, never skips, when Chromium is missing.
 * Needs `npm run build` first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { type RunningEmulator, startEmulator } from "../../emulator/src";
import { createEngineStack, type EngineStack } from "../helpers/engine";
import { tempDir, uniqueName } from "../helpers/common";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TIMEOUT = 5 * 60 * 1000;

let emulator: RunningEmulator;
let stack: EngineStack;
let profileDir: string;
let context: BrowserContext;
let siteUrl: string;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is required for the browser test and is not at ${CHROMIUM}: run scripts/install-chromium.sh or set CHROMIUM_PATH`);
  }
  emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 200 });
  stack = await createEngineStack({
    program: "examples/static-site",
    emulator,
    config: { "static-site:serviceName": uniqueName("browser") },
  });
  const result = await stack.up();
  siteUrl = `${emulator.localSiteUrl(result.outputs.domainName.value)}/`;
  profileDir = tempDir("chromium-profile-");
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-proxy-server",
    ],
  });
}, TIMEOUT);

afterAll(async () => {
  await context?.close();
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  await stack?.dispose();
  await emulator?.close();
}, TIMEOUT);

describe("the deployed static site in headless Chromium", () => {
  it(
    "renders the root page with its stylesheet and images",
    async () => {
      const page = await context.newPage();
      const statuses: Record<string, number> = {};
      page.on("response", (res) => {
        statuses[new URL(res.url()).pathname] = res.status();
      });
      const response = await page.goto(siteUrl, { waitUntil: "load" });
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-type"]).toMatch(/^text\/html/);

      expect(await page.title()).toBe("Ahoy from Twilio Assets");
      expect(await page.locator("h1").textContent()).toBe("Ahoy from Twilio Assets");
      // style.css applied: the heading is Twilio red.
      expect(await page.locator("h1").evaluate((h) => h.ownerDocument.defaultView!.getComputedStyle(h).color)).toBe("rgb(242, 47, 70)");
      const images = await page.$$eval("img", (imgs) =>
        imgs.map((img) => ({ src: new URL(img.src).pathname, complete: img.complete, width: img.naturalWidth, height: img.naturalHeight })),
      );
      expect(images).toEqual([
        { src: "/images/logo.png", complete: true, width: 96, height: 96 },
        { src: "/images/photo.jpg", complete: true, width: 160, height: 90 },
      ]);
      expect(statuses).toMatchObject({ "/": 200, "/style.css": 200, "/images/logo.png": 200, "/images/photo.jpg": 200 });

      // SCREENSHOT_PATH keeps the picture for a look; by default it goes with the profile directory.
      const screenshot = process.env.SCREENSHOT_PATH ?? path.join(profileDir, "screenshot.png");
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(fs.readFileSync(screenshot).subarray(1, 4).toString()).toBe("PNG");
      await page.close();
    },
    TIMEOUT,
  );

  it(
    "gets a page's link and Twilio's visibility rules right from the browser too",
    async () => {
      const page = await context.newPage();
      await page.goto(siteUrl);
      await Promise.all([page.waitForURL(/about\.html$/), page.click("text=about.html")]);
      expect(await page.locator("h1").textContent()).toBe("About this site");
      // A browser cannot sign requests: the protected MP3 is refused, the private config is never served.
      expect((await page.goto(`${siteUrl}audio/welcome.mp3`))?.status()).toBe(403);
      expect((await page.goto(`${siteUrl}config/settings.json`))?.status()).toBe(404);
      await page.close();
    },
    TIMEOUT,
  );
});
