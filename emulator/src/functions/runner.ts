/**
 * A Function instance: a child process of the emulator (pool.ts) that runs the Functions of one
 * build, one execution at a time, as a warm Twilio instance does. Modules stay loaded between
 * executions, so module state persists until the instance is retired (README, "Running
 * Functions").
 *
 * What a handler sees, after Twilio's Execution and Runtime Client pages:
 *   exports.handler(context, event, callback), plain or async;
 *   globals `Twilio` (the `twilio` package, plus `Twilio.Response`) and `Runtime`
 *   (getAssets, getFunctions; getSync fails: no Sync here);
 *   `require` of Node.js's modules, `twilio`, and the build's installed Dependencies only.
 */
import Module from "node:module";
import { readFileSync } from "node:fs";
import { join, relative, isAbsolute } from "node:path";
import { format } from "node:util";
import { answerFor, errorFor, Response } from "./response";
import type { BuildSetup, Execution, FromInstance, LogLevel, Outcome, ToInstance } from "./protocol";

/** The directory of modules every Function may require undeclared (workspace.ts links `twilio` there). */
const PROVIDED_DIR = process.env.TWILIO_EMULATOR_PROVIDED_MODULES ?? "";

function send(message: FromInstance): void {
  process.send?.(message);
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/**
 * Modules loaded from the build look for packages only in the build's own node_modules, then
 * in the provided ones: never in a node_modules further up (the emulator's, a project's), which
 * Twilio would not have. Node has no public hook for this in every supported version, so the
 * lookup list is narrowed where Node computes it.
 */
function confineModuleLookup(buildDir: string): void {
  const internals = Module as unknown as { _nodeModulePaths: (from: string) => string[] };
  const original = internals._nodeModulePaths.bind(Module);
  internals._nodeModulePaths = (from: string) => {
    const paths = original(from);
    if (!inside(buildDir, from)) return paths;
    return [...paths.filter((p) => inside(buildDir, p)), ...(PROVIDED_DIR ? [PROVIDED_DIR] : [])];
  };
}

let current: number | undefined;
let buildRequire: NodeRequire | undefined;

/** console output of an execution becomes its Logs (the emulator stores them). */
function captureConsole(): void {
  const levels: Array<[keyof Console, LogLevel]> = [
    ["log", "info"],
    ["info", "info"],
    ["debug", "info"],
    ["warn", "warning"],
    ["error", "error"],
  ];
  for (const [method, level] of levels) {
    (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      if (current !== undefined) send({ type: "log", id: current, level, message: format(...args) });
    };
  }
}

/** `Twilio`: the `twilio` package the build resolves (its own, or the provided one), loaded on first use. */
function twilioGlobal(): unknown {
  const twilio = buildRequire!("twilio") as ((...args: unknown[]) => unknown) & Record<string, unknown>;
  const callable = (...args: unknown[]) => twilio(...args);
  for (const key of Object.keys(twilio)) (callable as unknown as Record<string, unknown>)[key] = twilio[key];
  return Object.assign(callable, { Response });
}

const SYNC_NOT_EMULATED =
  "Runtime.getSync() is not emulated: the Twilio Serverless emulator has no Twilio Sync, and never calls Twilio's APIs";

function setGlobals(build: BuildSetup): void {
  let twilio: unknown;
  Object.defineProperty(globalThis, "Twilio", { configurable: true, get: () => (twilio ??= twilioGlobal()) });
  const open = (file: string) => () => readFileSync(file, "utf8");
  Object.defineProperty(globalThis, "Runtime", {
    configurable: true,
    value: {
      getAssets: () => Object.fromEntries(Object.entries(build.assets).map(([path, file]) => [path, { path: file, open: open(file) }])),
      getFunctions: () => Object.fromEntries(Object.entries(build.functions).map(([name, file]) => [name, { path: file }])),
      getSync: () => {
        throw new Error(SYNC_NOT_EMULATED);
      },
    },
  });
}

/**
 * `context.getTwilioClient()`: a real client of the build's `twilio`, whose every request fails
 * with an error naming the API it was for. Nothing leaves this machine.
 */
function twilioClientFactory(credentials: Execution["credentials"]) {
  return (options: Record<string, unknown> = {}) => {
    if (!credentials) {
      throw new Error(
        "context.getTwilioClient() needs the account's credentials, and this Service does not include them in Functions (its IncludeCredentials is false)",
      );
    }
    const twilio = buildRequire!("twilio") as { Twilio: new (sid: string, token: string, opts: object) => unknown };
    const httpClient = {
      request: (req: { method: string; uri: string }) =>
        Promise.reject(
          new Error(
            `Twilio API call not sent: ${req.method.toUpperCase()} ${req.uri}. The Twilio Serverless emulator never calls Twilio's APIs; context.getTwilioClient() works offline only until a request is made.`,
          ),
        ),
    };
    return new twilio.Twilio(credentials.accountSid, credentials.authToken, { lazyLoading: true, ...options, httpClient });
  };
}

/** A bare module name that no installed package answered: say which modules a Function has. */
function explainMissingModule(err: unknown): unknown {
  const e = err as NodeJS.ErrnoException & { message: string };
  if (e?.code === "MODULE_NOT_FOUND" && typeof e.message === "string" && !e.message.includes("Dependencies")) {
    e.message += "\nA Function can require Node.js's modules, twilio, and the packages in its build's Dependencies.";
  }
  return err;
}

function loadHandler(execution: Execution): (context: object, event: object, callback: (err?: unknown, result?: unknown) => void) => unknown {
  let mod: { handler?: unknown };
  try {
    mod = require(execution.handlerFile) as { handler?: unknown };
  } catch (err) {
    throw explainMissingModule(err);
  }
  if (typeof mod.handler !== "function") {
    throw new Error(`Function ${execution.path} does not export a handler: expected exports.handler = (context, event, callback) => { … }`);
  }
  return mod.handler as ReturnType<typeof loadHandler>;
}

function run(execution: Execution): void {
  current = execution.id;
  let settled = false;
  const finish = (outcome: Outcome) => {
    if (settled) return;
    settled = true;
    send({ type: "done", id: execution.id, outcome });
    current = undefined;
  };
  const callback = (err?: unknown, result?: unknown) => finish(err ? errorFor(err) : answerFor(result));
  const context = { ...execution.context, getTwilioClient: twilioClientFactory(execution.credentials) };
  try {
    const returned = loadHandler(execution)(context, execution.event, callback);
    if (typeof (returned as PromiseLike<unknown> | undefined)?.then === "function") {
      // An async handler may call callback, or return its result (async/await migration page).
      Promise.resolve(returned as PromiseLike<unknown>).then(
        (value) => value !== undefined && finish(answerFor(value)),
        (err: unknown) => finish(errorFor(err ?? new Error("the handler's promise was rejected"))),
      );
    }
  } catch (err) {
    finish(errorFor(err));
  }
}

/** A throw no handler caught: the execution in flight fails, and the instance ends (its state is suspect). */
let ending = false;
function fatal(err: unknown): void {
  if (ending) return;
  ending = true;
  if (current === undefined || !process.send) process.exit(1);
  // Exits once the message is handed over, so that it is not lost with the process.
  process.send!({ type: "done", id: current, outcome: errorFor(err), fatal: true } satisfies FromInstance, () => process.exit(1));
}

process.on("uncaughtException", fatal);
process.on("unhandledRejection", fatal);
process.on("disconnect", () => process.exit(0));
process.on("message", (message: ToInstance) => {
  if (message.type === "setup") {
    confineModuleLookup(message.build.dir);
    buildRequire = Module.createRequire(join(message.build.dir, "handlers", "index.js"));
    setGlobals(message.build);
    captureConsole();
    send({ type: "ready" });
  } else if (message.type === "run") {
    run(message.execution);
  }
});
