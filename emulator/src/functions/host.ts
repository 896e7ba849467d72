/**
 * Running a deployed Function for a site request (site.ts), as Twilio's runtime does: the
 * environment's Variables as they are now, the request as `event`, the code of the Function
 * Version in the build the environment serves, in an instance of that build (pool.ts), within
 * the execution time limit. Loaded on the first request to a Function, so that an emulator that
 * never runs one never pays for it.
 *
 * Answers: the Function's own (response.ts, with Runtime's cookie rules); 500 for an error, a
 * crash or Dependencies that would not install; 504 after the time limit ("runtime application
 * timed out"); 429 above the account's concurrent executions; 400 for a JSON body that does not
 * parse. Each failure is logged as error 82002 in the environment's Logs, with the Function's
 * console output.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { isoDate, type App, type FunctionRunner } from "../context";
import { FUNCTIONS } from "../facts";
import { MORE_INFO_BASE, SITE_TEXT } from "../errors";
import { sendText } from "../http";
import { newSid, PREFIX } from "../sids";
import { put, type BuildRec, type EnvironmentRec, type LogRec, type VersionRec } from "../store/records";
import { runtimeSetCookie } from "./cookies";
import { InstancePool, type LogLine, type RunResult } from "./pool";
import type { Execution, Outcome } from "./protocol";
import { eventOf, InvalidBody } from "./request";
import { DependencyInstallError, Workspace } from "./workspace";

/** Log lines kept per execution, and characters per line (ours: Twilio does not say). */
const MAX_LOG_LINES = 100;
const MAX_LOG_CHARS = 10_000;

let executions = 0;

export class FunctionHost implements FunctionRunner {
  /** Executions in flight, from their arrival (a build being laid out included) to their answer. */
  private inFlight = 0;

  private constructor(
    private readonly app: App,
    private readonly workspace: Workspace,
    private readonly pool: InstancePool,
  ) {}

  static async open(app: App): Promise<FunctionHost> {
    const workspace = await Workspace.open(app.dataDir, app.blobs);
    await workspace.prune(new Set(app.store.all("builds").map((b) => b.sid)));
    return new FunctionHost(app, workspace, new InstancePool(workspace.providedDir, app.log));
  }

  /** After deletes: drops the laid-out builds the store no longer has, and warm instances of builds nobody serves. */
  async tidy(): Promise<void> {
    await this.workspace.prune(new Set(this.app.store.all("builds").map((b) => b.sid)));
    this.pool.retire(new Set(this.app.store.all("environments").flatMap((e) => (e.buildSid ? [e.buildSid] : []))));
  }

  async close(): Promise<void> {
    await this.pool.close();
    await this.workspace.close();
  }

  /** The `context` values of one execution: the environment's Variables as they are now, and Runtime's own. */
  private contextOf(env: EnvironmentRec, version: VersionRec): { values: Record<string, string>; credentials: Execution["credentials"] } {
    const service = this.app.store.get("services", env.serviceSid);
    const credentials = service?.includeCredentials ? { accountSid: this.app.creds.accountSid, authToken: this.app.creds.authToken } : null;
    const values: Record<string, string> = {
      ...(credentials ? { ACCOUNT_SID: credentials.accountSid, AUTH_TOKEN: credentials.authToken } : {}),
      DOMAIN_NAME: env.domainName,
      PATH: version.path,
      SERVICE_SID: env.serviceSid,
      ENVIRONMENT_SID: env.sid,
    };
    for (const v of this.app.store.filter("variables", (v) => v.environmentSid === env.sid)) values[v.key] = v.value;
    return { values, credentials };
  }

  async execute(env: EnvironmentRec, build: BuildRec, version: VersionRec, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const limit = this.app.maxConcurrentFunctionExecutions;
    if (this.inFlight >= limit) return sendText(res, 429, SITE_TEXT.tooManyExecutions(limit));
    this.inFlight += 1;
    try {
      await this.run(env, build, version, req, body, res);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async run(env: EnvironmentRec, build: BuildRec, version: VersionRec, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    let event: Record<string, unknown>;
    try {
      event = eventOf(req, body);
    } catch (err) {
      if (err instanceof InvalidBody) return sendText(res, 400, SITE_TEXT.invalidJson(err.message));
      throw err;
    }
    const { values, credentials } = this.contextOf(env, version);
    const log = new ExecutionLog(this.app, env, version);
    let result: RunResult;
    try {
      const setup = await this.workspace.prepare(build);
      const execution: Execution = {
        id: ++executions,
        path: version.path,
        handlerFile: setup.functions[version.path.slice(1)],
        context: values,
        credentials,
        event,
      };
      result = await this.pool.run(build.sid, setup, execution, this.app.functionTimeoutMs);
    } catch (err) {
      if (!(err instanceof DependencyInstallError)) this.app.log(`Function ${version.path} could not run: ${(err as Error).stack ?? String(err)}`);
      result = { outcome: { kind: "error", name: "Error", message: (err as Error).message }, logs: [] };
    }
    log.add(result.logs);
    answer(res, version.path, result.outcome, log, this.app.functionTimeoutMs);
    log.save();
  }
}

/** The Logs of one execution (console output, then the failure if any), saved in one transaction. */
class ExecutionLog {
  private lines: LogLine[] = [];
  private readonly requestSid = newSid(PREFIX.request);

  constructor(
    private readonly app: App,
    private readonly env: EnvironmentRec,
    private readonly version: VersionRec,
  ) {}

  add(lines: LogLine[]): void {
    this.lines.push(...lines);
  }

  save(): void {
    if (this.lines.length === 0) return;
    const deployments = this.app.store.filter("deployments", (d) => d.environmentSid === this.env.sid);
    const kept = this.lines.length > MAX_LOG_LINES ? [...this.lines.slice(0, MAX_LOG_LINES - 1), this.lines[this.lines.length - 1]] : this.lines;
    const changes = kept.map((line) => {
      const rec: LogRec = {
        sid: newSid(PREFIX.log),
        serviceSid: this.env.serviceSid,
        environmentSid: this.env.sid,
        buildSid: this.env.buildSid ?? "",
        deploymentSid: deployments.at(-1)?.sid ?? "",
        functionSid: this.version.parentSid,
        requestSid: this.requestSid,
        level: line.level,
        message: line.message.slice(0, MAX_LOG_CHARS),
        dateCreated: isoDate(),
      };
      return put("logs", rec);
    });
    this.app.store.commit(changes).catch((err: Error) => this.app.log(`Logs of ${this.version.path} not saved: ${err.message}`));
  }
}

function sendJsonError(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** A failed execution: its status and body, named after the Function, and its error log line. */
function failure(path: string, outcome: Exclude<RunResult["outcome"], { kind: "answer" }>, timeoutMs: number) {
  const twilioError = { function: path, code: FUNCTIONS.errorCode, more_info: MORE_INFO_BASE + FUNCTIONS.errorCode };
  if (outcome.kind === "timeout") {
    return { status: 504, body: { message: FUNCTIONS.timeoutMessage, ...twilioError }, log: SITE_TEXT.functionTimedOut(path, timeoutMs) };
  }
  if (outcome.kind === "crash") {
    return { status: 500, body: { message: SITE_TEXT.functionCrashed(path, outcome.detail), ...twilioError }, log: SITE_TEXT.functionCrashed(path, outcome.detail) };
  }
  return {
    status: 500,
    body: { message: outcome.message, name: outcome.name, stack: outcome.stack, ...twilioError },
    log: SITE_TEXT.functionFailed(path, `${outcome.name}: ${outcome.message}`),
  };
}

function answer(res: ServerResponse, path: string, outcome: RunResult["outcome"], log: ExecutionLog, timeoutMs: number): void {
  if (outcome.kind !== "answer") {
    const f = failure(path, outcome, timeoutMs);
    log.add([{ level: "error", message: f.log }]);
    return sendJsonError(res, f.status, f.body);
  }
  const refused = writeAnswer(res, outcome);
  if (refused) {
    log.add([{ level: "error", message: refused.message }]);
    sendText(res, refused.status, refused.message);
  }
}

/** Writes the Function's answer with Runtime's cookie rules; says why when it cannot be sent. */
function writeAnswer(res: ServerResponse, answer: Extract<Outcome, { kind: "answer" }>): { status: number; message: string } | undefined {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (name.toLowerCase() !== "set-cookie") {
      headers[name] = Array.isArray(value) ? value.map(String) : String(value);
      continue;
    }
    const cookies: string[] = [];
    for (const raw of [value].flat()) {
      const cookie = runtimeSetCookie(String(raw));
      if ("refused" in cookie) return { status: 400, message: SITE_TEXT.cookieTooLong(cookie.refused) };
      cookies.push(cookie.value);
    }
    if (cookies.length > 0) headers["Set-Cookie"] = cookies;
  }
  try {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.setHeader("Content-Length", answer.body.length);
    res.writeHead(answer.statusCode);
  } catch (err) {
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    return { status: 500, message: SITE_TEXT.invalidAnswer((err as Error).message) };
  }
  res.end(answer.body);
  return undefined;
}

/** The host of an emulator, started on its first Function request. */
export function functionHost(app: App): Promise<FunctionRunner> {
  if (app.functionsStopped) return Promise.reject(new Error("the emulator is closing"));
  if (!app.functionHost) {
    app.functionHost = FunctionHost.open(app);
    app.functionHost.catch(() => (app.functionHost = undefined));
  }
  return app.functionHost;
}

export async function runFunction(
  app: App,
  env: EnvironmentRec,
  build: BuildRec,
  version: VersionRec,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
): Promise<void> {
  const host = await functionHost(app);
  await host.execute(env, build, version, req, body, res);
}
