/**
 * Fake policy arguments (awsguard's tests/util.ts, grown for stack policies): props are wrapped in
 * the policy SDK's own unknown-checking proxy, so a rule that reads a value unknown at preview
 * throws `UnknownValueError` here exactly as it does under the engine.
 */
import { fileProperties } from "../../provider/src/resources/assetBundle";
import {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";
import * as proxy from "@pulumi/policy/proxy";
import { type ResourceKind, type TokenFamily, typeToken } from "../../provider/src/core/kinds";

type Sentinels = Record<"unknownStringValue" | "unknownNumberValue" | "unknownArrayValue" | "unknownObjectValue", string>;
const sentinels = proxy as unknown as Sentinels;

/** What an unknown value looks like in props at preview (the engine's sentinels). */
export const UNKNOWN = {
  string: sentinels.unknownStringValue,
  number: sentinels.unknownNumberValue,
  array: sentinels.unknownArrayValue,
  object: sentinels.unknownObjectValue,
};

export type Config = Record<string, unknown>;

export interface Violation {
  message: string;
  urn?: string;
}

const OPTIONS = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  additionalSecretOutputs: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
};

function urnOf(kind: ResourceKind, name: string, family: TokenFamily): string {
  return `urn:pulumi:test::policy-test::${typeToken(kind, family)}::${name}`;
}

function notApplicable(reason?: string): never {
  throw new Error(`notApplicable: ${reason ?? ""}`);
}

/** `family`: the token the resource has in state, a TypeScript program's (`dynamic`) or the provider plugin's. */
export function resourceArgs(
  kind: ResourceKind,
  name: string,
  props: Record<string, unknown>,
  config: Config = {},
  family: TokenFamily = "dynamic",
): ResourceValidationArgs {
  return {
    type: typeToken(kind, family),
    props: unknownCheckingProxy(props),
    urn: urnOf(kind, name, family),
    name,
    opts: OPTIONS,
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable,
  };
}

/** Runs every validation of a resource policy and returns the violations it reported. */
export async function validateResource(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<string[]> {
  const found: string[] = [];
  const report: ReportViolation = (message) => found.push(message);
  const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
  for (const validate of validations) await validate?.(args, report);
  return found;
}

/** A stack under construction: resources with props and the propertyDependencies between them. */
export class FakeStack {
  readonly resources: PolicyResource[] = [];

  /** `family`: the tokens its resources have (see `resourceArgs`). */
  constructor(private readonly family: TokenFamily = "dynamic") {}

  add(kind: ResourceKind, name: string, props: Record<string, unknown> = {}, deps: Record<string, PolicyResource[]> = {}): PolicyResource {
    const dependencies = [...new Set(Object.values(deps).flat())];
    const resource: PolicyResource = {
      type: typeToken(kind, this.family),
      props: unknownCheckingProxy(props),
      urn: urnOf(kind, name, this.family),
      name,
      opts: OPTIONS,
      dependencies,
      propertyDependencies: deps,
      isType: () => false,
      asType: () => undefined,
    };
    this.resources.push(resource);
    return resource;
  }

  args(config: Config = {}): StackValidationArgs {
    return {
      resources: this.resources,
      stackTags: new Map(),
      getConfig: <T extends object>() => config as T,
      notApplicable,
    };
  }
}

export async function validateStack(policy: StackValidationPolicy, stack: FakeStack, config: Config = {}): Promise<Violation[]> {
  const found: Violation[] = [];
  await policy.validateStack(stack.args(config), (message, urn) => found.push({ message, urn }));
  return found;
}

/** A Service with an unknown SID, as every Service of a new stack is at preview. */
export function newService(stack: FakeStack, name: string): PolicyResource {
  return stack.add("Service", name, { uniqueName: name, friendlyName: name });
}

/** An AssetVersion of a new stack: SIDs unknown, path/visibility/size known (recorded by check). */
export function newAssetVersion(
  stack: FakeStack,
  name: string,
  props: { path?: string; visibility?: string; size?: number },
  deps: { service?: PolicyResource; asset?: PolicyResource } = {},
): PolicyResource {
  return stack.add(
    "AssetVersion",
    name,
    {
      serviceSid: UNKNOWN.string,
      assetSid: UNKNOWN.string,
      path: `/${name}`,
      visibility: "public",
      size: 100,
      contentType: "text/plain",
      ...props,
    },
    {
      ...(deps.service ? { serviceSid: [deps.service] } : {}),
      ...(deps.asset ? { assetSid: [deps.asset] } : {}),
    },
  );
}

export function newFunctionVersion(stack: FakeStack, name: string, props: { path?: string } = {}): PolicyResource {
  return stack.add("FunctionVersion", name, {
    serviceSid: UNKNOWN.string,
    functionSid: UNKNOWN.string,
    path: `/${name}`,
    visibility: "public",
    size: 100,
    contentType: "application/javascript",
    ...props,
  });
}

/** One file of an AssetBundle as its `check` records it (path normalized, facts of the content). */
export function bundleFile(path: string, props: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    path,
    visibility: "public",
    contentFile: `/work/site${path}`,
    size: 100,
    contentSha256: "0".repeat(64),
    contentType: "text/plain",
    ...props,
  };
}

/** `n` files of one visibility, keyed `<prefix><i>.txt` at that path. */
export function numberedFiles(prefix: string, n: number, visibility = "public"): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}.txt`, bundleFile(`/${prefix}${i}.txt`, { visibility })]));
}

/** An AssetBundle of a new stack: its files known (recorded by check), its version SIDs unknown. */
export function newAssetBundle(stack: FakeStack, name: string, files: Record<string, unknown>): PolicyResource {
  return stack.add("AssetBundle", name, { serviceSid: UNKNOWN.string, ...fileProperties(files), assetVersionSids: UNKNOWN.array });
}

/**
 * A Build of a new stack: its version lists hold unknown SIDs, one per dependency. With bundles,
 * `assetVersions` is one unknown list, as AssetFolder builds it with `pulumi.all(...).apply`.
 */
export function newBuild(
  stack: FakeStack,
  name: string,
  versions: { assets?: PolicyResource[]; functions?: PolicyResource[]; bundles?: PolicyResource[] },
): PolicyResource {
  const assets = versions.assets ?? [];
  const functions = versions.functions ?? [];
  const bundles = versions.bundles ?? [];
  return stack.add(
    "Build",
    name,
    {
      serviceSid: UNKNOWN.string,
      assetVersions: bundles.length > 0 ? UNKNOWN.array : assets.map(() => UNKNOWN.string),
      functionVersions: functions.map(() => UNKNOWN.string),
    },
    { assetVersions: [...assets, ...bundles], functionVersions: functions },
  );
}
