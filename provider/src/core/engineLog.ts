/**
 * Log lines from the provider process to the Pulumi engine, addressed to a resource by its URN.
 *
 * Pulumi starts its Node.js dynamic-provider process with the address of the engine's gRPC server
 * as the last argument (`pulumi-resource-pulumi-nodejs <flags> <engine address>`), the server that
 * plugins log to (`pulumirpc.Engine/Log`). `@pulumi/pulumi/log` does not use it there: without a
 * program's settings it prints to stdout, which the engine shows under the Stack and repeats under
 * Diagnostics. So this module sends `Log` itself, as any provider plugin does:
 * - with the resource's URN, the engine shows the line on the resource's row;
 * - `ephemeral: true` makes it a status line: shown while the step runs (the row's info column, or
 *   one printed row per line without a terminal), never kept under Diagnostics.
 * Without an engine (not in a provider process), status lines are dropped and warnings go to
 * stderr.
 */
import * as grpc from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";

export interface LogLine {
  severity: "info" | "warning";
  message: string;
  /** The resource it is about; without one the engine shows the line on the Stack's row. */
  urn?: string;
  /** A status line: shown while the resource's step runs, not kept under Diagnostics. */
  ephemeral: boolean;
}

/** A line the engine has not taken by then goes to the fallback: a step never waits longer for its log. */
const LOG_DEADLINE_MS = 5_000;

/** `127.0.0.1:40123`, `localhost:40123`, `[::1]:40123`: what the engine passes, never a flag or a path. */
const ADDRESS = /^(\[[0-9a-fA-F:.]+\]|[\w.-]+):\d+$/;

/** The engine's address among the process arguments: the last one, if it is an address. */
export function engineAddress(argv: readonly string[] = process.argv.slice(2)): string | undefined {
  const last = argv[argv.length - 1];
  return last !== undefined && ADDRESS.test(last) ? last : undefined;
}

function fallback(line: LogLine): void {
  if (!line.ephemeral) console.error(`${line.severity}: ${line.message}`);
}

/** A sender of lines to the engine at `address` (without one, or when a send fails: the fallback). Never rejects. */
export function engineLogger(address: string | undefined): (line: LogLine) => Promise<void> {
  const engine = address ? new EngineClient(address, grpc.credentials.createInsecure()) : undefined;
  return (line) => {
    if (!engine) {
      fallback(line);
      return Promise.resolve();
    }
    const request = new LogRequest()
      .setSeverity(line.severity === "warning" ? LogSeverity.WARNING : LogSeverity.INFO)
      .setMessage(line.message)
      .setUrn(line.urn ?? "")
      .setEphemeral(line.ephemeral);
    return new Promise((resolve) => {
      engine.log(request, new grpc.Metadata(), { deadline: Date.now() + LOG_DEADLINE_MS }, (err) => {
        if (err) fallback(line);
        resolve();
      });
    });
  };
}

let toEngine: ((line: LogLine) => Promise<void>) | undefined;

/** Sends one line to this process's engine; resolves once the engine has it. Never rejects. */
export function sendToEngine(line: LogLine): Promise<void> {
  toEngine ??= engineLogger(engineAddress());
  return toEngine(line);
}
