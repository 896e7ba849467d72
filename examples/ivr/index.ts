/**
 * A voice IVR on Twilio Functions, built from the provider's resources:
 *
 * - `/voice` (a protected Function): the webhook of an incoming call. It answers with TwiML, a
 *   `<Gather>` around a `<Play>` of the menu recording;
 * - `/audio/menu.mp3` (a protected Asset): the recording, which Twilio fetches with a signed
 *   request like every webhook;
 * - `/menu` (a protected Function): where the `<Gather>` posts the caller's key. Key 1 dials
 *   the `SALES_NUMBER` Environment Variable, 2 reads the opening hours.
 *
 * Point a phone number's "A call comes in" webhook at the `voiceUrl` output. Against the local
 * emulator, `test/engine/ivr.test.ts` plays Twilio's part: it posts signed webhooks and fetches
 * the recording the TwiML names.
 *
 * Credentials: `pulumi config set twilio:accountSid AC…` and `pulumi config set --secret
 * twilio:authToken …` (or the TWILIO_* environment variables); see provider/README.md.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  Asset,
  AssetVersion,
  Build,
  Deployment,
  Environment,
  FunctionVersion,
  Function as TwilioFunction,
  Service,
  Variable,
} from "pulumi-twilio-serverless";

const config = new pulumi.Config();

const service = new Service("service", {
  uniqueName: config.get("serviceName") ?? "ivr-demo",
  friendlyName: "IVR example",
});
const environment = new Environment("environment", { serviceSid: service.sid, uniqueName: "production" });

/** A protected Function from `functions/<name>.js`, served at `/<name>`. */
function protectedFunction(name: string): FunctionVersion {
  const fn = new TwilioFunction(name, { serviceSid: service.sid, friendlyName: name });
  return new FunctionVersion(name, {
    serviceSid: service.sid,
    functionSid: fn.sid,
    path: `/${name}`,
    visibility: "protected",
    contentFile: path.join(__dirname, "functions", `${name}.js`),
  });
}

const voice = protectedFunction("voice");
const menu = protectedFunction("menu");

const recording = new Asset("menu.mp3", { serviceSid: service.sid, friendlyName: "menu.mp3" });
const recordingVersion = new AssetVersion("menu.mp3", {
  serviceSid: service.sid,
  assetSid: recording.sid,
  path: "/audio/menu.mp3",
  visibility: "protected",
  contentFile: path.join(__dirname, "assets", "menu.mp3"),
});

// Read by /menu at each call: changing it updates the Variable in place, with no new build.
new Variable("sales-number", {
  serviceSid: service.sid,
  environmentSid: environment.sid,
  key: "SALES_NUMBER",
  value: config.get("salesNumber") ?? "+15005550006",
});

const build = new Build("build", {
  serviceSid: service.sid,
  functionVersions: [voice.sid, menu.sid],
  assetVersions: [recordingVersion.sid],
  runtime: "node22",
});
new Deployment("deployment", { serviceSid: service.sid, environmentSid: environment.sid, buildSid: build.sid });

export const domainName = environment.domainName;
export const voiceUrl = pulumi.interpolate`${environment.url}/voice`;
export const menuUrl = pulumi.interpolate`${environment.url}/menu`;
export const recordingUrl = pulumi.interpolate`${environment.url}/audio/menu.mp3`;
