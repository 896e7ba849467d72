#!/usr/bin/env node
/**
 * `twilio-serverless-emulator --port 8787 [--data-dir DIR] [...]` (the package's bin; `npx
 * twilio-serverless-emulator` where it is installed): runs the emulator in the foreground until
 * SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { startEmulator, type EmulatorOptions } from "./index";
import { FAULT_KINDS, type FaultKind } from "./faults";
import { DEFAULT_DEPENDENCY_ERAS, type DefaultDependencyEra, MAX_CONCURRENT_REQUESTS } from "./facts";
import { listHoldings, type ListOptions } from "./list";

const USAGE = `Usage: twilio-serverless-emulator [options]   (or: npx twilio-serverless-emulator [options])
       twilio-serverless-emulator list [--port N | --url URL] [--data-dir DIR]
                           what a running emulator holds (credentials from DIR or
                           TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)

  --port N                 port to listen on (default 8787; 0 = any free port)
  --host H                 address to listen on (default 127.0.0.1)
  --data-dir DIR           keep state and uploaded content in DIR (survives restarts)
  --build-duration-ms N    how long builds stay "building" (default 1000)
  --latency-ms N           delay added to every request (default 0)
  --max-concurrent-requests N
                           API requests in flight at once before 429 (default ${MAX_CONCURRENT_REQUESTS},
                           where real runs saw Twilio's 429s)
  --fault-rate R           share of API requests that fail, 0..1 (default 0)
  --fault-kinds K,K        which failures: ${FAULT_KINDS.join(", ")} (default all); "lost" applies
                           the request, then drops the connection instead of the answer
  --retry-after N          Retry-After seconds on injected 429s (default 1)
  --seed N                 seed for fault injection
  --function-timeout-ms N  how long a Function execution may run (default 10000, Twilio's)
  --max-concurrent-function-executions N
                           Function executions at once before 429 (default 30, Twilio's)
  --no-resolve-dependencies
                           check build Dependencies' form only, without asking npm
                           whether they resolve (for use offline)
  --default-dependencies ERA
                           what CreateBuild adds to a build's Dependencies: current
                           (twilio, @twilio/runtime-handler; default) or 2021 (also
                           fs, lodash, util, xmldom, as Twilio did then)
  --runtime-handler-versions V,V
                           the @twilio/runtime-handler versions builds may declare
                           (default: Twilio's list, 1.0.1 … 2.1.2)
  --quiet                  no log lines
  -h, --help               this text

Credentials: TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN when set, otherwise generated
(and remembered in --data-dir).`;

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${value}"`);
  return n;
}

function atLeastOne(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1, got "${value}"`);
  return n;
}

function era(value: string | undefined): DefaultDependencyEra | undefined {
  if (value === undefined) return undefined;
  const known = DEFAULT_DEPENDENCY_ERAS.find((e) => e === value);
  if (!known) throw new Error(`--default-dependencies must be one of ${DEFAULT_DEPENDENCY_ERAS.join(", ")}, got "${value}"`);
  return known;
}

export function parseCli(argv: string[]): EmulatorOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string" },
      "build-duration-ms": { type: "string" },
      "latency-ms": { type: "string" },
      "max-concurrent-requests": { type: "string" },
      "fault-rate": { type: "string" },
      "fault-kinds": { type: "string" },
      "retry-after": { type: "string" },
      seed: { type: "string" },
      "function-timeout-ms": { type: "string" },
      "max-concurrent-function-executions": { type: "string" },
      "no-resolve-dependencies": { type: "boolean" },
      "default-dependencies": { type: "string" },
      "runtime-handler-versions": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return "help";
  const rate = number("fault-rate", values["fault-rate"], 0);
  const kinds = (values["fault-kinds"] ?? FAULT_KINDS.join(",")).split(",").map((k) => k.trim()) as FaultKind[];
  return {
    port: number("port", values.port, 8787),
    host: values.host,
    dataDir: values["data-dir"],
    buildDurationMs: number("build-duration-ms", values["build-duration-ms"], 1000),
    latencyMs: number("latency-ms", values["latency-ms"], 0),
    maxConcurrentRequests: atLeastOne("max-concurrent-requests", values["max-concurrent-requests"]),
    faults:
      rate > 0
        ? {
            rate,
            kinds,
            retryAfterSeconds: number("retry-after", values["retry-after"], 1),
            seed: values.seed === undefined ? undefined : number("seed", values.seed, 0),
          }
        : undefined,
    resolveDependencies: !values["no-resolve-dependencies"],
    defaultDependencies: era(values["default-dependencies"]),
    runtimeHandlerVersions: values["runtime-handler-versions"]?.split(",").map((v) => v.trim()),
    functionTimeoutMs: atLeastOne("function-timeout-ms", values["function-timeout-ms"]),
    maxConcurrentFunctionExecutions: atLeastOne("max-concurrent-function-executions", values["max-concurrent-function-executions"]),
    quiet: values.quiet ?? false,
  };
}

/** `list`: the options of the listing, from the same flags as a start (`--port`, `--host`, `--data-dir`) or `--url`. */
export function parseListCli(argv: string[]): ListOptions {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: "string" }, host: { type: "string" }, url: { type: "string" }, "data-dir": { type: "string" } },
    strict: true,
  });
  const url = values.url ?? `http://${values.host ?? "127.0.0.1"}:${number("port", values.port, 8787)}`;
  return { url, dataDir: values["data-dir"] };
}

async function list(argv: string[]): Promise<void> {
  let options: ListOptions;
  try {
    options = parseListCli(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  try {
    for (const line of await listHoldings(options)) console.log(line);
  } catch (err) {
    console.error(`Cannot list ${options.url}: ${(err as Error).message}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === "list") return list(process.argv.slice(3));
  let options: EmulatorOptions | "help";
  try {
    options = parseCli(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === "help") {
    console.log(USAGE);
    return;
  }
  const emulator = await startEmulator(options);
  console.log(`Twilio Serverless emulator listening on ${emulator.url}`);
  console.log(`  Account SID:    ${emulator.accountSid}`);
  console.log(`  Auth Token:     ${emulator.authToken}`);
  console.log(`  API Key SID:    ${emulator.apiKeySid}`);
  console.log(`  API Key Secret: ${emulator.apiKeySecret}`);
  console.log(`  Data:           ${emulator.dataDir ?? "in memory"}`);
  console.log(`  Sites:          http://{domain_name without .twil.io}.localhost:${emulator.port}/ (or Host: {domain_name})`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  // A dev server keeps serving: a stray failure is logged, not fatal.
  process.on("unhandledRejection", (err) => console.error("[twilio-emulator] unhandled:", err));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** Runs the command: the package's bin (bin/twilio-serverless-emulator.js) calls this. */
export function run(): void {
  main().catch((err: Error) => {
    console.error(`Twilio Serverless emulator failed to start: ${err.message}`);
    process.exit(1);
  });
}

if (require.main === module) run();
