import { getExpectedBodyHash, getExpectedTwilioSignature, validateRequest, validateRequestWithBody } from "twilio";
import type { RunningEmulator } from "../../emulator/src/index";
import { computeSignature, signatureMatches } from "../../emulator/src/signature";
import { Api, deploySite, rawRequest, startTestEmulator } from "./helpers";
import { sha256 } from "../helpers/common";

describe("X-Twilio-Signature", () => {
  describe("the algorithm, against the twilio SDK", () => {
    const token = "12345";
    const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const params = { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" };

    it("reproduces twilio-node's published test vector", () => {
      expect(computeSignature(token, url, params)).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
      expect(getExpectedTwilioSignature(token, url, params)).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    });

    it("agrees with getExpectedTwilioSignature on many URLs and parameter sets", () => {
      const cases: [string, Record<string, string | string[]>][] = [
        ["https://example-1234.twil.io/", {}],
        ["https://example-1234.twil.io/a/b.mp3?x=1&y=%20z", { Body: "héllo wörld", From: "+1" }],
        ["http://demo-0001.localhost:8787/secret.txt", { Multi: ["b", "a", "b"], Single: "s" }],
        ["https://x-9999-dev.twil.io/path with space", { "": "empty name", Z: "" }],
        ["https://x.twil.io/?q=ü", { Emoji: "🎉", Zeta: "z", alpha: "A" }],
      ];
      for (const [u, p] of cases) {
        const ours = computeSignature("a-token", u, p);
        expect({ u, ours }).toEqual({ u, ours: getExpectedTwilioSignature("a-token", u, p) });
        expect(validateRequest("a-token", ours, u, p)).toBe(true);
      }
    });

    it("accepts what validateRequest accepts across explicit default ports", () => {
      const withPort = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
      const sig = getExpectedTwilioSignature(token, withPort, params);
      expect(validateRequest(token, sig, url, params)).toBe(true);
      expect(signatureMatches(token, sig, [url], params, Buffer.alloc(0))).toBe(true);
      const sigWithout = getExpectedTwilioSignature(token, url, params);
      expect(signatureMatches(token, sigWithout, [withPort], params, Buffer.alloc(0))).toBe(true);
      expect(signatureMatches(token, sig, [url], { ...params, Digits: "4321" }, Buffer.alloc(0))).toBe(false);
      expect(signatureMatches(token, undefined, [url], params, Buffer.alloc(0))).toBe(false);
    });

    it("checks JSON bodies through bodySHA256, as validateRequestWithBody does", () => {
      const body = '{"property": "value", "boolean": true}';
      const hash = getExpectedBodyHash(body);
      expect(hash).toBe("0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620");
      const signedUrl = `${url}&bodySHA256=${hash}`;
      const sig = getExpectedTwilioSignature(token, signedUrl, {});
      expect(sig).toBe("a9nBmqA0ju/hNViExpshrM61xv4=");
      expect(validateRequestWithBody(token, sig, signedUrl, body)).toBe(true);
      expect(signatureMatches(token, sig, [signedUrl], {}, Buffer.from(body))).toBe(true);
      expect(signatureMatches(token, sig, [signedUrl], {}, Buffer.from(body + " "))).toBe(false);
    });
  });

  describe("on protected assets", () => {
    let emulator: RunningEmulator;
    let domain: string;

    beforeAll(async () => {
      emulator = await startTestEmulator();
      const site = await deploySite(new Api(emulator), [{ path: "/vip.xml", visibility: "protected", content: "<Response/>", type: "text/xml" }]);
      domain = site.env.domain_name;
    });
    afterAll(() => emulator.close());

    const fetchSigned = (path: string, signature: string, extra: { method?: string; body?: string; type?: string } = {}) =>
      rawRequest(emulator, {
        path,
        host: domain,
        method: extra.method,
        body: extra.body,
        headers: { "X-Twilio-Signature": signature, ...(extra.type ? { "Content-Type": extra.type } : {}) },
      });

    it("accepts signatures that validateRequest accepts for Twilio's URL", async () => {
      for (const u of [`https://${domain}/vip.xml`, `https://${domain}:443/vip.xml`, `https://${domain}/vip.xml?a=1&b=two`]) {
        const sig = getExpectedTwilioSignature(emulator.authToken, u, {});
        expect(validateRequest(emulator.authToken, sig, `https://${domain}${new URL(u).pathname}${new URL(u).search}`, {})).toBe(true);
        const res = await fetchSigned(new URL(u).pathname + new URL(u).search, sig);
        expect({ u, status: res.status }).toEqual({ u, status: 200 });
      }
    });

    it("accepts POST webhooks with repeated form parameters", async () => {
      const params = { To: ["+1", "+2"], Body: "hi" };
      const sig = getExpectedTwilioSignature(emulator.authToken, `https://${domain}/vip.xml`, params);
      const body = "To=%2B2&Body=hi&To=%2B1";
      const res = await fetchSigned("/vip.xml", sig, { method: "POST", body, type: "application/x-www-form-urlencoded" });
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe("<Response/>");
    });

    it("accepts JSON webhooks signed with bodySHA256, and refuses a changed body", async () => {
      const body = JSON.stringify({ event: "x" });
      const hash = sha256(body);
      const path = `/vip.xml?bodySHA256=${hash}`;
      const sig = getExpectedTwilioSignature(emulator.authToken, `https://${domain}${path}`, {});
      expect((await fetchSigned(path, sig, { method: "POST", body, type: "application/json" })).status).toBe(200);
      expect((await fetchSigned(path, sig, { method: "POST", body: body + "x", type: "application/json" })).status).toBe(403);
    });

    it("refuses a signature made with the API key secret instead of the Auth Token", async () => {
      const sig = getExpectedTwilioSignature(emulator.apiKeySecret, `https://${domain}/vip.xml`, {});
      expect((await fetchSigned("/vip.xml", sig)).status).toBe(403);
    });
  });
});
