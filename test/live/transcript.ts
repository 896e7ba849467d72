/**
 * A scenario's transcript: every request it made, reduced to what can be compared
 * between Twilio and the emulator and shown to anyone: the method and the path template
 * (`/v1/Services/{ServiceSid}/Builds`), the status, Twilio's error code and message, and the
 * answer's keys with their types. SIDs, domains, dates and the run's prefix are replaced by
 * placeholders; no header, no credential, no request body and no file content is kept.
 *
 * Order: step by step, and within a step object by object, each object's requests in the order
 * they were made (`canonicalOrder`). Which of two independent resources the engine takes first
 * varies from run to run; kept as it came, it would change every file at each recording.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Where the request went: the API, the upload API, a deployed site; or what the engine said of a step. */
export type Via = "api" | "upload" | "site" | "engine";

export interface Entry {
  /** The scenario's step during which it was made (`deploy`, `edit`, …). */
  step: string;
  via: Via;
  /** The HTTP method; for `engine`, the operation (`up`, `refresh`, `destroy`). */
  method: string;
  /** The path template, with the query's parameter names (`?PageSize`); for `engine`, the stack. */
  path: string;
  /** The HTTP status; for `engine`, `succeeded` or `failed`. */
  status: number | string;
  /** Twilio's error code, from an error body. */
  code?: number;
  /** Twilio's error message (or the engine's, for a failed step), normalized. Shown, never compared. */
  message?: string;
  /** The answer's keys and their types: `sid: string`, `links.environments: string`, `assets[].sid: string`. */
  keys?: Record<string, string>;
  /** A few values worth comparing: a build's `status`, a site answer's content type, an engine step's change counts. */
  values?: Record<string, string>;
  /**
   * The Twilio object the request concerns, named by its kind and the name an answer gave it, or
   * else a number (`Asset /about.html`, `Build #2`): a Service, or an object directly under one
   * (an Environment with its Variables and Deployments, a Function or an Asset with its Versions, a
   * Build with its status). A list followed by a create in its collection concerns what it creates.
   */
  object?: string;
  /** How many times in a row the same request got the same answer (build polls); absent = 1. */
  count?: number;
}

export interface Transcript {
  scenario: string;
  /** What the scenario does, for whoever reads the file. */
  description: string;
  /** `emulator` or `twilio`. */
  target: string;
  entries: Entry[];
}

/** The emulator's transcripts of the scenarios, committed (`npm run test:live -- --record-emulator` writes them). */
export const EMULATOR_TRANSCRIPTS = path.join(__dirname, "transcripts");

/** The status of a request the run could not make (a signed one, with an API key and no auth token to sign with). */
export const NOT_MADE = "not made";

/** Build statuses that a poll sees while it waits: how many there are depends on timing alone. */
export const WAITING_STATUSES: readonly string[] = ["building"];

/** Collections of the Serverless API, and the name of the identifier that follows each in a path. */
const COLLECTIONS: Record<string, string> = {
  Services: "Service",
  Environments: "Environment",
  Functions: "Function",
  Assets: "Asset",
  Versions: "Version",
  Builds: "Build",
  Deployments: "Deployment",
  Variables: "Variable",
  Logs: "Log",
};

const SID = /^[A-Z]{2}[0-9a-f]{32}$/;

/** `Services` → `Service`. */
const singular = (collection: string) => COLLECTIONS[collection] ?? collection;

/**
 * The object a request concerns, as a key of this run (it may hold a SID; `objectLabels` turns
 * it into a name): the identifier after `Services/{ServiceSid}/{Collection}`, else the Service's;
 * a create's own SID from its answer; `list Functions` for a list (resolved by `objectLabels`).
 */
export function objectKey(method: string, rawPath: string, status: number, answerSid: unknown): string | undefined {
  const segments = rawPath.split("?")[0].split("/");
  // ["", "v1", "Services", service, collection, id, …]
  if (segments[2] !== "Services") return undefined;
  if (segments.length >= 6) return `${singular(segments[4])} ${segments[5]}`;
  const collection = segments.length === 5 ? segments[4] : segments.length === 3 ? "Services" : undefined;
  if (segments.length === 4) return `Service ${typeof answerSid === "string" && status < 300 ? answerSid : segments[3]}`;
  if (!collection) return undefined;
  if (method === "GET") return `list ${collection}`;
  return typeof answerSid === "string" && status < 300 ? `${singular(collection)} ${answerSid}` : `${singular(collection)} (not created)`;
}

/** A request as the recorder saw it: its entry, the key of its object, and a name its answer gave that object. */
export interface Recorded {
  entry: Entry;
  key?: string;
  name?: string;
}

/** The name an answer gives its object, if any: a unique name (Service, Environment), else a friendly name (Function, Asset: its path), else a path. */
export function nameIn(answer: unknown): string | undefined {
  if (typeof answer !== "object" || answer === null) return undefined;
  const { unique_name: unique, friendly_name: friendly, path } = answer as Record<string, unknown>;
  return [unique, friendly, path].find((n): n is string => typeof n === "string" && n !== "");
}

/** A numbered object's name (`Build #2`): the number is its place, which `canonicalOrder` gives. */
const NUMBERED = / #\d+$/;

/**
 * Names the objects of a scenario's entries: a list followed by a create in the same step and
 * collection is the create's; an object is `{Kind} {name}` after the first name an answer gave it
 * (`Asset /about.html`, `Service {prefix}site-files`), else `{Kind} #{n}` in order of
 * appearance (a Build). No SID is kept.
 */
export function labelObjects(items: readonly Recorded[], prefix: string): Entry[] {
  const keys = items.map((item) => item.key);
  items.forEach((item, i) => {
    const collection = item.key?.startsWith("list ") ? item.key.slice(5) : undefined;
    const next = items[i + 1];
    // A create in that collection itself: a POST under one of its objects (an Environment's Deployments) is not one.
    const creates = next?.entry.method === "POST" && next.entry.path === item.entry.path.split("?")[0];
    if (collection && next && next.entry.step === item.entry.step && creates && next.key?.startsWith(`${singular(collection)} `)) keys[i] = next.key;
  });
  const names = new Map<string, string>();
  items.forEach((item, i) => {
    const key = keys[i];
    if (key && item.name && !names.has(key)) names.set(key, normalizeText(item.name, prefix));
  });
  const labels = new Map<string, string>();
  const taken = new Set<string>();
  const counts = new Map<string, number>();
  const labelOf = (key: string): string => {
    const kind = key.split(" ")[0];
    let label = names.has(key) ? `${kind} ${names.get(key)}` : undefined;
    // Unnamed, or a name another object has: numbered.
    if (!label || taken.has(label)) {
      const n = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, n);
      label = `${kind} #${n}`;
    }
    taken.add(label);
    return label;
  };
  return items.map(({ entry }, i) => {
    const key = keys[i];
    if (key === undefined) return entry;
    if (key.startsWith("list ")) return { ...entry, object: key };
    let label = labels.get(key);
    if (!label) labels.set(key, (label = labelOf(key)));
    return { ...entry, object: label };
  });
}

/**
 * `/v1/Services/ZS…/Builds/ZB…/Status?PageSize=50` → `/v1/Services/{ServiceSid}/Builds/{BuildSid}/Status?PageSize`.
 * A segment after a collection is its SID, or a unique name (`{ServiceName}`, as FetchService allows).
 */
export function pathTemplate(rawPath: string): string {
  const [pathname, query] = rawPath.split("?", 2);
  const segments = pathname.split("/");
  const templated = segments.map((segment, i) => {
    const collection = COLLECTIONS[segments[i - 1] ?? ""];
    if (!collection || i === 0) return segment;
    return SID.test(segment) ? `{${collection}Sid}` : `{${collection}Name}`;
  });
  const names = query ? [...new Set([...new URLSearchParams(query).keys()])].sort() : [];
  return templated.join("/") + (names.length ? `?${names.join("&")}` : "");
}

function typeOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

function addType(out: Record<string, string>, name: string, type: string): void {
  const types = new Set(out[name] ? out[name].split("|") : []);
  types.add(type);
  out[name] = [...types].sort().join("|");
}

const MAX_DEPTH = 4;

/** Every key of a JSON answer with its type, nested keys dotted, array elements as `[]`; types of the same key in several elements are joined (`string|null`). */
export function keyTypes(body: unknown, prefix = "", out: Record<string, string> = {}, depth = 0): Record<string, string> {
  if (depth >= MAX_DEPTH || typeof body !== "object" || body === null) return out;
  if (Array.isArray(body)) {
    for (const item of body) {
      addType(out, `${prefix}[]`, typeOf(item));
      keyTypes(item, `${prefix}[]`, out, depth + 1);
    }
    return out;
  }
  for (const [key, value] of Object.entries(body)) {
    const name = prefix ? `${prefix}.${key}` : key;
    addType(out, name, typeOf(value));
    keyTypes(value, name, out, depth + 1);
  }
  return out;
}

/** Sorted by key, so that files and comparisons do not depend on the order of an answer's keys. */
export function sortedKeys(keys: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(keys).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Text with nothing in it that differs from run to run or account to account: SIDs as `{ZS}`,
 * `*.twil.io` domains as `{domain}`, the run's prefix as `{prefix}`, API hosts as `{api}`, ISO
 * dates as `{date}`, the engine's scratch folders as `{dir}`.
 */
export function normalizeText(text: string, prefix?: string): string {
  let out = text;
  out = out.replace(/\b[a-z0-9-]+\.twil\.io\b/gi, "{domain}");
  if (prefix) out = out.split(prefix).join("{prefix}");
  out = out.replace(/\b([A-Z]{2})[0-9a-f]{32}\b/g, "{$1}");
  out = out.replace(/https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?|https:\/\/serverless(-upload)?\.twilio\.com/g, "{api}");
  out = out.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?/g, "{date}");
  out = out.replace(/(\/[^\s"']*)?\/\.work\/engine\/[^\s"']*/g, "{dir}");
  return out;
}

/** `POST /v1/Services/{ServiceSid}/Builds`, with the host first when it is not the API (`upload POST …`, `site GET /`). */
export function describeRequest(e: Entry): string {
  const host = e.via === "api" ? "" : `${e.via} `;
  return `${host}${e.method} ${e.path}`;
}

/** What aligns two transcripts' entries: the step and the request. */
export const signature = (e: Entry): string => `${e.step}\u0000${describeRequest(e)}`;

/** Requests and answers, without their object's name: what orders objects. */
function contentKey(entries: readonly Entry[]): string {
  return JSON.stringify(entries.map(({ object: _name, ...rest }) => rest));
}

/** Numbered objects renumbered in the order they now appear, so that their numbers do not depend on the engine's order either. */
function renumber(entries: readonly Entry[]): Entry[] {
  const numbers = new Map<string, string>();
  const counts = new Map<string, number>();
  return entries.map((e) => {
    if (e.object === undefined || !NUMBERED.test(e.object)) return e;
    let label = numbers.get(e.object);
    if (!label) {
      const kind = e.object.split(" ")[0];
      const n = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, n);
      numbers.set(e.object, (label = `${kind} #${n}`));
    }
    return { ...e, object: label };
  });
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The entries in an order that does not depend on the engine's scheduling: step by step, each
 * object's requests together and in the order made, objects ordered by those requests and their
 * answers, then by name, and what concerns no object (site answers, the engine's outcome) last,
 * as made; numbered objects then renumbered in that order. Applying it twice changes nothing.
 */
export function canonicalOrder(entries: readonly Entry[]): Entry[] {
  const steps: Entry[][] = [];
  for (const e of entries) {
    const last = steps[steps.length - 1];
    if (last && last[0].step === e.step) last.push(e);
    else steps.push([e]);
  }
  const ordered = steps.flatMap((step) => {
    const chains = new Map<string, Entry[]>();
    for (const e of step) if (e.object !== undefined) chains.set(e.object, [...(chains.get(e.object) ?? []), e]);
    const keyed = [...chains].map(([object, chain]) => ({ chain, key: `${contentKey(chain)}\n${NUMBERED.test(object) ? "" : object}` }));
    return [...keyed.sort(byKey).flatMap((k) => k.chain), ...step.filter((e) => e.object === undefined)];
  });
  return renumber(ordered);
}

/** Whether two entries are the same request with the same answer (all but `count`). */
export function sameEntry(a: Entry, b: Entry): boolean {
  const strip = ({ count: _count, ...rest }: Entry) => JSON.stringify(rest);
  return strip(a) === strip(b);
}

/** Runs of the same request with the same answer (a build polled while it builds) as one entry with a `count`. */
export function collapse(entries: readonly Entry[]): Entry[] {
  const out: Entry[] = [];
  for (const entry of entries) {
    const last = out[out.length - 1];
    if (last && last.method === "GET" && sameEntry(last, entry)) last.count = (last.count ?? 1) + (entry.count ?? 1);
    else out.push({ ...entry });
  }
  return out;
}

/** One entry a line, so that a diff of two transcripts shows requests, not JSON punctuation. */
export function formatTranscript(t: Transcript): string {
  const head = JSON.stringify({ scenario: t.scenario, description: t.description, target: t.target });
  const entries = t.entries.map((e) => `    ${JSON.stringify(e)}`).join(",\n");
  return `${head.slice(0, -1)},\n  "entries": [\n${entries}\n  ]\n}\n`;
}

export function writeTranscripts(dir: string, transcripts: readonly Transcript[]): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const t of transcripts) fs.writeFileSync(path.join(dir, `${t.scenario}.json`), formatTranscript(t));
}

/** Every `*.json` transcript in a folder, by scenario. */
export function readTranscripts(dir: string): Transcript[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Transcript);
}
