/**
 * examples/ivr through the real engine, with the test playing Twilio's part: `pulumi up` deploys
 * two protected Functions and a protected MP3; a signed call webhook to /voice gets TwiML whose
 * <Play> URL, fetched with a valid signature, returns the MP3's bytes; a signed key press to
 * /menu gets the TwiML for that choice; a changed Variable is seen by the next call without a new
 * build. Needs `npm run build` first (the program, the provider process and the Function
 * instances load dist/).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { getExpectedTwilioSignature } from "twilio";
import { request } from "undici";
import { type RunningEmulator, startEmulator } from "../../emulator/src";
import { changeCounts, createEngineStack, type EngineStack, REPO_ROOT } from "../helpers/engine";
import { uniqueName } from "../helpers/common";

const TIMEOUT = 5 * 60 * 1000;
/** Stack + Service + Environment + 2 × (Function + FunctionVersion) + Asset + AssetVersion + Variable + Build + Deployment. */
const RESOURCES = 12;
const MP3 = fs.readFileSync(path.join(REPO_ROOT, "examples", "ivr", "assets", "menu.mp3"));

let emulator: RunningEmulator;
let stack: EngineStack;
let domainName: string;

/** What Twilio sends: a request to the emulator for the site's domain, signed over the https URL Twilio called. */
async function twilioRequest(urlPath: string, params?: Record<string, string>) {
  const signature = getExpectedTwilioSignature(emulator.authToken, `https://${domainName}${urlPath}`, params ?? {});
  const res = await request(`${emulator.url}${urlPath}`, {
    method: params ? "POST" : "GET",
    headers: {
      host: domainName,
      "x-twilio-signature": signature,
      ...(params ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body: params ? new URLSearchParams(params).toString() : undefined,
  });
  const type = res.headers["content-type"];
  return { status: res.statusCode, contentType: Array.isArray(type) ? type[0] : type, body: Buffer.from(await res.body.arrayBuffer()) };
}

const CALL = { AccountSid: "", CallSid: "CA0123456789abcdef0123456789abcdef", From: "+15550001111", To: "+15550002222", CallStatus: "ringing", Direction: "inbound" };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true, buildDurationMs: 200 });
  CALL.AccountSid = emulator.accountSid;
  stack = await createEngineStack({ program: "examples/ivr", emulator, config: { "ivr:serviceName": uniqueName("ivr") } });
}, TIMEOUT);

afterAll(async () => {
  await stack?.dispose();
  await emulator?.close();
}, TIMEOUT);

describe("examples/ivr on the real engine", () => {
  it(
    "deploys two protected Functions, a protected MP3 and a Variable",
    async () => {
      const result = await stack.up();
      expect(changeCounts(result.summary.resourceChanges)).toEqual({ create: RESOURCES });
      domainName = result.outputs.domainName.value;
      expect(result.outputs.voiceUrl.value).toBe(`https://${domainName}/voice`);
      expect(emulator.inventory()).toMatchObject({ functions: 2, functionVersions: 2, assets: 1, assetVersions: 1, variables: 1, builds: 1, deployments: 1 });
    },
    TIMEOUT,
  );

  it(
    "answers a signed call webhook with a <Gather> around a <Play> whose URL, fetched signed, is the MP3",
    async () => {
      const unsigned = await request(`${emulator.url}/voice`, { method: "POST", headers: { host: domainName } });
      await unsigned.body.dump();
      expect(unsigned.statusCode).toBe(403);

      const answer = await twilioRequest("/voice", CALL);
      expect([answer.status, answer.contentType]).toEqual([200, "text/xml"]);
      const twiml = answer.body.toString();
      expect(twiml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><Response><Gather numDigits="1" action="\/menu" method="POST" timeout="5"><Play>[^<]+<\/Play><\/Gather><Redirect method="POST">\/voice\?retry=1<\/Redirect><\/Response>$/);
      const playUrl = new URL(/<Play>([^<]+)<\/Play>/.exec(twiml)![1]);
      expect(playUrl.href).toBe(`https://${domainName}/audio/menu.mp3`);

      const mp3 = await twilioRequest(playUrl.pathname);
      expect([mp3.status, mp3.contentType]).toEqual([200, "audio/mpeg"]);
      expect(mp3.body.equals(MP3)).toBe(true);
    },
    TIMEOUT,
  );

  it(
    "answers the key press: 1 dials sales, 2 reads the hours, anything else plays the menu again",
    async () => {
      const sales = await twilioRequest("/menu", { ...CALL, Digits: "1" });
      expect(sales.status).toBe(200);
      expect(sales.body.toString()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Connecting you to sales.</Say><Dial>+15005550006</Dial></Response>');
      const hours = await twilioRequest("/menu", { ...CALL, Digits: "2" });
      expect(hours.body.toString()).toContain("<Say>We are open Monday to Friday, nine to five.</Say><Hangup/>");
      const other = await twilioRequest("/menu", { ...CALL, Digits: "7" });
      expect(other.body.toString()).toContain('<Redirect method="POST">/voice</Redirect>');
    },
    TIMEOUT,
  );

  it(
    "sees a changed Variable at the next call, without a new build or deployment",
    async () => {
      await stack.stack.setConfig("ivr:salesNumber", { value: "+15005550001" });
      const result = await stack.up();
      expect(changeCounts(result.summary.resourceChanges)).toEqual({ same: RESOURCES - 1, update: 1 });
      expect(emulator.inventory()).toMatchObject({ builds: 1, deployments: 1 });
      const sales = await twilioRequest("/menu", { ...CALL, Digits: "1" });
      expect(sales.body.toString()).toContain("<Dial>+15005550001</Dial>");
    },
    TIMEOUT,
  );
});
