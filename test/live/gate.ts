/**
 * Where the live suite goes, and how far. The gate: to Twilio only when `TWILIO_LIVE=1` and
 * credentials are set; otherwise nothing is sent anywhere. The caps: requests and minutes per
 * run. This module loads nothing else (the CLI checks the gate before it loads the suite, so that
 * a closed gate costs nothing and needs no build).
 */

/** Where a run goes: Twilio, or an emulator. */
export interface LiveTarget {
  /** `twilio` or `emulator`: written into each transcript. */
  name: string;
  /** The API and the upload API, where the proxy forwards. */
  upstream: { api: string; upload: string };
  accountSid: string;
  /** Signs the requests to protected paths; without it (API key only) they are not made. */
  authToken?: string;
  apiKeySid?: string;
  apiKeySecret?: string;
  /** Where a deployed site's requests go (they carry its domain as Host): `https://{domain}` on Twilio, the emulator's URL. */
  siteOrigin(domainName: string): string;
}

/** Requests the scenarios of a run may make, by default. */
export const DEFAULT_MAX_REQUESTS = 1500;
/** Minutes a run's scenarios may take, by default and at most (the sweeper counts on the latter). */
export const DEFAULT_MAX_MINUTES = 30;
export const MAX_RUN_MINUTES = 45;

export const TWILIO_API = "https://serverless.twilio.com";
export const TWILIO_UPLOAD_API = "https://serverless-upload.twilio.com";

export type Gate = { open: true; target: LiveTarget } | { open: false; reason: string };

/**
 * Whether this environment may run against Twilio: `TWILIO_LIVE=1` and an account SID with its
 * auth token, or with an API key and its secret. The reason says what is missing, and never a value.
 */
export function liveGate(env: NodeJS.ProcessEnv): Gate {
  if (env.TWILIO_LIVE !== "1") {
    const was = env.TWILIO_LIVE === undefined ? "not set" : `"${env.TWILIO_LIVE}", not "1"`;
    return { open: false, reason: `TWILIO_LIVE is ${was}: the live suite runs against a real Twilio account only when TWILIO_LIVE=1.` };
  }
  const accountSid = env.TWILIO_ACCOUNT_SID ?? "";
  const authToken = env.TWILIO_AUTH_TOKEN || undefined;
  const apiKeySid = env.TWILIO_API_KEY || undefined;
  const apiKeySecret = env.TWILIO_API_SECRET || undefined;
  const missing: string[] = [];
  if (!/^AC[0-9a-f]{32}$/.test(accountSid)) missing.push("TWILIO_ACCOUNT_SID (AC followed by 32 hex digits)");
  if (!authToken && !(apiKeySid && apiKeySecret)) missing.push("TWILIO_AUTH_TOKEN, or TWILIO_API_KEY with TWILIO_API_SECRET");
  if (missing.length) return { open: false, reason: `TWILIO_LIVE=1, but the credentials are missing: set ${missing.join(" and ")}.` };
  return {
    open: true,
    target: {
      name: "twilio",
      upstream: { api: TWILIO_API, upload: TWILIO_UPLOAD_API },
      accountSid,
      authToken,
      apiKeySid,
      apiKeySecret,
      siteOrigin: (domainName) => `https://${domainName}`,
    },
  };
}
