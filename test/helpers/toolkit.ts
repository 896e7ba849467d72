/**
 * Twilio's Serverless Toolkit against the emulator, and what an environment holds, read back
 * through the REST API: for comparing what `twilio serverless:deploy` deploys with what the
 * provider deploys from the same project.
 *
 * `twilioRunDeploy` runs the toolkit's own CLI, twilio-run's `deploy` command, in a child process:
 * it reads the project (rc file, .env, package.json, folders) with its own code, and the bench's
 * preload (`bench/lib/toolkitPreload.ts`, built to dist/ by `npm run build`) points its API client
 * at the emulator. Nothing of the provider takes part.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { getExpectedTwilioSignature } from "twilio";
import { request } from "undici";
import type { RunningEmulator } from "../../emulator/src";
import { REPO_ROOT } from "./engine";
import { sha256 } from "./common";

const PRELOAD = path.join(REPO_ROOT, "dist", "bench", "lib", "toolkitPreload.js");
const TWILIO_RUN = path.join(REPO_ROOT, "node_modules", "twilio-run", "bin", "twilio-run.js");

export interface ToolkitRun {
  code: number;
  output: string;
}

/** `twilio-run deploy --cwd <projectDir> <args>` with the emulator's credentials; resolves with its exit status. */
export function twilioRunDeploy(emulator: RunningEmulator, projectDir: string, args: string[] = []): Promise<ToolkitRun> {
  if (!fs.existsSync(PRELOAD)) throw new Error(`${PRELOAD} is missing: run npm run build first`);
  const argv = ["--require", PRELOAD, TWILIO_RUN, "deploy", "--cwd", projectDir, "--username", emulator.accountSid, "--password", emulator.authToken, ...args];
  const env = { ...process.env, BENCH_TWILIO_API_URL: emulator.url, DEBUG: "", CI: "true", FORCE_COLOR: "0", TWILIO_ACCOUNT_SID: "", TWILIO_AUTH_TOKEN: "" };
  // Asynchronous: the emulator answering it runs in this process.
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { cwd: projectDir, env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: unknown }).code as number) : 0;
      resolve({ code: typeof code === "number" ? code : 1, output: stdout + stderr });
    });
  });
}

type Json = Record<string, any>;

async function api(emulator: RunningEmulator, urlPath: string): Promise<Json> {
  const auth = Buffer.from(`${emulator.accountSid}:${emulator.authToken}`).toString("base64");
  const res = await request(`${emulator.url}/v1${urlPath}`, { headers: { authorization: `Basic ${auth}` } });
  const body = (await res.body.json()) as Json;
  if (res.statusCode !== 200) throw new Error(`GET /v1${urlPath}: ${res.statusCode} ${JSON.stringify(body)}`);
  return body;
}

/** Every item of a list resource, across its pages. */
async function list(emulator: RunningEmulator, urlPath: string, key: string): Promise<Json[]> {
  const items: Json[] = [];
  let next: string | null = `${urlPath}?PageSize=100`;
  while (next) {
    const page = await api(emulator, next);
    items.push(...(page[key] as Json[]));
    const nextUrl = page.meta?.next_page_url as string | null | undefined;
    next = nextUrl ? nextUrl.slice(nextUrl.indexOf("/v1") + 3) : null;
  }
  return items;
}

/** What one served path answers: its status and, when served, its content type and a hash of the bytes. */
export interface ServedAnswer {
  status: number;
  contentType?: string;
  sha256?: string;
}

export interface DeployedEnvironment {
  service: { uniqueName: string; friendlyName: string; includeCredentials: boolean; uiEditable: boolean };
  environment: { uniqueName: string; domainSuffix: string | null; domainName: string };
  runtime: string;
  dependencies: Array<{ name: string; version: string }>;
  /** By path: visibility and the content's hash (Twilio's API gives no content type for Functions). */
  functions: Record<string, { visibility: string; sha256: string; friendlyName: string }>;
  /** By path: visibility, and what the path answers (protected ones fetched with a valid signature). */
  assets: Record<string, { visibility: string; friendlyName: string; served: ServedAnswer }>;
  /** What the environment's root answers. */
  root: ServedAnswer;
  variables: Record<string, string>;
}


/** GET on the environment, by Host header; `signed` adds a valid X-Twilio-Signature. */
async function served(emulator: RunningEmulator, domainName: string, urlPath: string, signed: boolean): Promise<ServedAnswer> {
  const headers: Record<string, string> = { host: domainName };
  if (signed) headers["x-twilio-signature"] = getExpectedTwilioSignature(emulator.authToken, `https://${domainName}${urlPath}`, {});
  const res = await request(`${emulator.url}${urlPath}`, { headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode !== 200) return { status: res.statusCode };
  return { status: 200, contentType: String(res.headers["content-type"]), sha256: sha256(body) };
}

/** What Twilio holds for an environment and the build it serves, read back through the API. */
export async function describeEnvironment(emulator: RunningEmulator, serviceSid: string, environmentSid: string): Promise<DeployedEnvironment> {
  const service = await api(emulator, `/Services/${serviceSid}`);
  const env = await api(emulator, `/Services/${serviceSid}/Environments/${environmentSid}`);
  const build = await api(emulator, `/Services/${serviceSid}/Builds/${env.build_sid}`);
  const names = async (kind: string) =>
    new Map((await list(emulator, `/Services/${serviceSid}/${kind}`, kind.toLowerCase())).map((r) => [r.sid as string, r.friendly_name as string]));
  const functionNames = await names("Functions");
  const assetNames = await names("Assets");

  // By path: Twilio answers a build's versions in no fixed order (emulator/README.md, R2).
  const byPath = (versions: Json[]) => [...versions].sort((a, b) => (String(a.path) < String(b.path) ? -1 : 1));
  const functions: DeployedEnvironment["functions"] = {};
  // Builds list their versions' visibility in capitals (PUBLIC), as Twilio's API does.
  for (const v of byPath(build.function_versions as Json[])) {
    const content = await api(emulator, `/Services/${serviceSid}/Functions/${v.function_sid}/Versions/${v.sid}/Content`);
    functions[v.path] = { visibility: String(v.visibility).toLowerCase(), sha256: sha256(content.content as string), friendlyName: functionNames.get(v.function_sid) ?? "" };
  }
  const assets: DeployedEnvironment["assets"] = {};
  for (const v of byPath(build.asset_versions as Json[])) {
    const visibility = String(v.visibility).toLowerCase();
    const answer = await served(emulator, env.domain_name, v.path, visibility === "protected");
    assets[v.path] = { visibility, friendlyName: assetNames.get(v.asset_sid) ?? "", served: answer };
  }
  const variables = Object.fromEntries(
    (await list(emulator, `/Services/${serviceSid}/Environments/${environmentSid}/Variables`, "variables")).map((v) => [v.key, v.value]),
  );
  const dependencies = [...((build.dependencies as Array<{ name: string; version: string }> | null) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return {
    service: { uniqueName: service.unique_name, friendlyName: service.friendly_name, includeCredentials: service.include_credentials, uiEditable: service.ui_editable },
    environment: { uniqueName: env.unique_name, domainSuffix: env.domain_suffix, domainName: env.domain_name },
    runtime: build.runtime,
    dependencies,
    functions,
    assets,
    root: await served(emulator, env.domain_name, "/", false),
    variables,
  };
}

/** The one Service named `uniqueName`, and its one Environment, as SIDs. */
export async function findServiceEnvironment(emulator: RunningEmulator, uniqueName: string): Promise<{ serviceSid: string; environmentSid: string }> {
  const service = await api(emulator, `/Services/${uniqueName}`);
  const environments = await list(emulator, `/Services/${service.sid}/Environments`, "environments");
  if (environments.length !== 1) throw new Error(`Service ${uniqueName} has ${environments.length} environments, expected 1`);
  return { serviceSid: service.sid as string, environmentSid: environments[0].sid as string };
}

/** Writes `files` (path in `dir` → content) under `dir`, making folders as needed. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}
