/**
 * Every error the emulator answers, as Twilio writes them: `{code, message, more_info, status}`
 * (serverless-api.md §8). One factory per failure; the texts are named here once so that tests
 * can import and compare them (stripe-mock's habit). Texts quoted from Twilio carry a source; the
 * others are ours and listed in the README under "Differences from Twilio".
 */

/** Twilio error codes used by the emulator. */
export const CODES = {
  invalidParameter: 20001,
  authenticate: 20003,
  methodNotAllowed: 20004,
  notFound: 20404,
  conflict: 20409,
  tooLarge: 20413,
  tooManyRequests: 20429,
  internal: 20500,
  unavailable: 20503,
} as const;

export const MORE_INFO_BASE = "https://www.twilio.com/docs/errors/";

/** Message texts. Functions where the text names a value. */
export const MESSAGES = {
  /** Twilio's 20003 body (twilio.com/docs/api/errors/20003). */
  authenticate: "Authenticate",
  /** Twilio's 20404 text; `path` is the request path without `/v1` (plugin-serverless#30). */
  notFound: (path: string) => `The requested resource ${path} was not found`,
  methodNotAllowed: (method: string, path: string) => `Method ${method} is not allowed on ${path}`,
  missingParameter: (name: string) => `Missing required parameter ${name} in the post body`,
  tooLong: (name: string, max: number, unit = "characters") =>
    `Parameter '${name}' must be at most ${max} ${unit} long`,
  invalidEnum: (name: string, value: string, allowed: readonly string[]) =>
    `Invalid value '${value}' for parameter '${name}': must be one of ${allowed.join(", ")}`,
  invalidBoolean: (name: string, value: string) => `Invalid value '${value}' for parameter '${name}': must be true or false`,
  invalidSid: (name: string, value: string, prefix: string) =>
    `Invalid value '${value}' for parameter '${name}': must be a ${prefix} SID`,
  invalidDate: (name: string, value: string) => `Invalid value '${value}' for parameter '${name}': must be an ISO 8601 date-time`,
  invalidName: (name: string, value: string) =>
    `Invalid value '${value}' for parameter '${name}': only letters, numbers and dashes are allowed`,
  invalidPath: (path: string, problem: string) => `Invalid Path '${path}': it ${problem}`,
  invalidPageSize: (value: string) => `Invalid PageSize '${value}': must be an integer from 1 to 1000`,
  invalidPage: (value: string) => `Invalid Page '${value}': must be a non-negative integer`,
  invalidPageToken: (value: string) => `Invalid PageToken '${value}'`,
  pageWithoutToken: (value: string) =>
    `Page ${value} needs the PageToken of the URL that named it: follow meta.next_page_url (Page alone is only client state)`,

  /** Quota texts: the Services one is Twilio's (dev-phone#178); the others follow its pattern. */
  servicesLimit: (n: number) => `Services are limited to less than or equal to ${n}`,
  environmentsLimit: (n: number) => `Environments are limited to less than or equal to ${n}`,
  buildsPerHourLimit: (n: number) => `Builds are limited to less than or equal to ${n} per hour`,
  buildVersionsLimit: (n: number, what: string) => `A Build is limited to less than or equal to ${n} ${what}`,

  duplicateService: "Service with this UniqueName already exists.",
  /** Twilio's text (RJPearson94/terraform-provider-twilio#78). */
  duplicateEnvironment: "Environment with this UniqueName or DomainSuffix already exists.",
  duplicateVariable: "Variable with this Key already exists.",

  /** Twilio's text (twilio/twilio-cli#215). */
  buildWithoutVersions: "At least one Function Version or Asset Version is required for Build.",
  /** Twilio's text for assets (serverless-toolkit#469); the function one follows it. */
  conflictingAssetVersions: (a: string, b: string) => `Different Asset Versions for same Asset. Conflicting SIDs: ${a} and ${b}`,
  conflictingFunctionVersions: (a: string, b: string) =>
    `Different Function Versions for same Function. Conflicting SIDs: ${a} and ${b}`,
  unknownVersion: (name: string, sid: string) => `${name} contains ${sid}, which is not a version in this Service`,
  duplicatePathInBuild: (path: string) => `More than one version in the Build has the Path '${path}'`,
  /** Twilio's text (twilio/twilio-cli#252), with code 20001 (facts.ts, UNSUPPORTED_RUNTIME). */
  unsupportedRuntime: (value: string) => `unsupported runtime: ${value}`,
  /** Twilio's text (serverless-toolkit#538), for a dependency npm cannot resolve. */
  dependencyNotFound: (spec: string) => `Some dependencies could not be validated. No matching version found for ${spec}.`,
  /** Twilio's text (serverless-toolkit#538, #564), for a runtime handler not on Twilio's own list. */
  runtimeHandlerNotFound: (spec: string, page: string) =>
    `Some dependencies could not be validated. No matching version found for ${spec}. You can find the valid versions at ${page}`,
  /** Ours, in the same words, for what npm could not even look up. */
  dependencyUnresolvable: (spec: string, why: string) => `Some dependencies could not be validated. ${spec}: ${why}`,
  malformedDependencies: (why: string) => `Invalid Dependencies: ${why}`,

  /** Twilio's text (twilio-labs/serverless-api#27). */
  alreadyDeployed: "Environment has already requested deployment",
  /** Twilio's text for an un-deploy of an environment that serves nothing (twilio/twilio-cli#215). */
  alreadyUndeployed: "Environment already has requested deployment.",
  buildNotDeployable: (sid: string, status: string) => `Build ${sid} cannot be deployed: its status is ${status}, not completed`,
  unknownBuild: (sid: string) => `Build ${sid} was not found in this Service`,
  /** Twilio's text (RJPearson94/terraform-provider-twilio CHANGELOG v0.8.2). */
  buildInUse: "Cannot delete Build because it's part of an active Deployment.",
  functionInUse: "Cannot delete Function because one of its Function Versions is part of an active Deployment.",
  assetInUse: "Cannot delete Asset because one of its Asset Versions is part of an active Deployment.",

  bodyTooLarge: (limit: number) => `Request body is too large: the limit is ${limit} bytes`,
  contentTooLarge: (visibility: string, limit: number) =>
    `Content is too large: ${visibility} versions are limited to ${limit} bytes`,
  notMultipart: "Versions are created with a multipart/form-data body (fields Path, Visibility, Content)",
  malformedMultipart: (detail: string) => `Malformed multipart body: ${detail}`,
  contentNotAFile: "Content must be a file part (with a filename)",
  malformedRequest: (detail: string) => `Malformed HTTP request: ${detail}`,
  tooManyParts: "Too many parts in the multipart body: expected Path, Visibility and one Content file",

  /** Twilio's text for 20429 (twilio-labs/serverless-api#37). */
  tooManyRequests: "Too many requests",
  internal: "Internal Server Error",
  unavailable: "Service Unavailable",
} as const;

/** Why a version path is refused, as the end of MESSAGES.invalidPath ("it …"). */
export const PATH_PROBLEMS = {
  tooLong: (length: number, max: number) => `is ${length} characters long, over the limit of ${max}`,
  whitespace: "contains whitespace",
  control: "contains a control character",
  forbidden: (ch: string) => `contains '${ch}', one of the characters Twilio disallows`,
  fragment: "contains '#': paths must be without fragments",
  backslash: "contains '\\', which URLs read as '/'",
  percent: "contains '%': paths must be URL friendly, without percent-encoding",
  emptySegment: "contains '//', an empty segment",
  dotSegment: "contains a '.' or '..' segment, which URLs remove",
} as const;

/** An error answered on the wire as Twilio's JSON error body. */
export class TwilioError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    /** Extra response headers (Allow, Retry-After, WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "TwilioError";
  }

  toJSON(): { code: number; message: string; more_info: string; status: number } {
    return { code: this.code, message: this.message, more_info: MORE_INFO_BASE + this.code, status: this.status };
  }
}

export const unauthorized = () =>
  new TwilioError(401, CODES.authenticate, MESSAGES.authenticate, { "WWW-Authenticate": 'Basic realm="Twilio API"' });
/** `path` is the full request path; Twilio's text leaves out the `/v1` version segment. */
export const notFound = (path: string) => new TwilioError(404, CODES.notFound, MESSAGES.notFound(path.replace(/^\/v1(?=\/)/, "")));
export const methodNotAllowed = (method: string, path: string, allow: string[]) =>
  new TwilioError(405, CODES.methodNotAllowed, MESSAGES.methodNotAllowed(method, path), { Allow: allow.join(", ") });
export const invalid = (message: string) => new TwilioError(400, CODES.invalidParameter, message);
export const missing = (name: string) => invalid(MESSAGES.missingParameter(name));
export const conflict = (message: string) => new TwilioError(409, CODES.conflict, message);
export const tooLarge = (message: string) => new TwilioError(413, CODES.tooLarge, message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new TwilioError(429, CODES.tooManyRequests, MESSAGES.tooManyRequests, { "Retry-After": String(retryAfterSeconds) });
/** Over the account's concurrency limit: Twilio's page names no wait, so no Retry-After (README, R10). */
export const tooManyConcurrentRequests = () => new TwilioError(429, CODES.tooManyRequests, MESSAGES.tooManyRequests);
export const internalError = () => new TwilioError(500, CODES.internal, MESSAGES.internal);
export const unavailable = () => new TwilioError(503, CODES.unavailable, MESSAGES.unavailable);

/** What the sites (site.ts) and the Functions they run (functions/host.ts) answer in plain text. */
export const SITE_TEXT = {
  notFound: "Not Found",
  forbidden: "Forbidden: a valid X-Twilio-Signature is required for this protected resource",
  notDeployed: "Not Found: nothing is deployed to this environment",
  getWithBody: "Forbidden: GET requests to Functions cannot have a body",
  methodNotAllowed: "Method Not Allowed",
  functionMethodNotAllowed: "Method Not Allowed: Functions answer GET, POST and OPTIONS",
  tooLarge: "Payload Too Large",
  tooManyExecutions: (limit: number) => `Too Many Requests: an account runs at most ${limit} Function executions at once`,
  invalidJson: (why: string) => `Bad Request: the body is not valid JSON (${why})`,
  /** Ours: the Headers page's text for it is cut short in every copy found ("Cookies max-age cannot be gr…"). */
  cookieTooLong: (name: string) => `Cookies max-age cannot be greater than 24 hours (cookie "${name}")`,
  invalidAnswer: (why: string) => `The Function's response cannot be sent: ${why}`,
  functionFailed: (path: string, error: string) => `Error in Function ${path}: ${error}`,
  functionCrashed: (path: string, detail: string) => `Function ${path} ended without answering: ${detail}`,
  functionTimedOut: (path: string, limitMs: number) =>
    `Function ${path} did not answer within ${limitMs} ms and was stopped: runtime application timed out`,
} as const;
