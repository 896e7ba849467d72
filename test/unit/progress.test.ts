/**
 * Status lines (provider/src/progress.ts) and how they reach the engine
 * (provider/src/engineLog.ts): one line per resource at most every STATUS_INTERVAL_MS, newest text
 * wins, a waiting line goes out when the step ends; retries and concurrency cuts land on the line
 * of the operation whose request it was; lines go to the engine's Log service with the URN and
 * the ephemeral flag.
 */
import * as grpc from "@grpc/grpc-js";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { type LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { engineAddress, engineLogger, type LogLine } from "../../provider/src/core/engineLog";
import {
  reportConcurrencyCut,
  reportRetry,
  reportStep,
  reportWarning,
  ResourceStatus,
  setProgressReporter,
  STATUS_INTERVAL_MS,
} from "../../provider/src/core/progress";
import { type EngineHandler, withStatusLines } from "../../provider/src/core/handlers";
import { concurrencyCut } from "../../provider/src/core/messages";

const URN = "urn:pulumi:dev::site::pulumi-nodejs:dynamic/twilio:AssetBundle::site";
let lines: LogLine[];

/** Lines of one status go out in order, each after the previous send settled: let those settle. */
async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

beforeEach(() => {
  lines = [];
  setProgressReporter((line) => void lines.push(line));
});

afterEach(() => {
  setProgressReporter();
  jest.useRealTimers();
});

describe("ResourceStatus", () => {
  it("sends the first line at once, then at most one per interval, the newest text, and a waiting one when the step ends", async () => {
    jest.useFakeTimers({ now: 0 });
    const status = new ResourceStatus(URN, 'AssetBundle "site"');
    status.step("uploading 0 of 3 files");
    jest.advanceTimersByTime(500);
    status.step("uploading 1 of 3 files");
    jest.advanceTimersByTime(500);
    status.step("uploading 2 of 3 files");
    await settled();
    expect(lines.map((l) => l.message)).toEqual(["uploading 0 of 3 files"]);
    jest.advanceTimersByTime(STATUS_INTERVAL_MS - 1000);
    await settled();
    expect(lines.map((l) => l.message)).toEqual(["uploading 0 of 3 files", "uploading 2 of 3 files"]);
    jest.advanceTimersByTime(100);
    status.step("uploading 3 of 3 files");
    status.retried();
    await status.end();
    expect(lines).toEqual([
      { severity: "info", message: "uploading 0 of 3 files", urn: URN, ephemeral: true },
      { severity: "info", message: "uploading 2 of 3 files", urn: URN, ephemeral: true },
      { severity: "info", message: "uploading 3 of 3 files; 1 request retried", urn: URN, ephemeral: true },
    ]);
    // Nothing is left scheduled.
    expect(jest.getTimerCount()).toBe(0);
  });

  it("ends without a line when nothing is waiting", async () => {
    const status = new ResourceStatus(URN, 'Build "site"');
    status.step("Build ZB1: building (0s)");
    await status.end();
    expect(lines).toHaveLength(1);
  });

  it("adds retries and the last concurrency cut to the step, and names the resource when it has no URN", async () => {
    const status = new ResourceStatus(undefined, 'Service "site"', 0);
    status.retried();
    status.retried();
    status.concurrencyCut(12, 25);
    await status.end();
    expect(lines.map((l) => [l.message, l.urn])).toEqual([
      ['Service "site": 1 request retried', undefined],
      ['Service "site": 2 requests retried', undefined],
      [`Service "site": 2 requests retried; ${concurrencyCut(12, 25)}`, undefined],
    ]);
  });

  it("sends warnings as they come, kept (not ephemeral), with the URN", async () => {
    const status = new ResourceStatus(URN, 'Build "site"');
    status.warn("careful");
    await status.end();
    expect(lines).toEqual([{ severity: "warning", message: "careful", urn: URN, ephemeral: false }]);
  });
});

describe("withStatusLines", () => {
  const fake = (work: () => Promise<void>): EngineHandler => ({
    check: async () => ({}),
    diff: async () => ({}),
    read: async (id) => ({ id }),
    create: async () => {
      await work();
      return { id: "x" };
    },
    update: async () => {
      await work();
      return {};
    },
    delete: work,
  });

  it("puts each operation's steps, retries, cuts and warnings on its own resource's line, however they interleave", async () => {
    const otherUrn = URN.replace("AssetBundle::site", "Build::site");
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    const bundle = withStatusLines("AssetBundle", fake(async () => {
      reportStep("uploading");
      await tick();
      reportRetry();
    }));
    const build = withStatusLines("Build", fake(async () => {
      await tick();
      reportConcurrencyCut(12, 25);
      reportWarning("kept");
    }));
    await Promise.all([bundle.create({ __urn: URN }), build.delete("ZB1", { __urn: otherUrn, __resourceName: "site" })]);
    expect(lines).toEqual(
      expect.arrayContaining([
        { severity: "info", message: "uploading", urn: URN, ephemeral: true },
        { severity: "info", message: "uploading; 1 request retried", urn: URN, ephemeral: true },
        { severity: "info", message: "deleting Build ZB1", urn: otherUrn, ephemeral: true },
        { severity: "info", message: `deleting Build ZB1; ${concurrencyCut(12, 25)}`, urn: otherUrn, ephemeral: true },
        { severity: "warning", message: "kept", urn: otherUrn, ephemeral: false },
      ]),
    );
    expect(lines).toHaveLength(5);
  });

  it("outside any operation, sends a cut as a status line of its own and a warning without URN", async () => {
    reportConcurrencyCut(3, 25);
    reportWarning("loose");
    reportRetry();
    await settled();
    expect(lines).toEqual([
      { severity: "info", message: concurrencyCut(3, 25), ephemeral: true },
      { severity: "warning", message: "loose", ephemeral: false },
    ]);
  });
});

describe("engine log", () => {
  it("finds the engine's address as the process's last argument, never a flag or a path", () => {
    expect(engineAddress(["--logtostderr", "-v=9", "127.0.0.1:40123"])).toBe("127.0.0.1:40123");
    expect(engineAddress(["[::1]:5000"])).toBe("[::1]:5000");
    expect(engineAddress(["test/unit/progress.test.ts"])).toBeUndefined();
    expect(engineAddress([])).toBeUndefined();
  });

  it("sends each line to the engine's Log service with its severity, URN and ephemeral flag", async () => {
    const received: LogRequest.AsObject[] = [];
    const server = new grpc.Server();
    server.addService(EngineService, {
      log: (call: grpc.ServerUnaryCall<LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
        received.push(call.request.toObject());
        callback(null, new Empty());
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    try {
      const send = engineLogger(`127.0.0.1:${port}`);
      await send({ severity: "info", message: "uploading 1 of 2 files", urn: URN, ephemeral: true });
      await send({ severity: "warning", message: "careful", ephemeral: false });
      expect(received).toEqual([
        { severity: LogSeverity.INFO, message: "uploading 1 of 2 files", urn: URN, streamid: 0, ephemeral: true },
        { severity: LogSeverity.WARNING, message: "careful", urn: "", streamid: 0, ephemeral: false },
      ]);
    } finally {
      server.forceShutdown();
    }
  });
});
