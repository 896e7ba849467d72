/**
 * The live suite's scenarios: real programs through the real engine, their requests recorded by
 * the proxy. Each is the same against Twilio and against the emulator; only the target differs
 * (`LiveTarget`). A scenario records what it sees (the engine's outcome of each step, every site
 * answer) and notes any expectation not met as a problem; it never stops at one, so a run against
 * Twilio shows every difference at once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { TwilioClient } from "../../provider/src/core/client/client";
import { listVariables, updateVariable } from "../../provider/src/core/client/variables";
import { checkSite, formatCheck, type SiteCheck, type SiteCheckInput } from "../../scripts/siteCheck";
import { fetchSite } from "../helpers/common";
import { type ApiTarget, changeCounts, createEngineStack, type EngineStack } from "../helpers/engine";
import { applyStep, outputsByUrn } from "../helpers/siteSteps";
import type { LiveTarget } from "./gate";
import type { Recorder } from "./recorder";
import { type Entry, keyTypes, NOT_MADE, normalizeText, sortedKeys } from "./transcript";

/** What a scenario runs with. */
export interface ScenarioContext {
  target: LiveTarget;
  /** Every Service's unique name starts with it. */
  prefix: string;
  recorder: Recorder;
  /** The scenario's own requests (a change made outside Pulumi), through the recorder. */
  client: TwilioClient;
  /** Expectations not met, in words: the run reports them. */
  problems: string[];
}

export interface Scenario {
  name: string;
  description: string;
  run(ctx: ScenarioContext): Promise<void>;
}

/** Thrown when the recorder refuses requests (a cap was reached): the run stops. */
export class RunStopped extends Error {}

type Operation = "up" | "refresh" | "destroy";

/**
 * The engine takes one step at a time, and the provider makes one request at a time (as the proxy
 * forwards them): each resource's requests come together. Which of two independent resources
 * goes first is still the engine's choice, run by run (compare.ts compares order within an object).
 */
const ONE_AT_A_TIME = { parallel: 1 };

/** The program's project name, from its Pulumi.yaml. */
function projectName(stack: EngineStack): string {
  return /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(stack.workDir, "Pulumi.yaml"), "utf8"))?.[1] ?? "program";
}

/** The lines of the engine's output that say what failed (`error: …`), normalized. */
function failureLines(output: string, prefix: string): string {
  const lines = output
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^error: /.test(l) && !/^error: update failed$/.test(l));
  return normalizeText([...new Set(lines)].join("\n"), prefix);
}

/**
 * Runs one engine operation as the scenario's `step`, records its outcome (succeeded or failed,
 * the change counts, the message a failure shows the user) and notes a problem when the outcome
 * is not the one expected. Answers the stack's outputs after a success (none for refresh and
 * destroy), undefined after a failure.
 */
async function operate(
  ctx: ScenarioContext,
  stack: EngineStack,
  step: string,
  op: Operation,
  expected: { outcome?: "succeeded" | "failed"; changes?: Record<string, number> } = {},
): Promise<Record<string, unknown> | undefined> {
  ctx.recorder.step = step;
  const program = projectName(stack);
  const printedBefore = stack.output().length;
  let entry: Omit<Entry, "step">;
  let outputs: Record<string, unknown> | undefined;
  try {
    let summary: Record<string, number | undefined> | undefined;
    if (op === "up") {
      const result = await stack.up(ONE_AT_A_TIME);
      summary = result.summary.resourceChanges;
      outputs = Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value]));
    } else {
      const result = op === "refresh" ? await stack.refresh(ONE_AT_A_TIME) : await stack.destroy(ONE_AT_A_TIME);
      summary = result.summary.resourceChanges;
      outputs = {};
    }
    const changes = changeCounts(summary);
    entry = { via: "engine", method: op, path: program, status: "succeeded", values: Object.fromEntries(Object.entries(changes).map(([k, n]) => [k, String(n)])) };
    if (expected.changes && JSON.stringify(changes) !== JSON.stringify(expected.changes)) {
      ctx.problems.push(`${step}: ${op} made changes ${JSON.stringify(changes)}, expected ${JSON.stringify(expected.changes)}`);
    }
  } catch (err) {
    // What this operation printed (the stack's output holds every operation's), and its error.
    const output = `${stack.output().slice(printedBefore)}\n${err instanceof Error ? err.message : String(err)}`;
    entry = { via: "engine", method: op, path: program, status: "failed", message: failureLines(output, ctx.prefix) };
  }
  ctx.recorder.add(entry);
  if (ctx.recorder.stopped) throw new RunStopped(ctx.recorder.stopped);
  if (entry.status !== (expected.outcome ?? "succeeded")) ctx.problems.push(`${step}: ${op} ${entry.status}${entry.message ? `: ${entry.message}` : ""}`);
  return outputs;
}

/** Media type only: `text/html; charset=utf-8` → `text/html`. */
function mediaType(contentType: string | string[] | undefined): string {
  const first = Array.isArray(contentType) ? contentType[0] : contentType;
  return (first ?? "none").split(";")[0].trim().toLowerCase();
}

/** A site answer as an entry: its status, visibility, whether it was signed, the media type, whether it is the file's content, a JSON answer's keys. */
function siteEntry(check: SiteCheck): Omit<Entry, "step"> {
  const values: Record<string, string> = { visibility: check.visibility, signed: check.signed ? "yes" : "no", contentType: mediaType(check.contentType) };
  if (check.sameContent !== undefined) values.content = check.sameContent ? "the file's" : "not the file's";
  const entry: Omit<Entry, "step"> = { via: "site", method: "GET", path: check.servedPath, status: check.status, values };
  if (check.json !== undefined) entry.keys = sortedKeys(keyTypes(check.json));
  return entry;
}

/**
 * Fetches the site's files (and calls its Functions: each call is billed on Twilio) as
 * `scripts/siteCheck.ts` does, records each answer, and notes those that are not as expected.
 * Without an auth token the signed requests are recorded as not made (nothing can sign them).
 */
async function fetchSiteAs(
  ctx: ScenarioContext,
  step: string,
  input: Pick<SiteCheckInput, "domainName" | "siteDir" | "files" | "functions">,
  /** More to record of an answer (and a problem, if any): what a Function answered. */
  annotate?: (check: SiteCheck) => { values: Record<string, string>; problem?: string },
): Promise<void> {
  ctx.recorder.step = step;
  const checks = await checkSite({ apiUrl: ctx.target.siteOrigin(input.domainName), authToken: ctx.target.authToken ?? "", ...input });
  for (const check of checks) {
    if (check.signed && !ctx.target.authToken) {
      // Its answer (a 403 to a bad signature) says nothing of Twilio: recorded as not made.
      ctx.recorder.add({ via: "site", method: "GET", path: check.servedPath, status: NOT_MADE, message: "no auth token to sign it with (API key credentials)" });
      continue;
    }
    const entry = siteEntry(check);
    const more = annotate?.(check);
    if (more) entry.values = { ...entry.values, ...more.values };
    ctx.recorder.add(entry);
    if (!check.ok) ctx.problems.push(`${step}: ${formatCheck(check)}`);
    if (more?.problem) ctx.problems.push(`${step}: ${more.problem}`);
  }
}

/** One request to a path that should answer 404 (a removed file, an environment with nothing deployed), recorded. */
async function fetchNotFound(ctx: ScenarioContext, step: string, domainName: string, servedPath: string): Promise<void> {
  ctx.recorder.step = step;
  const res = await fetchSite({ url: ctx.target.siteOrigin(domainName) }, domainName, servedPath);
  ctx.recorder.add({ via: "site", method: "GET", path: servedPath, status: res.status, values: { contentType: mediaType(res.contentType) } });
  if (res.status !== 404) ctx.problems.push(`${step}: ${servedPath} answered ${res.status}, expected 404`);
}

/** A stack of `program` whose provider sends every request through the recorder, one at a time. */
async function openStack(ctx: ScenarioContext, program: string, config: Record<string, string>): Promise<EngineStack> {
  const { target, recorder } = ctx;
  const endpoint: ApiTarget = {
    url: recorder.apiUrl,
    uploadUrl: recorder.uploadUrl,
    accountSid: target.accountSid,
    authToken: target.authToken,
    apiKeySid: target.apiKeySid,
    apiKeySecret: target.apiKeySecret,
  };
  return createEngineStack({ program, emulator: endpoint, credentials: "env", config: { ...config, "twilio:maxConcurrentRequests": "1" } });
}

/** Runs `body` with a stack of `program`, then removes the stack (what a failure left is the sweeper's). */
async function withStack(ctx: ScenarioContext, program: string, config: Record<string, string>, body: (stack: EngineStack) => Promise<void>): Promise<void> {
  const stack = await openStack(ctx, program, config);
  try {
    await body(stack);
  } finally {
    // Nothing is left when the scenario's destroy succeeded; otherwise the run's sweep cleans up.
    ctx.recorder.step = "cleanup";
    await stack.dispose().catch(() => undefined);
  }
}

function staticSite(name: string, resourcePerFile: boolean): Scenario {
  return {
    name,
    description: `examples/static-site with resourcePerFile ${resourcePerFile}: deploy, fetch every path (the protected one signed too) and call its Function once, edit one file, remove one, destroy.`,
    async run(ctx) {
      const config = { "static-site:serviceName": `${ctx.prefix}${name}`, "static-site:resourcePerFile": String(resourcePerFile) };
      await withStack(ctx, "examples/static-site", config, async (stack) => {
        const siteDir = path.join(stack.workDir, "site");
        const outputs = await operate(ctx, stack, "deploy", "up");
        if (!outputs) return;
        const { domainName, files, functions } = outputs as Pick<SiteCheckInput, "domainName" | "files" | "functions">;
        await fetchSiteAs(ctx, "fetch", { domainName, siteDir, files, functions });

        applyStep(stack, "1-edit");
        await operate(ctx, stack, "edit", "up");
        await fetchSiteAs(ctx, "fetch edited", { domainName, siteDir, files: { "/about.html": files["/about.html"] } });

        applyStep(stack, "3-remove");
        await operate(ctx, stack, "remove", "up");
        await fetchNotFound(ctx, "fetch removed", domainName, "/notes.txt");

        await operate(ctx, stack, "destroy", "destroy");
      });
    },
  };
}

/** Calls the project's Function (billed on Twilio) and records whether it answered the Variable's value. */
async function callGreeting(ctx: ScenarioContext, step: string, domainName: string, siteDir: string, expected: string): Promise<void> {
  await fetchSiteAs(ctx, step, { domainName, siteDir, files: {}, functions: { "/hello": { visibility: "public" } } }, (check) => {
    const same = (check.json as { greeting?: unknown } | undefined)?.greeting === expected;
    return same ? { values: { greeting: "the Variable's value" } } : { values: { greeting: "another value" }, problem: "/hello answered a greeting other than the Variable's value" };
  });
}

function writeFile(stack: EngineStack, file: string, text: string): void {
  fs.writeFileSync(path.join(stack.workDir, file), text);
}

/** The project's resources: Stack, ServerlessProject, Service, Environment, Function, FunctionVersion, Variable, Build, Deployment, BuildCleanup. */
const PROJECT_RESOURCES = 10;

const project: Scenario = {
  name: "project",
  description:
    "A ServerlessProject with one Function and one Variable: deploy, call the Function, change the Variable, call it again; change the Variable outside Pulumi and refresh; destroy. Two Function calls.",
  async run(ctx) {
    await withStack(ctx, "test/live/programs/project", { "live-project:serviceName": `${ctx.prefix}project` }, async (stack) => {
      const siteDir = path.join(stack.workDir, "app");
      const outputs = await operate(ctx, stack, "deploy", "up");
      if (!outputs) return;
      const { domainName, serviceSid, environmentSid } = outputs as Record<string, string>;
      await callGreeting(ctx, "call", domainName, siteDir, "Ahoy");

      // Twilio: a Variable's new value reaches the next execution, with no new build.
      writeFile(stack, "app/.env", "GREETING=Ahoy again\n");
      await operate(ctx, stack, "change variable", "up", { changes: { same: PROJECT_RESOURCES - 1, update: 1 } });
      await callGreeting(ctx, "call again", domainName, siteDir, "Ahoy again");

      // A change made outside Pulumi, through the API as a person (or another tool) would make it.
      ctx.recorder.step = "outside change";
      const [variable] = await listVariables(ctx.client, serviceSid, environmentSid);
      if (variable) await updateVariable(ctx.client, serviceSid, environmentSid, variable.sid, variable.key, "Changed outside Pulumi");
      else ctx.problems.push("outside change: the environment has no Variable");
      await operate(ctx, stack, "refresh", "refresh", { changes: { same: PROJECT_RESOURCES - 1, update: 1 } });

      await operate(ctx, stack, "destroy", "destroy", { changes: { delete: PROJECT_RESOURCES } });
    });
  },
};

/**
 * Dependencies npm does not have: the only input found that the provider cannot judge and Twilio
 * refuses (everything else is checked before anything is written). A package that does not exist,
 * then a version that does not exist of one that does.
 */
const UNKNOWN_PACKAGE = "pulumi-twilio-serverless-live-no-such-package";
const UNKNOWN_VERSION = ["lodash", "4.17.21-no-such-version"] as const;

function dependencies(deps: Record<string, string>): string {
  return `${JSON.stringify({ name: "live-project", version: "1.0.0", private: true, dependencies: deps }, null, 2)}\n`;
}

const failingBuild: Scenario = {
  name: "failing-build",
  description: `The project with a dependency npm does not have: first a package that does not exist (${UNKNOWN_PACKAGE}), then a version that does not exist (${UNKNOWN_VERSION.join("@")}); each up fails, with the message the user gets; the Function's path on the environment that has nothing deployed; destroy.`,
  async run(ctx) {
    await withStack(ctx, "test/live/programs/project", { "live-project:serviceName": `${ctx.prefix}failing` }, async (stack) => {
      writeFile(stack, "app/package.json", dependencies({ [UNKNOWN_PACKAGE]: "1.0.0" }));
      await operate(ctx, stack, "unknown package", "up", { outcome: "failed" });
      // What a visitor gets after a first deploy failed: the environment exists, nothing is deployed.
      const environment = Object.entries(await outputsByUrn(stack)).find(([urn]) => urn.startsWith("Environment::"))?.[1];
      if (environment) await fetchNotFound(ctx, "fetch undeployed", environment.domainName as string, "/hello");
      else ctx.problems.push("unknown package: no Environment was created");
      writeFile(stack, "app/package.json", dependencies({ [UNKNOWN_VERSION[0]]: UNKNOWN_VERSION[1] }));
      await operate(ctx, stack, "unknown version", "up", { outcome: "failed" });
      await operate(ctx, stack, "destroy", "destroy");
    });
  },
};

/** Every scenario, in the order a run makes them. */
export const SCENARIOS: readonly Scenario[] = [staticSite("site-files", true), staticSite("site-bundle", false), project, failingBuild];
