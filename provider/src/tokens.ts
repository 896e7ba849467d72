/**
 * Pulumi type tokens of our dynamic resources (`pulumi-nodejs:dynamic/twilio:<Kind>`), shared by
 * the resource classes and the policy pack, which filters on them.
 */
export const TYPE_MODULE = "twilio";

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
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export function typeToken(kind: ResourceKind): string {
  return `pulumi-nodejs:dynamic/${TYPE_MODULE}:${kind}`;
}

export const TYPE_TOKENS = Object.fromEntries(RESOURCE_KINDS.map((k) => [k, typeToken(k)])) as Record<
  ResourceKind,
  string
>;
