/**
 * The names our resources have in Pulumi's state: type tokens (`pulumi-nodejs:dynamic/twilio:<Kind>`)
 * and the keys of hidden and per-file properties. Shared by the resource classes and the policy
 * pack, which reads them (`pulumi-twilio-serverless/tokens`).
 */
export const TYPE_MODULE = "twilio";

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

export function typeToken(kind: ResourceKind): string {
  return `pulumi-nodejs:dynamic/${TYPE_MODULE}:${kind}`;
}

export const TYPE_TOKENS = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, typeToken(k)])) as Record<
  ResourceKind,
  string
>;
