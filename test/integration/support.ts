/**
 * Integration tests call the provider's handlers (through `runtime`, as the serialized provider
 * does) against a fresh emulator per test file, configured the way the engine would configure the
 * provider process.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator/src";
import { TwilioClient } from "../../provider/src/core/client/client";
import type { LogLine } from "../../provider/src/core/engineLog";
import { setProgressReporter } from "../../provider/src/core/progress";
import { handlers } from "../../provider/src/core/handlers";
import { closeClient, configure } from "../../provider/src/core/settings";
import type { ResourceKind } from "../../provider/src/core/kinds";
import { uniqueName } from "../helpers/common";

export type Props = Record<string, any>;

export interface ProviderEmulator {
  emulator: RunningEmulator;
  /** A client of our own, for arranging and inspecting state behind the provider's back. */
  client: TwilioClient;
  /** Status lines and warnings the provider reported (what it sends to the engine). */
  progress: LogLine[];
  close(): Promise<void>;
}

/** The lasting info lines among `lines` (what the provider took over, and such), as their texts. */
export function notes(lines: readonly LogLine[]): string[] {
  return lines.filter((l) => l.severity === "info" && !l.ephemeral).map((l) => l.message);
}

export function configFor(emulator: RunningEmulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "twilio:accountSid": emulator.accountSid,
    "twilio:authToken": emulator.authToken,
    "twilio:serverlessBaseUrl": emulator.url,
    "twilio:serverlessUploadBaseUrl": emulator.url,
    "twilio:retryBaseDelayMs": "5",
    "twilio:buildPollMaxIntervalMs": "50",
    ...extra,
  };
}

export function configureProvider(values: Record<string, string>): void {
  configure({ get: (key: string) => values[key] });
}

export async function startProviderEmulator(options: EmulatorOptions = {}): Promise<ProviderEmulator> {
  const emulator = await startEmulator({ quiet: true, buildDurationMs: 100, ...options });
  configureProvider(configFor(emulator));
  const progress: LogLine[] = [];
  setProgressReporter((line) => void progress.push(line));
  const client = new TwilioClient({
    baseUrl: emulator.url,
    uploadBaseUrl: emulator.url,
    username: emulator.accountSid,
    password: emulator.authToken,
    retry: { maxTries: 1, baseDelayMs: 1, maxDelayMs: 1 },
  });
  return {
    emulator,
    client,
    progress,
    close: async () => {
      setProgressReporter();
      await closeClient();
      await client.close();
      await emulator.close();
    },
  };
}

export function handler(kind: ResourceKind) {
  const h = handlers[kind];
  if (!h) throw new Error(`no handler for ${kind}`);
  return h;
}

/** What the engine does for a new resource: check, then create with the checked inputs. */
export async function create(kind: ResourceKind, news: Props): Promise<{ id: string; outs: Props }> {
  const checked = await checked_(kind, news);
  const result = await handler(kind).create(checked);
  return { id: result.id, outs: result.outs as Props };
}

export async function checked_(kind: ResourceKind, news: Props): Promise<Props> {
  const result = await handler(kind).check({}, { __provider: "serialized", ...news });
  if (result.failures?.length) throw new Error(result.failures.map((f) => f.reason).join("\n"));
  return result.inputs as Props;
}

export async function read(kind: ResourceKind, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  return handler(kind).read(id, props);
}

/** A Service to hang other resources on. */
export async function makeService(prefix = "svc"): Promise<{ sid: string; outs: Props }> {
  const { id, outs } = await create("Service", { uniqueName: uniqueName(prefix), __resourceName: prefix });
  return { sid: id, outs };
}

/** The engine's wire form of a StringAsset / FileAsset, as a provider receives it. */
export const stringAsset = (text: string) => ({ "4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17", text });
export const fileAsset = (path: string) => ({ "4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17", path });

/** An asset with one text version in `serviceSid`; returns the version's outputs. */
export async function makeVersion(serviceSid: string, path: string, text: string, visibility = "public"): Promise<Props> {
  const asset = await create("Asset", { serviceSid, friendlyName: path });
  const version = await create("AssetVersion", { serviceSid, assetSid: asset.id, path, visibility, content: stringAsset(text) });
  return version.outs;
}

/** A completed build of one public text asset at `path`. */
export async function makeBuild(serviceSid: string, path = "/hello.txt", text = "hello"): Promise<{ id: string; outs: Props }> {
  const version = await makeVersion(serviceSid, path, text);
  return create("Build", { serviceSid, assetVersions: [version.sid], __resourceName: "site" });
}
