/**
 * Reading resources the way a policy sees them: checked inputs (resource policies) or outputs
 * (stack policies), wrapped in the policy SDK's proxy that throws `UnknownValueError` when a field
 * is unknown at preview. On a new stack every SID is unknown, so resources are related through
 * `propertyDependencies` (which the engine knows at preview), and SIDs are only a fallback for
 * values that are known (an existing stack, or a SID written by hand).
 */
import { PolicyResource, UnknownValueError } from "@pulumi/policy";
import * as proxy from "@pulumi/policy/proxy";
import { kindOf, ResourceKind } from "pulumi-twilio-serverless/tokens";

type Props = Record<string, unknown>;

/** Where a Build holds its asset versions: a list, and a map by path (which AssetFolder uses). */
export const BUILD_ASSET_VERSIONS = ["assetVersions", "assetVersionsByPath"] as const;

/** The keys through which the SDK's proxy hands out its target (exported by @pulumi/policy/proxy, marked internal). */
const { isSpecialProxy, getSpecialProxyTarget } = proxy as unknown as Record<"isSpecialProxy" | "getSpecialProxyTarget", string>;

export { kindOf };

/** A resource of `kind`, declared through either entry (a dynamic resource's token or the plugin's). */
export function isKind(resource: { type: string }, kind: ResourceKind): boolean {
  return kindOf(resource.type) === kind;
}

/** `props[key]`, or undefined when the value is absent or unknown at preview. */
export function knownValue(props: Props, key: string | number): unknown {
  try {
    return props[key];
  } catch (err) {
    if (err instanceof UnknownValueError) return undefined;
    throw err;
  }
}

/**
 * `knownValue` without the proxy around objects: for values that must be used as they are, such
 * as a Pulumi asset whose `text` is a Promise (awaiting a proxied Promise throws).
 */
export function knownRawValue(props: Props, key: string): unknown {
  const value = knownValue(props, key);
  if (typeof value !== "object" || value === null) return value;
  const wrapped = value as Record<string, unknown>;
  return wrapped[isSpecialProxy] === true ? wrapped[getSpecialProxyTarget] : value;
}

export function knownString(props: Props, key: string): string | undefined {
  const value = knownValue(props, key);
  return typeof value === "string" ? value : undefined;
}

/**
 * The known strings of a property that holds one SID, a list of them or a map of them (a Build's
 * `assetVersionsByPath`); unknown elements (and an unknown value) are left out, and counted in
 * `unknown` (an unknown list or map counts as one).
 */
export function knownStrings(props: Props, key: string): { values: string[]; unknown: number } {
  let value: unknown;
  try {
    value = props[key];
  } catch (err) {
    if (err instanceof UnknownValueError) return { values: [], unknown: 1 };
    throw err;
  }
  if (typeof value === "string") return { values: [value], unknown: 0 };
  if (typeof value !== "object" || value === null) return { values: [], unknown: 0 };
  const holder = value as Props;
  const values: string[] = [];
  let unknown = 0;
  for (const element of Array.isArray(value) ? value.keys() : Object.keys(holder)) {
    const known = knownValue(holder, element);
    if (typeof known === "string") values.push(known);
    else if (known === undefined) unknown++;
  }
  return { values, unknown };
}

/** What a property of one resource refers to, among the resources of one kind. */
export interface References {
  /** Resources of the stack, found through propertyDependencies or by a known SID. */
  resources: PolicyResource[];
  /** Known SIDs that match no resource of the stack (made outside it, or written by hand). */
  external: string[];
}

/**
 * The known SIDs by which other resources name `resource`: its `sid`, or for an AssetBundle (which
 * has none) the versions it uploaded, which a Build lists in its `assetVersions`.
 */
function sidsOf(resource: PolicyResource): string[] {
  if (isKind(resource, "AssetBundle")) return knownStrings(resource.props, "assetVersionSids").values;
  const sid = knownString(resource.props, "sid");
  return sid === undefined ? [] : [sid];
}

/** The stack's resources, indexed for the questions the stack policies ask. */
export class StackView {
  private readonly bySid = new Map<string, PolicyResource>();

  constructor(readonly resources: PolicyResource[]) {
    for (const resource of resources) {
      if (!kindOf(resource.type)) continue;
      for (const sid of sidsOf(resource)) if (sid) this.bySid.set(sid, resource);
    }
  }

  ofKind(kind: ResourceKind): PolicyResource[] {
    return this.resources.filter((r) => isKind(r, kind));
  }

  /**
   * The resources of `kind` that `resource.props[key]` names (or the props of any of `key`): its
   * propertyDependencies of that kind, plus the stack's resources whose known SID appears in the
   * value. A known SID that matches nothing is external, unless a dependency whose SID is not
   * known (one being updated, at preview) can account for it.
   */
  referenced(resource: PolicyResource, key: string | readonly string[], kind: ResourceKind): References {
    const found = new Map<string, PolicyResource>();
    const unmatched: string[] = [];
    let unknown = 0;
    for (const k of typeof key === "string" ? [key] : key) {
      for (const dep of resource.propertyDependencies[k] ?? []) {
        if (isKind(dep, kind)) found.set(dep.urn, dep);
      }
      const known = knownStrings(resource.props, k);
      unknown += known.unknown;
      for (const sid of known.values) {
        const match = this.bySid.get(sid);
        if (match && isKind(match, kind)) found.set(match.urn, match);
        else unmatched.push(sid);
      }
    }
    // Dependencies whose SID is unknown stand for the unknown values first; any left over may be
    // what a known but unmatched SID names.
    const withoutSid = [...found.values()].filter((r) => sidsOf(r).length === 0).length;
    return { resources: [...found.values()], external: unmatched.slice(Math.max(0, withoutSid - unknown)) };
  }

  /** The resources of `kind` that no resource of `referrer` kind names in its `key` property (or properties). */
  unreferenced(kind: ResourceKind, referrer: ResourceKind, key: string | readonly string[]): PolicyResource[] {
    const referenced = new Set<string>();
    for (const r of this.ofKind(referrer)) {
      for (const target of this.referenced(r, key, kind).resources) referenced.add(target.urn);
    }
    return this.ofKind(kind).filter((r) => !referenced.has(r.urn));
  }
}
