/**
 * examples/promote through the real engine (issue 30): the site's stack builds and deploys to dev,
 * production's stack promotes the release it exports (StackReference, one shared file backend).
 * Production keeps serving its build, files dev removed included, while dev moves on; a promotion
 * uploads and builds nothing;
 * the builds no environment serves are gone after the site's next `up`; destroying both leaves
 * the account empty. Needs `npm run build` first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator/src";
import { changeCounts, createEngineStack, type EngineStack } from "../helpers/engine";
import { fetchSite, tempDir, uniqueName } from "../helpers/common";
import { DEBUG_COMMANDS, runReview, section, tableRows } from "../helpers/review";

const TIMEOUT = 600_000;
let emulator: RunningEmulator;
let stateDir: string;
let site: EngineStack;
let production: EngineStack;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 50 });
  stateDir = tempDir("promote-state-");
  site = await createEngineStack({
    program: "examples/promote/site",
    emulator,
    stateDir,
    stackName: "dev",
    config: { "promote-site:serviceName": uniqueName("promote") },
  });
  production = await createEngineStack({ program: "examples/promote/production", emulator, stateDir, stackName: "production" });
}, TIMEOUT);

afterAll(async () => {
  await production?.dispose();
  await site?.dispose();
  await emulator?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
}, TIMEOUT);

/** The page each environment serves now. */
async function pages(): Promise<{ dev: string; production?: string }> {
  const devDomain = String((await site.stack.outputs()).domainName.value);
  const prodOutputs = await production.stack.outputs();
  const prodDomain = prodOutputs.domainName ? String(prodOutputs.domainName.value) : undefined;
  const page = async (domain: string) => {
    const res = await fetchSite(emulator, domain, "/");
    expect(res.status).toBe(200);
    return /<h1>(.*)<\/h1>/.exec(res.body)![1];
  };
  return { dev: await page(devDomain), production: prodDomain ? await page(prodDomain) : undefined };
}

function editVersion(version: number): void {
  fs.writeFileSync(path.join(site.workDir, "public", "index.html"), `<!doctype html>\n<title>ACME</title>\n<h1>ACME, version ${version}</h1>\n`);
}

async function buildsInTwilio(): Promise<number> {
  return emulator.inventory().builds;
}

describe("promoting a tested build to production", () => {
  const builds: string[] = [];

  it(
    "deploys v1 to dev, then promotes it to production: one Deployment, no upload, no build",
    async () => {
      await site.up();
      builds.push(String((await site.stack.outputs()).release.value.buildSid));
      emulator.resetStats();
      const up = await production.up();
      expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: 5 }); // stack, Promotion, Environment, Deployment, Variable
      expect(emulator.stats()).toMatchObject({ uploads: 0 });
      expect(emulator.stats().byOperation.CreateBuild ?? 0).toBe(0);
      expect(up.outputs.buildSid.value).toBe(builds[0]);
      expect(await pages()).toEqual({ dev: "ACME, version 1", production: "ACME, version 1" });
    },
    TIMEOUT,
  );

  it(
    "keeps production on v1 while dev deploys v2 and v3, and leaves v1 live for it",
    async () => {
      for (const version of [2, 3]) {
        editVersion(version);
        await site.up();
        builds.push(String((await site.stack.outputs()).release.value.buildSid));
        expect(await pages()).toEqual({ dev: `ACME, version ${version}`, production: "ACME, version 1" });
      }
      expect(site.output()).toContain(`Build ${builds[0]} stays in Twilio: Environment production`);
      // v1 (production's) and v3 (dev's) are left; v2, which nobody served once v3 was live, is gone.
      expect(await buildsInTwilio()).toBe(2);
    },
    TIMEOUT,
  );

  it(
    "previews the promotion of v3 as a Deployment change only, saying where the build comes from, and the review lists the files that differ",
    async () => {
      const log = path.join(stateDir, "promotion.jsonl");
      emulator.resetStats();
      const preview = await production.cli(["preview", "--event-log", log], DEBUG_COMMANDS);
      expect(preview.code).toBe(0);
      expect(emulator.stats().writes).toBe(0);
      expect(preview.stdout).toMatch(/\+-\s+pulumi-nodejs:dynamic\/twilio:Deployment\s+production\s+replace/);
      expect(preview.stdout).toMatch(/1 to replace\n\s+4 unchanged/);
      expect(preview.stdout).toContain(
        `Deployment "production": deploys Build ${builds[2]} from dev (3 files, 0 Functions); it served Build ${builds[0]} from dev before: files 1 changed, 0 added, 0 removed; Functions unchanged`,
      );

      const review = await runReview([log]);
      expect(review.code).toBe(0);
      const promotion = section(review.stdout, "### Promotion `production`");
      expect(promotion).toContain(
        `Promotes build \`${builds[2]}\` from \`dev\` to \`production\`, which served build \`${builds[0]}\` from \`dev\` before. Nothing is uploaded or built: the files below are those that differ between the two builds.`,
      );
      expect(tableRows(promotion)).toEqual([expect.stringMatching(/^\| changed: content \| `\/` \| public \| [\d,]+ bytes \| 0 \| `\/` \|$/)]);
      expect(review.stdout).toContain("| uploads | 0 files, 0 bytes |");
    },
    TIMEOUT,
  );

  it(
    "promotes v3 without touching production's Variables, and the site's next up deletes v1, which nobody serves any more",
    async () => {
      emulator.resetStats();
      const up = await production.up();
      expect(changeCounts(up.summary.resourceChanges)).toMatchObject({ replace: 1 });
      expect(emulator.stats()).toMatchObject({ uploads: 0 });
      expect(emulator.stats().byOperation.CreateBuild ?? 0).toBe(0);
      expect(await pages()).toEqual({ dev: "ACME, version 3", production: "ACME, version 3" });
      expect(await buildsInTwilio()).toBe(2);

      const serviceSid = String((await site.stack.outputs()).serviceSid.value);
      const prodEnv = String((await production.stack.outputs()).domainName.value);
      const variables = await emulatorVariables(serviceSid);
      expect(variables.get(prodEnv)).toEqual({ GREETING: "hello from production" });

      // Nothing changed in the site: its preview says that its BuildCleanup has work, and up does it.
      const preview = await site.preview();
      expect(changeCounts(preview.changeSummary)).toMatchObject({ update: 1 });
      await site.up();
      expect(site.output()).toContain(`deleted Build ${builds[0]}`);
      expect(await buildsInTwilio()).toBe(1);
      expect(changeCounts((await site.preview()).changeSummary)).not.toHaveProperty("update");
      expect(await pages()).toEqual({ dev: "ACME, version 3", production: "ACME, version 3" });
    },
    TIMEOUT,
  );

  it(
    "lets dev remove a file production still serves: production keeps it, and the site's first up after production moves on deletes it",
    async () => {
      const domains = async () => [String((await site.stack.outputs()).domainName.value), String((await production.stack.outputs()).domainName.value)];
      const hours = async () => Promise.all((await domains()).map(async (domain) => (await fetchSite(emulator, domain, "/hours.txt")).status));
      expect(await hours()).toEqual([200, 200]);
      fs.rmSync(path.join(site.workDir, "public", "hours.txt"));
      await site.up();
      builds.push(String((await site.stack.outputs()).release.value.buildSid));
      expect(site.output()).toMatch(/Asset "\/hours\.txt" \(ZH[0-9a-f]{32}\) stays in Twilio: Environment production/);
      expect(await hours()).toEqual([404, 200]);

      await production.up();
      expect(await hours()).toEqual([404, 404]);
      await site.up();
      expect(site.output()).toContain(`deleted Build ${builds[2]}, which this site let go of while another environment served it, and which none serves any more, with the 1 of its Assets`);
      expect(emulator.inventory()).toMatchObject({ builds: 1, assets: 2 });
    },
    TIMEOUT,
  );

  it(
    "destroys production, then the site, and leaves the account empty",
    async () => {
      await production.destroy();
      expect((await pages()).dev).toBe("ACME, version 3");
      await site.destroy();
      expect(emulator.inventory()).toMatchObject({ services: 0, environments: 0, builds: 0, assets: 0, variables: 0 });
    },
    TIMEOUT,
  );

  /** Each environment's Variables, by the environment's domain. */
  async function emulatorVariables(serviceSid: string): Promise<Map<string, Record<string, string>>> {
    const auth = { authorization: "Basic " + Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString("base64") };
    const get = async (p: string) => (await fetch(`${emulator.url}${p}`, { headers: auth })).json() as Promise<Record<string, any>>;
    const result = new Map<string, Record<string, string>>();
    for (const env of (await get(`/v1/Services/${serviceSid}/Environments`)).environments) {
      const vars = (await get(`/v1/Services/${serviceSid}/Environments/${env.sid}/Variables`)).variables as { key: string; value: string }[];
      result.set(env.domain_name, Object.fromEntries(vars.map((v) => [v.key, v.value])));
    }
    return result;
  }
});
