/**
 * Twilio Serverless limits as the provider and the policy pack enforce them, from Twilio's current
 * Assets and Serverless API pages ("Limitations" and "Limits"; where older beta figures disagree,
 * these win), the Asset Version page and the OpenAPI description. The emulator keeps its own table
 * (emulator/src/facts.ts) and shares nothing with this one, so that a mistake here shows up as a
 * refusal there; test/contract/ holds both to the expected answers.
 */
import { problems } from "./messages";

/**
 * Twilio does not say whether its "25 MB" means 10^6 or 2^20 bytes. We take the strict reading,
 * 1 MB = 1,000,000 bytes, so a file we accept is never one Twilio refuses.
 */
export const MB = 1_000_000;

export const VISIBILITIES = ["public", "protected", "private"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export function isVisibility(value: unknown): value is Visibility {
  return (VISIBILITIES as readonly unknown[]).includes(value);
}

/** Largest file Twilio accepts per asset or function version, by visibility. */
export const MAX_VERSION_BYTES: Readonly<Record<Visibility, number>> = {
  public: 25 * MB,
  protected: 25 * MB,
  private: 10 * MB,
};

export const LIMITS = {
  servicesPerAccount: 50,
  environmentsPerService: 25,
  /** Public and protected asset versions together, per build. */
  publicAssetVersionsPerBuild: 1000,
  privateAssetVersionsPerBuild: 50,
  functionVersionsPerBuild: 100,
  buildsPerHourPerAccount: 100,
} as const;

/** Field lengths from the OpenAPI description (twilio_serverless_v1.json). */
export const FIELD_LIMITS = {
  serviceUniqueName: 50,
  friendlyName: 255,
  environmentUniqueName: 100,
  domainSuffix: 16,
  variableKey: 128,
  /** Bytes, not characters. */
  variableValueBytes: 450,
  path: 255,
} as const;

/** A service's uniqueName and an environment's domainSuffix: part of a domain name, so letters, digits and dashes. */
export const DOMAIN_LABEL_PATTERN = /^[A-Za-z0-9-]+$/;

/** Characters Twilio refuses in a function or asset path (Asset Version page), plus any whitespace. */
export const FORBIDDEN_PATH_CHARACTERS = ";,?:@+&$()'\"";

/**
 * Runtimes Twilio builds today. The OpenAPI enum still lists node8 to node22, but Twilio has
 * retired node16 and older (Node.js v18 upgrade page: after 2024-02-01 changes "will need to be
 * deployed on Node.js v18") and node18 (Node.js v22 upgrade page: after 2025-11-10 "on Node.js v20
 * or v22"), and added node24 (changelog 2026-07-08, "Node.js v24 is now available for Twilio
 * Functions"). Others are refused: 400/20001 "unsupported runtime: node10" in a real run
 * (twilio/twilio-cli#252), error 82007 "Unsupported Runtime" in the docs.
 */
export const RUNTIMES = ["node20", "node22", "node24"] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** Paths that Twilio serves at an environment's root, in order of preference. */
export const ROOT_ASSET_PATHS = ["/", "/assets/index.html"] as const;

/** The root path that Twilio serves only for HTML. */
export const INDEX_HTML_PATH = ROOT_ASSET_PATHS[1];

/** The path visitors request for a version at `versionPath`: `/` for a root asset, else the same. */
export function servedPathOf(versionPath: string): string {
  return (ROOT_ASSET_PATHS as readonly string[]).includes(versionPath) ? "/" : versionPath;
}

/** Whether a media type (without parameters) is HTML, which is all Twilio serves at INDEX_HTML_PATH. */
export function isHtmlType(contentType: string): boolean {
  return contentType === "text/html" || contentType === "application/xhtml+xml";
}

/** Characters that pass Twilio's list but that no browser would send as written. */
const UNSERVABLE_PATH_CHARACTERS: ReadonlyArray<[string, () => string]> = [
  ["#", problems.pathFragment],
  ["%", problems.pathPercent],
  ["\\", problems.pathBackslash],
];

/**
 * Normalizes a version path as Twilio does (a leading slash is added) and returns the problem
 * with it, if any, as a phrase ("is 256 characters long, over the limit of 255"), or undefined
 * when it is valid. `maxLength` is for accounts whose limit differs (the policy pack's setting).
 *
 * Twilio's Asset Version page asks for paths that are "URL Friendly, without fragments". Besides
 * its forbidden characters we refuse what a browser would never request as written, so a file
 * under such a path could never be fetched: `#` (a fragment), `%` (read as an escape), `\`
 * (read as `/`), `.` and `..` segments (removed), `//` (an empty segment) and control characters.
 */
export function pathProblem(path: string, maxLength: number = FIELD_LIMITS.path): string | undefined {
  if (path.length === 0) return problems.empty();
  const normalized = normalizePath(path);
  if (normalized.length > maxLength) return problems.tooLong(normalized.length, maxLength);
  if (/\s/.test(normalized)) return problems.pathWhitespace();
  if (/\p{Cc}/u.test(normalized)) return problems.pathControl();
  for (const ch of FORBIDDEN_PATH_CHARACTERS) {
    if (normalized.includes(ch)) return problems.pathForbiddenCharacter(ch, FORBIDDEN_PATH_CHARACTERS);
  }
  for (const [ch, problem] of UNSERVABLE_PATH_CHARACTERS) if (normalized.includes(ch)) return problem();
  if (normalized.includes("//")) return problems.pathEmptySegment();
  if (normalized.split("/").some((segment) => segment === "." || segment === "..")) return problems.pathDotSegment();
  return undefined;
}

/** Twilio prepends a slash to a path that lacks one. */
export function normalizePath(path: string): string {
  return path.startsWith("/") ? path : `/${path}`;
}
