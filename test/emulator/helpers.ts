/**
 * Shared by the emulator conformance tests: a tiny wire client (form bodies with repeated keys,
 * multipart uploads), the OpenAPI response validator, and site requests with a Host header.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { request as httpRequest } from "node:http";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator/src/index";
import { uniqueName } from "../helpers/common";

const SPEC_PATH = join(__dirname, "..", "fixtures", "twilio_serverless_v1.json");

export function startTestEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, buildDurationMs: 20, quiet: true, ...opts });
}

export type FormBody = Record<string, string | string[] | boolean | undefined>;

export interface WireResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export function basicAuth(user: string, password: string): string {
  return "Basic " + Buffer.from(`${user}:${password}`).toString("base64");
}

export function encodeForm(body: FormBody): string {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) form.append(k, String(item));
  }
  return form.toString();
}

export class Api {
  constructor(
    readonly emulator: RunningEmulator,
    readonly authorization: string = basicAuth(emulator.accountSid, emulator.authToken),
  ) {}

  async call(method: string, path: string, body?: FormBody, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<WireResponse> {
    const res = await fetch(this.emulator.url + path, {
      method,
      signal,
      headers: {
        authorization: this.authorization,
        ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        ...headers,
      },
      body: body ? encodeForm(body) : undefined,
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: parsed };
  }

  get = (path: string) => this.call("GET", path);
  post = (path: string, body: FormBody = {}) => this.call("POST", path, body);
  delete = (path: string) => this.call("DELETE", path);

  /** The multipart upload Twilio's toolkit sends: Path, Visibility, then Content as a file. */
  async upload(
    path: string,
    fields: { Path?: string; Visibility?: string },
    content: Buffer | string,
    contentType = "text/plain",
    filename = "file",
  ): Promise<WireResponse> {
    const form = new FormData();
    if (fields.Path !== undefined) form.append("Path", fields.Path);
    if (fields.Visibility !== undefined) form.append("Visibility", fields.Visibility);
    form.append("Content", new Blob([content], { type: contentType }), filename);
    const res = await fetch(this.emulator.url + path, { method: "POST", headers: { authorization: this.authorization }, body: form });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
  }

  /** Creates a service (and returns its JSON), failing the test on anything but 201. */
  async service(name = uniqueName("svc")) {
    return this.expect(201, await this.post("/v1/Services", { UniqueName: name, FriendlyName: name }));
  }

  expect(status: number, res: WireResponse) {
    if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.text}`);
    return res.body;
  }
}

/** Waits until a build leaves `building`, returning its final status. */
export async function waitForBuild(api: Api, serviceSid: string, buildSid: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const res = await api.get(`/v1/Services/${serviceSid}/Builds/${buildSid}/Status`);
    if (res.body.status !== "building") return res.body.status as string;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`build ${buildSid} still building`);
}

/** A service with the given assets and functions deployed to one environment: the site tests' fixture. */
export async function deploySite(
  api: Api,
  files: { path: string; visibility: string; content: string | Buffer; type?: string; fn?: boolean }[],
  suffix?: string,
  buildParams: FormBody = {},
) {
  const service = await api.service();
  const base = `/v1/Services/${service.sid}`;
  const env = api.expect(201, await api.post(`${base}/Environments`, { UniqueName: "env", DomainSuffix: suffix }));
  const assetVersions: string[] = [];
  const functionVersions: string[] = [];
  for (const f of files) {
    const segment = f.fn ? "Functions" : "Assets";
    const parent = api.expect(201, await api.post(`${base}/${segment}`, { FriendlyName: f.path }));
    const version = api.expect(
      201,
      await api.upload(`${base}/${segment}/${parent.sid}/Versions`, { Path: f.path, Visibility: f.visibility }, f.content, f.type ?? "text/plain"),
    );
    (f.fn ? functionVersions : assetVersions).push(version.sid);
  }
  const build = api.expect(201, await api.post(`${base}/Builds`, { AssetVersions: assetVersions, FunctionVersions: functionVersions, ...buildParams }));
  await waitForBuild(api, service.sid, build.sid);
  api.expect(201, await api.post(`${base}/Environments/${env.sid}/Deployments`, { BuildSid: build.sid }));
  return { service, env, build, base };
}

export interface SiteResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request to the emulator's port with a chosen Host header (no URL normalisation). */
export function rawRequest(
  emulator: RunningEmulator,
  options: { method?: string; path: string; host?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<SiteResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: emulator.port,
        method: options.method ?? "GET",
        path: options.path,
        headers: {
          ...(options.host ? { host: options.host } : {}),
          ...(options.body !== undefined ? { "content-length": String(Buffer.byteLength(options.body)) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

// ---------------------------------------------------------------------------------------------
// OpenAPI response validation
// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

/**
 * The spec with every object schema closed: all its properties required and no others allowed,
 * so a missing, misspelt or extra field fails validation (the spec itself requires nothing).
 */
function closeSchemas(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(closeSchemas);
    return;
  }
  if (!node || typeof node !== "object") return;
  const obj = node as Json;
  if (obj.type === "object" && obj.properties && typeof obj.properties === "object") {
    obj.required = Object.keys(obj.properties as Json);
    obj.additionalProperties = false;
  }
  for (const value of Object.values(obj)) closeSchemas(value);
}

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let spec: any;

function loadSpec() {
  spec ??= JSON.parse(readFileSync(SPEC_PATH, "utf8"));
  return spec;
}

/** operationId → [path template, method, success status]. */
export function specOperations(): Map<string, { path: string; method: string; status: string }> {
  const out = new Map<string, { path: string; method: string; status: string }>();
  for (const [path, item] of Object.entries(loadSpec().paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      const o = op as { operationId?: string; responses?: Json };
      if (o.operationId) out.set(o.operationId, { path, method: method.toUpperCase(), status: Object.keys(o.responses ?? {})[0] });
    }
  }
  return out;
}

function validatorFor(operationId: string, status: number): ValidateFunction {
  const key = `${operationId}:${status}`;
  const cached = validators.get(key);
  if (cached) return cached;
  if (!ajv) {
    const closed = structuredClone(loadSpec()); // closed in place below; the spec stays as it is
    closeSchemas(closed.components);
    closeSchemas(closed.paths);
    ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(ajv);
    ajv.addFormat("uri-map", true);
    ajv.addSchema(closed, "spec.json");
  }
  const op = specOperations().get(operationId);
  if (!op) throw new Error(`no operation ${operationId} in the spec`);
  const pointer = ["paths", op.path, op.method.toLowerCase(), "responses", String(status), "content", "application/json", "schema"]
    .map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1"))
    .join("/");
  const validate = ajv.compile({ $ref: `spec.json#/${pointer}` });
  validators.set(key, validate);
  return validate;
}

/**
 * Asserts that a response body matches the spec's schema for this operation's success status
 * (uploads, absent from the spec, are checked against the version Fetch schema).
 */
export function expectSchema(operationId: string, res: WireResponse | { status: number; body: unknown }): void {
  const upload: Record<string, string> = { CreateAssetVersion: "FetchAssetVersion", CreateFunctionVersion: "FetchFunctionVersion" };
  const op = upload[operationId] ?? operationId;
  const status = upload[operationId] ? 200 : res.status;
  const validate = validatorFor(op, status);
  if (!validate(res.body)) {
    throw new Error(`${operationId} response does not match the spec: ${ajv!.errorsText(validate.errors)}\n${JSON.stringify(res.body)}`);
  }
}

/** Twilio's error body: exactly {code, message, more_info, status}. */
export function expectError(res: WireResponse, status: number, code: number, message?: string): void {
  const detail = `${res.status} ${res.text}`;
  expect({ status: res.status, detail }).toEqual({ status, detail });
  expect(Object.keys(res.body).sort()).toEqual(["code", "message", "more_info", "status"]);
  expect(res.body.code).toBe(code);
  expect(res.body.status).toBe(status);
  expect(res.body.more_info).toBe(`https://www.twilio.com/docs/errors/${code}`);
  if (message !== undefined) expect(res.body.message).toBe(message);
}
