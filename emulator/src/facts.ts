/**
 * What the emulator knows of Twilio: every number and rule it enforces, each with its source.
 * This table is the emulator's own. It shares nothing with the provider or the policy pack: a
 * stand-in that read their table would repeat their mistakes instead of catching them
 * (test/contract/ checks all three against expected answers).
 *
 * Sources, by the short names used below:
 * - "Assets page": twilio.com/docs/serverless/functions-assets/assets (shared/twilio-docs/000_…),
 *   section "Limitations".
 * - "Serverless API page": twilio.com/docs/serverless/api (shared/twilio-docs/004_…), "Limits".
 * - "Asset Version page": twilio.com/docs/serverless/api/resource/asset-version
 *   (shared/twilio-docs/003_…), the create parameters.
 * - "spec": Twilio's OpenAPI description, twilio_serverless_v1.json (twilio/twilio-oai).
 * Where Twilio says nothing, the value is marked as a reading: the strict one, so that what the
 * emulator accepts Twilio accepts too (README, "Differences from Twilio").
 */

export type Visibility = "public" | "protected" | "private";

/** Asset Version page, Visibility: "Can be public, protected, or private"; spec enum. */
export const VISIBILITIES: readonly Visibility[] = ["public", "protected", "private"];

export function isVisibility(value: string): value is Visibility {
  return (VISIBILITIES as readonly string[]).includes(value);
}

/**
 * Reading: Twilio writes "25 MB" and "10 MB" without saying whether a MB is 10^6 or 2^20 bytes.
 * The emulator takes 10^6, the smaller.
 */
const MB = 1_000_000;

/** Largest content per version: Assets page "Limitations" and Serverless API page (25/25/10 MB). */
export const MAX_VERSION_BYTES: Readonly<Record<Visibility, number>> = {
  public: 25 * MB,
  protected: 25 * MB,
  private: 10 * MB,
};

/** Serverless API page, "Limits" (the Assets page agrees on the per-build counts). */
export const QUOTAS = {
  servicesPerAccount: 50,
  environmentsPerService: 25,
  /** "A Build can contain up to 1,000 public or protected Asset Versions": both together. */
  publicAssetVersionsPerBuild: 1000,
  privateAssetVersionsPerBuild: 50,
  functionVersionsPerBuild: 100,
  buildsPerHourPerAccount: 100,
} as const;

/** Field lengths, from each parameter's description in the spec. */
export const FIELD_LENGTHS = {
  /** CreateService UniqueName: "must be 50 characters or less". */
  serviceUniqueName: 50,
  /** FriendlyName of Service, Function and Asset: "a maximum of 255 characters". */
  friendlyName: 255,
  /** CreateEnvironment UniqueName: "a maximum of 100 characters". */
  environmentUniqueName: 100,
  /** CreateEnvironment DomainSuffix: "a maximum of 16 characters". */
  domainSuffix: 16,
  /** Variable Key: "a maximum of 128 characters". */
  variableKey: 128,
  /** Variable Value: "a maximum of 450 bytes in size". */
  variableValueBytes: 450,
  /** Asset Version page, path: "It can be a maximum of 255 characters". */
  path: 255,
} as const;

/**
 * A Service's UniqueName: "may only contain letters, numbers, and dashes" (Console,
 * twilio.com/docs/serverless/functions-assets/functions/create-service). A DomainSuffix is
 * "URL-friendly" and part of a host name (spec); reading: the same rule.
 */
export const DOMAIN_LABEL = /^[A-Za-z0-9-]+$/;

/** Where environments are served: spec, Environment `domain_name` ("the domain name of the environment", e.g. `example-1234-dev.twil.io`). */
export const TWIL_IO = ".twil.io";

/** Asset Version page, Path: ";,?:@+&$()' \" are disallowed". */
export const FORBIDDEN_PATH_CHARACTERS = ";,?:@+&$()'\"";

/**
 * What CreateBuild answers for a runtime it does not run: 400, code 20001, "unsupported runtime:
 * node10" (a real answer, twilio/twilio-cli#252, 2021-05-06). Twilio's error page names code 82007
 * ("Unsupported Runtime", twilio.com/docs/errors/82007), but the run wins over the page.
 */
export const UNSUPPORTED_RUNTIME = { status: 400, code: 20001 } as const;

/**
 * Runtimes a build may name today. The spec's enum lists node8 to node22, but Twilio has retired
 * the old ones since:
 * - node16 and older: "After February 1st, 2024, … they will need to be deployed on Node.js v18"
 *   (twilio.com/docs/runtime/runtime-node-upgrade);
 * - node18: "After November 10th, 2025, … they will need to be deployed on Node.js v20 or v22"
 *   (twilio.com/docs/runtime/twilio-functions-nodejs-v10-upgrade, the Node.js v22 upgrade page);
 * - node24 was added: "Twilio Functions now supports Node.js v24 as a build runtime"
 *   (Twilio changelog, 2026-07-08, "Node.js v24 is now available for Twilio Functions").
 */
export const SUPPORTED_RUNTIMES = ["node20", "node22", "node24"] as const;
export type Runtime = (typeof SUPPORTED_RUNTIMES)[number];

export function isSupportedRuntime(value: string): value is Runtime {
  return (SUPPORTED_RUNTIMES as readonly string[]).includes(value);
}

/**
 * A build that names no runtime gets "the runtime used for the last successful build in the
 * service" (twilio.com/docs/errors/82007), else the default: "Node.js v22 remains the current
 * default" (changelog, 2026-07-08).
 */
export const DEFAULT_RUNTIME: Runtime = "node22";

/** Paths served at an environment's root, in order: the Assets page, "Hosting a root Asset". */
export const ROOT_ASSET_PATHS = ["/", "/assets/index.html"] as const;

/**
 * Running Functions (README, "Running Functions"). Sources, by the short names used below:
 * - "Execution page": twilio.com/docs/serverless/functions-assets/functions/invocation.
 * - "Runtime Client page": twilio.com/docs/serverless/functions-assets/client.
 * - "Dependencies page": twilio.com/docs/serverless/functions-assets/functions/dependencies.
 * - "Headers page": twilio.com/docs/serverless/functions-assets/functions/headers-and-cookies
 *   (its "Accessing headers and cookies" and "Limitations" subpages).
 * - "FAQ": twilio.com/docs/serverless/functions-assets/faq.
 * - "Variables page": twilio.com/docs/serverless/functions-assets/functions/variables.
 */
export const FUNCTIONS = {
  /** Serverless API page, "Limits": "Function execution time is limited to 10 seconds." */
  executionTimeLimitMs: 10_000,
  /**
   * Serverless API page, "Limits": "An account can execute up to 30 Functions concurrently."
   * What Twilio answers above it is not documented: the emulator answers 429 (a reading).
   */
  concurrentExecutionsPerAccount: 30,
  /**
   * FAQ: a Function that runs past the limit "has completed with the error: 'runtime
   * application timed out'"; error 82002 ("Error on Twilio Function response": "Your Function
   * invocation resulted in StatusCode 5xx … Your Function timed out before responding").
   */
  timeoutMessage: "runtime application timed out",
  /** twilio.com/docs/api/errors/82002, the error logged for a Function's 5xx answer. */
  errorCode: 82002,
} as const;

/**
 * What every build has without declaring it. Dependencies page, "Default Dependencies": "The
 * default version of the Twilio SDK and Runtime handler are a part of all Builds." So a Function
 * may require `twilio` (and Node.js's own modules) undeclared; the runtime handler is what runs
 * the Function. Older pages (and third-party notes) also list lodash and xmldom as defaults; the
 * current page does not, so a Function that requires them undeclared fails here (the strict
 * reading).
 */
export const DEFAULT_DEPENDENCIES = { sdk: "twilio", runtimeHandler: "@twilio/runtime-handler" } as const;

/**
 * Twilio's own list of `@twilio/runtime-handler` versions (twilio.com/docs/serverless/functions-assets/handler,
 * "Versions", as of 2026-07), oldest first. CreateBuild checks a declared handler against this
 * list, not against npm: records of real runs show npm's 2.0.3 refused (serverless-toolkit#538,
 * 2025-02-21) and npm's latest, 2.1.0, refused (serverless-toolkit#557, 2026-06; #564,
 * 2026-09-07), each with 400/20001 "Some dependencies could not be validated. No matching version
 * found for @twilio/runtime-handler@… You can find the valid versions at <this page>"; 2.1.2, on
 * the list, is not on npm (#564). An account that needs another list: `runtimeHandlerVersions`.
 */
export const RUNTIME_HANDLER_VERSIONS = [
  "1.0.1",
  "1.0.2",
  "1.1.0",
  "1.1.1",
  "1.1.2",
  "1.1.3",
  "1.2.0",
  "1.2.1",
  "1.2.2",
  "1.2.3",
  "1.2.4",
  "1.2.5",
  "1.3.0",
  "1.3.1",
  "2.0.0",
  "2.0.1",
  "2.1.2",
] as const;

/** The page the refusal names (serverless-toolkit#538, #564). */
export const RUNTIME_HANDLER_PAGE = "https://www.twilio.com/docs/serverless/functions-assets/handler";

/**
 * The handler a build gets when it declares none: "2.0.1 … This is the new default version"
 * (handler page); node24 "requires @twilio/runtime-handler version 2.1.2 or later" (changelog,
 * 2026-07-08, "Node.js v24 is now available for Twilio Functions").
 */
export const DEFAULT_RUNTIME_HANDLER = { default: "2.0.1", node24: "2.1.2" } as const;

/**
 * node24 and older handlers (changelog, 2026-07-08): "If your service specifies a version between
 * 1.2.0 and 2.1.2, Twilio will automatically upgrade it to 2.1.2 when you deploy to node24 … below
 * 1.2.0, your build will fail with an error asking you to upgrade manually". The build is
 * accepted (201) and ends `failed`.
 */
export const NODE24_OLDEST_HANDLER = "1.2.0";

/**
 * Dependencies Twilio adds to a build's list (the build read back holds more than was sent), by
 * era (`defaultDependencies`):
 * - "current": `twilio` and `@twilio/runtime-handler`, when not declared: "You will always see
 *   twilio and @twilio/runtime-handler … in the Build response returned by the Serverless API"
 *   (Dependencies page; Twilio changelog 2021-02-02, "Twilio Functions now displays the default
 *   dependencies"). Versions: the handler's default above; `twilio`'s default version is not
 *   published, so the one the emulator runs Functions with (a guess).
 * - "2021": what real runs saw in 2020–21 (RJPearson94/terraform-provider-twilio: acceptance tests
 *   moved from 1 to 5 dependencies on 2020-12-23, "to cater for changes in the Twilio API", then 6
 *   on 2021-02-08; docs/resources/serverless_build.md: "Twilio are currently injecting
 *   dependencies … twilio, fs, lodash, util, xmldom & @twilio/runtime-handler"), at the versions
 *   those tests declare to match.
 */
export const ADDED_DEPENDENCIES_2021: readonly { name: string; version: string }[] = [
  { name: "fs", version: "0.0.1-security" },
  { name: "lodash", version: "4.17.11" },
  { name: "util", version: "0.11.0" },
  { name: "xmldom", version: "0.1.27" },
  { name: "@twilio/runtime-handler", version: "1.0.1" },
];
export const DEFAULT_DEPENDENCY_ERAS = ["current", "2021"] as const;
export type DefaultDependencyEra = (typeof DEFAULT_DEPENDENCY_ERAS)[number];

/**
 * API requests in flight at once above which the account is answered 429/20429 "Too many
 * requests". Twilio publishes no number; real runs: deploys of 50–60 assets at once "often end"
 * in 429 (twilio-labs/serverless-api#37, 2020-05-13), and Twilio's toolkit at 50 uploads in flight
 * failed "intermittently" (serverless-toolkit#303, 2021-07 to 2021-11), until Twilio lowered its
 * default to 10, "advisable to keep the concurrency low (around 10-15)" (serverless-toolkit PR #517,
 * 2024-04-09). So: 50.
 */
export const MAX_CONCURRENT_REQUESTS = 50;

/**
 * Request headers a Function never sees: Headers page, "Limitations", "Restricted headers"
 * (names in lower case; an entry ending in `-` is a prefix, for `X-Accel-*` and
 * `X-Forwarded-*`). Twilio's local runtime also hides its internal `i-twilio-`, `i-t-`, `ot-` and
 * `x-amz` headers, which no client sends.
 */
export const RESTRICTED_REQUEST_HEADERS = [
  "connection",
  "proxy-connection",
  "expect",
  "host",
  "proxy-authorization",
  "proxy-authenticate",
  "referer",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "via",
  "x-accel-",
  "x-forwarded-",
  "x-real-ip",
] as const;

/**
 * Headers page, "Limitations", "Cookies": Runtime adds `HttpOnly` and `Secure` to the cookies a
 * Function sets, replaces their Domain with the Function's own, and answers 400 for a Max-Age or
 * Expires over 24 hours.
 */
export const COOKIE_MAX_AGE_SECONDS = 24 * 60 * 60;
