/**
 * Child-process entry for the benchmark's emulator: `startEmulator()` in its own process (so its
 * memory and CPU are no tool's), answering the parent over IPC with its request and upload
 * counters. Started by `emulatorProcess.ts`; options arrive as JSON in argv[2].
 */
import { startEmulator, type EmulatorOptions } from "pulumi-twilio-serverless-emulator";

export type EmulatorRequest =
  | { id: number; op: "stats" }
  | { id: number; op: "resetStats" }
  | { id: number; op: "close" };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? "{}") as EmulatorOptions;
  const emulator = await startEmulator({ ...options, port: 0, quiet: true });
  const send = (message: unknown) => process.send?.(message);
  process.on("message", (msg: EmulatorRequest) => {
    void (async () => {
      switch (msg.op) {
        case "stats":
          return send({ id: msg.id, result: emulator.stats() });
        case "resetStats":
          emulator.resetStats();
          return send({ id: msg.id, result: null });
        case "close":
          await emulator.close();
          send({ id: msg.id, result: null });
          process.disconnect?.();
          return;
      }
    })().catch((err: Error) => send({ id: msg.id, error: err.message }));
  });
  process.on("disconnect", () => void emulator.close().then(() => process.exit(0)));
  send({
    ready: {
      url: emulator.url,
      accountSid: emulator.accountSid,
      authToken: emulator.authToken,
    },
  });
}

main().catch((err: Error) => {
  console.error(`bench emulator failed to start: ${err.message}`);
  process.exit(1);
});
