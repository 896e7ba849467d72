/**
 * The contract: what Twilio answers, case by case, with the source of each answer. The values are
 * literals on purpose: nothing here comes from the provider's table (provider/src/core/limits.ts) or
 * the emulator's (emulator/src/facts.ts), so that a wrong fact in either side fails against the
 * expected answer instead of agreeing with itself.
 */

export type Answer = "accept" | "refuse";

export interface Case<I> {
  /** Shown in the test name. */
  name: string;
  input: I;
  /** What Twilio does with it. */
  twilio: Answer;
  /** Where that answer comes from. */
  source: string;
}

export const SOURCES = {
  assetVersionPath:
    "Asset Version page (shared/twilio-docs/003_…): Path \"must be URL Friendly, without fragments, and ;,?:@+&$()' \\\" are disallowed\"; \"a maximum of 255 characters\"; a leading slash is prepended",
  urlFriendly:
    "reading of the Asset Version page's \"URL Friendly\" (emulator/README.md): a path a browser requests differently (\\ read as /, . and .. removed, // and % escapes) can never be fetched",
  sizes: "Assets page \"Limitations\" and Serverless API page \"Limits\": public and protected 25 MB, private 10 MB; reading: 1 MB = 10^6 bytes",
  perBuild:
    "Serverless API page \"Limits\": a Build holds up to 1,000 public or protected Asset Versions, 50 private Asset Versions and 100 Function Versions",
  serviceUniqueName:
    "spec CreateService UniqueName: \"50 characters or less\"; Console create-service page: \"may only contain letters, numbers, and dashes\"",
  domainSuffix: "spec CreateEnvironment DomainSuffix: \"URL-friendly\", \"a maximum of 16 characters\"; reading: letters, digits and dashes (part of a host name)",
  runtimesRetired:
    "spec build_enum_runtime lists node8–node22; Node.js v18 upgrade page (node16 and older retired 2024-02-01) and Node.js v22 upgrade page (node18 retired 2025-11-10); error 82007 Unsupported Runtime (answered 400/20001 \"unsupported runtime: node10\" in a real run, twilio-cli#252)",
  runtimesCurrent: "Node.js v22 upgrade page: builds \"on Node.js v20 or v22\"; changelog 2026-07-08: \"Node.js v24 is now available for Twilio Functions\"",
  runtimeUnknown: "not in the spec's enum; error 82007 Unsupported Runtime (answered 400/20001 \"unsupported runtime: node10\" in a real run, twilio-cli#252)",
  dependenciesResolved:
    "serverless-toolkit#538: CreateBuild answers 400/20001 \"Some dependencies could not be validated. No matching version found for …\": Twilio resolves each dependency in npm",
  runtimeHandlerList:
    "serverless-toolkit#538 (2025-02) and #564 (2026-09): 400/20001 \"No matching version found for @twilio/runtime-handler@2.0.3\" (and @2.1.0), both on npm; Twilio checks the handler against its own list (twilio.com/docs/serverless/functions-assets/handler), where 2.1.2 is and npm has it not",
  dependenciesShape: "Build page: Dependencies are a JSON list of {name, version}; reading: anything else is the same 400/20001",
} as const;

const path = (name: string, input: string, twilio: Answer, source: string = SOURCES.assetVersionPath): Case<string> => ({
  name,
  input,
  twilio,
  source,
});

export const PATH_CASES: Case<string>[] = [
  path("an ordinary path", "/index.html", "accept"),
  path("a path without its leading slash", "styles/site.css", "accept"),
  path("the root path", "/", "accept"),
  path("the root page path", "/assets/index.html", "accept"),
  path("a trailing slash", "/docs/", "accept"),
  path("dashes, underscores, dots and tildes", "/a-b_c.d~e.txt", "accept"),
  path("255 characters with the slash", `/${"p".repeat(254)}`, "accept"),
  path("256 characters with the slash", `/${"p".repeat(255)}`, "refuse"),
  path("255 characters once the slash is prepended", "p".repeat(254), "accept"),
  path("256 characters once the slash is prepended", "p".repeat(255), "refuse"),
  ...[...";,?:@+&$()'\""].map((ch) => path(`the forbidden character ${JSON.stringify(ch)}`, `/a${ch}b.txt`, "refuse")),
  path("a fragment", "/page.html#top", "refuse"),
  path("a space", "/my file.txt", "refuse"),
  path("a tab", "/my\tfile.txt", "refuse"),
  path("a newline", "/my\nfile.txt", "refuse"),
  path("a control character", "/a\u0001b.txt", "refuse", SOURCES.urlFriendly),
  path("a '..' segment", "/a/../b.txt", "refuse", SOURCES.urlFriendly),
  path("a '.' segment", "/./b.txt", "refuse", SOURCES.urlFriendly),
  path("a backslash", "/a\\b.txt", "refuse", SOURCES.urlFriendly),
  path("an empty segment", "/a//b.txt", "refuse", SOURCES.urlFriendly),
  path("a percent-encoded slash", "/a%2Fb.txt", "refuse", SOURCES.urlFriendly),
  path("a percent sign", "/100%.txt", "refuse", SOURCES.urlFriendly),
];

export interface SizeInput {
  visibility: "public" | "protected" | "private";
  bytes: number;
}

export const SIZE_CASES: Case<SizeInput>[] = [
  { name: "a public file of 25 MB", input: { visibility: "public", bytes: 25_000_000 }, twilio: "accept", source: SOURCES.sizes },
  { name: "a public file one byte over 25 MB", input: { visibility: "public", bytes: 25_000_001 }, twilio: "refuse", source: SOURCES.sizes },
  { name: "a protected file of 25 MB", input: { visibility: "protected", bytes: 25_000_000 }, twilio: "accept", source: SOURCES.sizes },
  { name: "a protected file one byte over 25 MB", input: { visibility: "protected", bytes: 25_000_001 }, twilio: "refuse", source: SOURCES.sizes },
  { name: "a private file of 10 MB", input: { visibility: "private", bytes: 10_000_000 }, twilio: "accept", source: SOURCES.sizes },
  { name: "a private file one byte over 10 MB", input: { visibility: "private", bytes: 10_000_001 }, twilio: "refuse", source: SOURCES.sizes },
];

/** How many versions of each kind one build holds. */
export interface BuildCounts {
  public: number;
  protected: number;
  private: number;
  functions: number;
}

const counts = (c: Partial<BuildCounts>): BuildCounts => ({ public: 0, protected: 0, private: 0, functions: 0, ...c });

export const BUILD_COUNT_CASES: Case<BuildCounts>[] = [
  { name: "1,000 public and protected asset versions", input: counts({ public: 900, protected: 100 }), twilio: "accept", source: SOURCES.perBuild },
  { name: "1,001 public and protected asset versions", input: counts({ public: 900, protected: 101 }), twilio: "refuse", source: SOURCES.perBuild },
  { name: "50 private asset versions", input: counts({ private: 50 }), twilio: "accept", source: SOURCES.perBuild },
  { name: "51 private asset versions", input: counts({ private: 51 }), twilio: "refuse", source: SOURCES.perBuild },
  { name: "100 function versions", input: counts({ functions: 100 }), twilio: "accept", source: SOURCES.perBuild },
  { name: "101 function versions", input: counts({ functions: 101 }), twilio: "refuse", source: SOURCES.perBuild },
];

const named = (name: string, input: string, twilio: Answer, source: string): Case<string> => ({ name, input, twilio, source });

export const SERVICE_NAME_CASES: Case<string>[] = [
  named("letters, digits and dashes", "ivr-line-2", "accept", SOURCES.serviceUniqueName),
  named("50 characters", "s".repeat(50), "accept", SOURCES.serviceUniqueName),
  named("51 characters", "s".repeat(51), "refuse", SOURCES.serviceUniqueName),
  named("an underscore", "ivr_line", "refuse", SOURCES.serviceUniqueName),
  named("a dot", "ivr.line", "refuse", SOURCES.serviceUniqueName),
  named("a space", "ivr line", "refuse", SOURCES.serviceUniqueName),
];

export const DOMAIN_SUFFIX_CASES: Case<string>[] = [
  named("letters, digits and dashes", "dev-2", "accept", SOURCES.domainSuffix),
  named("16 characters", "d".repeat(16), "accept", SOURCES.domainSuffix),
  named("17 characters", "d".repeat(17), "refuse", SOURCES.domainSuffix),
  named("an underscore", "dev_2", "refuse", SOURCES.domainSuffix),
  named("a dot", "dev.2", "refuse", SOURCES.domainSuffix),
];

export const RUNTIME_CASES: Case<string>[] = [
  ...["node8", "node10", "node12", "node14", "node16", "node18"].map((r) => named(`the retired ${r}`, r, "refuse", SOURCES.runtimesRetired)),
  ...["node20", "node22", "node24"].map((r) => named(`the current ${r}`, r, "accept", SOURCES.runtimesCurrent)),
  named("a runtime Twilio never had", "node99", "refuse", SOURCES.runtimeUnknown),
];

/**
 * Dependencies. The provider takes a map (`{ lodash: "4.17.21" }`) and the wire a JSON list, so a
 * case names what each side is given; `provider: undefined` marks what cannot be known before
 * Twilio asks npm (a well-formed version that npm has not got), which the provider leaves to
 * CreateBuild.
 */
export interface DependencyInput {
  provider: Record<string, unknown> | unknown[] | undefined;
  wire: string;
}

const deps = (name: string, provider: DependencyInput["provider"], wire: unknown, twilio: Answer, source: string): Case<DependencyInput> => ({
  name,
  input: { provider, wire: typeof wire === "string" ? wire : JSON.stringify(wire) },
  twilio,
  source,
});

export const DEPENDENCY_CASES: Case<DependencyInput>[] = [
  deps("a version npm has", { lodash: "4.17.21" }, [{ name: "lodash", version: "4.17.21" }], "accept", SOURCES.dependenciesResolved),
  deps("a range and a scoped package", { "@types/node": "^20.0.0" }, [{ name: "@types/node", version: "^20.0.0" }], "accept", SOURCES.dependenciesResolved),
  deps("a runtime handler on Twilio's list", { "@twilio/runtime-handler": "2.0.1" }, [{ name: "@twilio/runtime-handler", version: "2.0.1" }], "accept", SOURCES.runtimeHandlerList),
  deps("a runtime handler on Twilio's list and not on npm", { "@twilio/runtime-handler": "2.1.2" }, [{ name: "@twilio/runtime-handler", version: "2.1.2" }], "accept", SOURCES.runtimeHandlerList),
  deps("a runtime handler npm has and Twilio's list has not", undefined, [{ name: "@twilio/runtime-handler", version: "2.1.0" }], "refuse", SOURCES.runtimeHandlerList),
  deps("a dist-tag", { lodash: "latest" }, [{ name: "lodash", version: "latest" }], "accept", SOURCES.dependenciesResolved),
  deps("a version npm has not got", undefined, [{ name: "lodash", version: "99.99.99" }], "refuse", SOURCES.dependenciesResolved),
  deps("a package npm has not got", undefined, [{ name: "no-such-package-pulumi-twilio-serverless-contract", version: "1.0.0" }], "refuse", SOURCES.dependenciesResolved),
  deps("an invalid package name", { "Bad Name": "1.0.0" }, [{ name: "Bad Name", version: "1.0.0" }], "refuse", SOURCES.dependenciesResolved),
  deps("a version that is no version", { lodash: "not a version!" }, [{ name: "lodash", version: "not a version!" }], "refuse", SOURCES.dependenciesResolved),
  deps("a git dependency", { lodash: "github:lodash/lodash" }, [{ name: "lodash", version: "github:lodash/lodash" }], "refuse", SOURCES.dependenciesResolved),
  deps("a map instead of a list", ["lodash"], { lodash: "4.17.21" }, "refuse", SOURCES.dependenciesShape),
  deps("an entry without a version", { lodash: "" }, [{ name: "lodash" }], "refuse", SOURCES.dependenciesShape),
  deps("text that is not JSON", { lodash: 4 }, "lodash@4", "refuse", SOURCES.dependenciesShape),
];
