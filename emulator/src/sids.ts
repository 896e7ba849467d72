import { randomBytes, randomInt } from "node:crypto";

/** SID prefixes of the Serverless v1 resources (serverless-api.md §2). */
export const PREFIX = {
  account: "AC",
  apiKey: "SK",
  service: "ZS",
  environment: "ZE",
  variable: "ZV",
  deployment: "ZD",
  log: "NO",
  request: "RQ",
  /** Functions and Assets share ZH; their versions share ZN. */
  function: "ZH",
  asset: "ZH",
  version: "ZN",
  build: "ZB",
} as const;

export type Prefix = (typeof PREFIX)[keyof typeof PREFIX];

/** A new SID: two-letter prefix and 32 lower-case hex digits, like Twilio's. */
export function newSid(prefix: Prefix): string {
  return prefix + randomBytes(16).toString("hex");
}

/** Whether `value` is shaped like a SID with this prefix (`^XX[0-9a-fA-F]{32}$`). */
export function isSid(value: string, prefix: Prefix): boolean {
  return value.length === 34 && value.startsWith(prefix) && /^[0-9a-fA-F]{32}$/.test(value.slice(2));
}

/** Four random decimal digits, the "random characters" in a service's domain base. */
export function randomDigits(count = 4): string {
  let out = "";
  for (let i = 0; i < count; i++) out += String(randomInt(10));
  return out;
}

/** A random secret (hex), for generated auth tokens and API key secrets. */
export function newSecret(bytes = 16): string {
  return randomBytes(bytes).toString("hex");
}
