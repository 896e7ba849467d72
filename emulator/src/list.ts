/**
 * `twilio-serverless-emulator list [--port N | --url URL] [--data-dir DIR]`: what a running
 * emulator holds, asked through its API as any client would: each Service, its Environments (domain,
 * the build each serves, the browser address) and how many Builds, Assets and Functions it has.
 * Credentials come from the environment (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN) or from the data
 * dir's `credentials.json`, which the emulator writes.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface ListOptions {
  url: string;
  dataDir?: string;
}

interface Page {
  meta: { next_page_url: string | null; key: string };
  [key: string]: unknown;
}

type Row = Record<string, unknown>;

async function credentialsFor(dataDir: string | undefined): Promise<{ accountSid: string; authToken: string }> {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken } = process.env;
  if (accountSid && authToken) return { accountSid, authToken };
  if (!dataDir) throw new Error("list needs --data-dir DIR (its credentials.json) or TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN");
  const file = join(dataDir, "credentials.json");
  const saved = JSON.parse(await readFile(file, "utf8").catch(() => "{}")) as { accountSid?: string; authToken?: string };
  if (!saved.accountSid || !saved.authToken) throw new Error(`${file} holds no credentials: has an emulator run with --data-dir ${dataDir}?`);
  return { accountSid: saved.accountSid, authToken: saved.authToken };
}

/** The whole list at `path`, page after page. */
async function listAll(base: string, authorization: string, path: string): Promise<Row[]> {
  const rows: Row[] = [];
  let next: string | null = `${base}${path}?PageSize=1000`;
  while (next) {
    const res = await fetch(next, { headers: { authorization, accept: "application/json" } });
    if (!res.ok) throw new Error(`GET ${new URL(next).pathname}: HTTP ${res.status} ${await res.text()}`);
    const page = (await res.json()) as Page;
    rows.push(...((page[page.meta.key] as Row[] | undefined) ?? []));
    next = page.meta.next_page_url ? `${base}${new URL(page.meta.next_page_url).pathname}${new URL(page.meta.next_page_url).search}` : null;
  }
  return rows;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** The listing, as lines of text. */
export async function listHoldings(opts: ListOptions): Promise<string[]> {
  const base = opts.url.replace(/\/+$/, "");
  const { accountSid, authToken } = await credentialsFor(opts.dataDir);
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const get = (path: string) => listAll(base, authorization, path);
  const services = await get("/v1/Services");
  if (services.length === 0) return [`The emulator at ${base} holds no Service.`];
  const lines: string[] = [];
  const port = new URL(base).port;
  for (const service of services) {
    const sid = String(service.sid);
    const [environments, builds, assets, functions] = await Promise.all(
      ["Environments", "Builds", "Assets", "Functions"].map((collection) => get(`/v1/Services/${sid}/${collection}`)),
    );
    lines.push(`Service ${sid} ${String(service.unique_name)} ("${String(service.friendly_name)}")`);
    for (const env of environments) {
      const domain = String(env.domain_name);
      const serving = env.build_sid ? `serves ${String(env.build_sid)}` : "serves nothing";
      const local = `http://${domain.replace(/\.twil\.io$/, "")}.localhost${port ? `:${port}` : ""}/`;
      lines.push(`  Environment ${String(env.sid)} ${String(env.unique_name)}: ${domain}, ${serving} (in a browser: ${local})`);
    }
    lines.push(`  ${plural(builds.length, "Build")}, ${plural(assets.length, "Asset")}, ${plural(functions.length, "Function")}`);
  }
  return lines;
}
