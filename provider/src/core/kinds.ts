/**
 * The names our resources have in Pulumi's state: the kind table, each kind's type token in both
 * families, and the keys of hidden and per-file properties. Shared by the resource classes, both
 * entries, the review and the policy pack, which reads them (`pulumi-twilio-serverless/tokens`).
 *
 * A kind has one token per entry (its "family"):
 * - `dynamic`: `pulumi-nodejs:dynamic/twilio:<Kind>`, a TypeScript program's resources, served by
 *   Pulumi's dynamic-provider process (`dynamic/runtime.ts`);
 * - `plugin`: `twilio-serverless:index:<Kind>`, served by our provider plugin (`plugin/`), as
 *   every other language's programs and the plugin's components declare them.
 * Whatever reads state asks `kindOf(type)` and treats both alike.
 */
export const TYPE_MODULE = "twilio";

/** The provider plugin's package name: its tokens' first part and its config namespace. */
export const PLUGIN_PACKAGE = "twilio-serverless";

/**
 * The hidden input that carries the Pulumi resource name to the handlers, so that `check` and every
 * error can name the resource (`AssetVersion "site/logo.png": …`). Diffs ignore it.
 */
export const NAME_KEY = "__resourceName";

/**
 * The AssetFolder component's type token: its children's `parent`. The review report groups a
 * site's files by it (`review/`), without loading the component's module and the Pulumi SDK.
 */
export const ASSET_FOLDER_TOKEN = "twilio-serverless:index:AssetFolder";

/** The ServerlessProject component's type token (a Serverless Toolkit project). */
export const SERVERLESS_PROJECT_TOKEN = "twilio-serverless:index:ServerlessProject";

/** The Promotion component's type token: a release deployed to an environment of its own. */
export const PROMOTION_TOKEN = "twilio-serverless:index:Promotion";

/** The property of an AssetBundle that holds one file: `file:<name>`. */
export const FILE_PROPERTY_PREFIX = "file:";

/**
 * The hidden input that carries the resource's URN to the provider process, which Pulumi's dynamic
 * provider host does not pass on: status lines are sent to the engine with it, so they show on the
 * resource's row (`progress.ts`). Only the kinds with long steps carry it (Build,
 * AssetBundle): it is about 150 bytes, kept twice per resource in state. Diffs ignore it.
 */
export const URN_KEY = "__urn";

/**
 * The hidden input of a Build that takes an AssetBundle's versions by path: the bundle's URN. In a
 * preview the bundle's new outputs are unknown, and the Build's check fills in the versions of the
 * files the bundle keeps (`handlers/bundleVersions.ts`). Diffs ignore it.
 */
export const BUNDLE_KEY = "__assetBundle";

export const RESOURCE_KINDS = [
  "Service",
  "Environment",
  "Asset",
  "AssetVersion",
  "Build",
  "Deployment",
  "Function",
  "FunctionVersion",
  "Variable",
  "AssetBundle",
  "AssetCleanup",
  "BuildCleanup",
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** The components, which have one token only: the plugin's (`twilio-serverless:index:<Component>`). */
export const COMPONENT_KINDS = ["AssetFolder", "ServerlessProject", "Promotion"] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

export type TokenFamily = "dynamic" | "plugin";

/**
 * The entry this process serves, which decides its resources' tokens and its config namespace:
 * `dynamic` (a TypeScript program, Pulumi's dynamic-provider process) unless the provider plugin
 * says otherwise at start-up (`plugin/main.ts`). One process serves one entry.
 */
let entry: TokenFamily = "dynamic";

export function serveEntry(family: TokenFamily): void {
  entry = family;
}

export function currentEntry(): TokenFamily {
  return entry;
}

export function typeToken(kind: ResourceKind, family: TokenFamily = "dynamic"): string {
  return family === "dynamic" ? `pulumi-nodejs:dynamic/${TYPE_MODULE}:${kind}` : `${PLUGIN_PACKAGE}:index:${kind}`;
}

/** Each kind's token in a family: `tokensOf("plugin").Build`. */
function tokensOf(family: TokenFamily): Readonly<Record<ResourceKind, string>> {
  // Object.fromEntries drops the keys' type; every kind is mapped.
  return Object.fromEntries(RESOURCE_KINDS.map((k) => [k, typeToken(k, family)])) as Record<ResourceKind, string>;
}

/** The dynamic provider's tokens, as TypeScript programs' stacks hold them. */
export const TYPE_TOKENS = tokensOf("dynamic");

/** The provider plugin's tokens. */
export const PLUGIN_TOKENS = tokensOf("plugin");

const KIND_BY_TOKEN: ReadonlyMap<string, ResourceKind> = new Map(
  RESOURCE_KINDS.flatMap((kind) => [[TYPE_TOKENS[kind], kind] as const, [PLUGIN_TOKENS[kind], kind] as const]),
);

/** The resource kind behind a type token of either family, or undefined for anything that is not ours. */
export function kindOf(type: string): ResourceKind | undefined {
  return KIND_BY_TOKEN.get(type);
}

/** `urn:pulumi:stack::project::parent$type::name` → `type` (the resource's own, not its parents'). */
export function typeOfUrn(urn: string): string {
  return (urn.split("::")[2] ?? "").split("$").pop() ?? "";
}

/** `urn:…::name` → `name` (a name may itself contain `::`, which URNs do not escape, so it is all of the rest). */
export function nameOfUrn(urn: string): string {
  return urn.split("::").slice(3).join("::");
}
