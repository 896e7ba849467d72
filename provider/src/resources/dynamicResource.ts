/**
 * What each resource tells Pulumi's provider process to run: its `__provider`.
 *
 * Pulumi's `dynamic.Resource` serializes a provider object's methods into every resource's
 * `__provider` (about 2.3 KB for our seven methods, Pulumi wrapping each one), which the engine
 * then keeps twice per resource in state (inputs and outputs) and sends with every check, diff,
 * create and read. For a folder of 1,000 files that is 2,000 resources: 9 MB of a 15 MB state
 * file, rewritten on every checkpoint of an update, and five copies in every diff (bench/README.md).
 * So our resources write that text themselves, as the one line the serialization would have
 * amounted to anyway:
 *
 *   exports.handler = () => require("pulumi-twilio-serverless/runtime").provider("AssetVersion");
 *
 * It loads the implementation by package name from the program's `node_modules` in the provider
 * process (never a copy of our modules), holds no secret and no client, and stays the same across
 * builds of this package, so a new version changes no resource's state. Credentials reach the
 * provider process through `configure` (stack config) or its environment, never through here.
 * Pulumi's dynamic-provider process loads it as it loads any serialized provider:
 * `requireFromString(__provider).handler()`.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkStackConfig } from "../core/stackConfig";
import { currentEntry, NAME_KEY, type ResourceKind, typeToken, URN_KEY } from "../core/kinds";

/** The `__provider` text every resource of `kind` carries: one line naming the kind (see above). */
export function providerLine(kind: ResourceKind): string {
  return `exports.handler = () => require("pulumi-twilio-serverless/runtime").provider(${JSON.stringify(kind)});\n`;
}

/**
 * While Pulumi's SDK builds one of our resources, it eagerly formats four stack traces per property
 * (`transferProperties` wraps each output's promises in `debuggablePromise`, which keeps
 * `new Error().stack` for its promise-leak report), and under ts-node, which every TypeScript
 * program runs in, each frame of each trace goes through source-map-support. For a folder of 1,000
 * files that was about 100,000 traces and half the program's CPU time (bench/README.md). Nothing
 * reads those traces unless PULUMI_DEBUG_PROMISE_LEAKS is set, so while the constructor runs they
 * are captured without frames. The resource's own source position is unaffected (Pulumi captures it
 * with a limit of its own), and an error thrown by the SDK in here gets its stack captured again,
 * at the resource's constructor, before it propagates.
 */
const KEEP_PROMISE_STACKS = !!process.env.PULUMI_DEBUG_PROMISE_LEAKS;

/**
 * What `pulumi.dynamic.Resource` does (type token `pulumi-nodejs:dynamic/twilio:<Kind>`, served by
 * the bundled `pulumi-nodejs` provider), with our one-line `__provider` instead of a serialized
 * provider object, the resource's name as `__resourceName`, and without the frames of the SDK's
 * promise-debugging traces (see above).
 *
 * In the provider plugin's process (`currentEntry()` is `plugin`), where a component's `construct`
 * declares these classes, a resource registers under the plugin's token instead
 * (`twilio-serverless:index:<Kind>`), with its own props only: the plugin serves it and knows its
 * name and URN, and the program that asked for the component may have no `node_modules` in which
 * a `__provider` line could load (pulumi/pulumi#5455). The stack's `twilio:*` config is then not
 * ours to check: the plugin's settings are its own (`plugin/provider.ts`, `checkConfig`).
 */
export abstract class DynamicResource extends pulumi.CustomResource {
  protected constructor(kind: ResourceKind, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    const dynamic = currentEntry() === "dynamic";
    if (dynamic) checkStackConfig();
    const limit = Error.stackTraceLimit;
    if (!KEEP_PROMISE_STACKS) Error.stackTraceLimit = 0;
    try {
      const own = dynamic ? { ...props, [NAME_KEY]: name, __provider: providerLine(kind) } : props;
      super(typeToken(kind, currentEntry()), name, own, opts);
    } catch (err) {
      Error.stackTraceLimit = limit;
      if (err instanceof Error) Error.captureStackTrace(err, DynamicResource);
      throw err;
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/**
 * `{ __urn: <the URN the engine will give the resource> }`, for the props of a kind with long
 * steps (`URN_KEY`). A plain promise, not an Output: an Output of the parent's URN would make the
 * resource depend on its parent, which for a component means on every child of it (a Build would
 * wait for the Deployment that waits for it). Nothing in the plugin's process: the plugin is
 * given every resource's URN.
 */
export function urnProp(kind: ResourceKind, name: string, opts?: pulumi.CustomResourceOptions): { [URN_KEY]?: Promise<string> } {
  if (currentEntry() !== "dynamic") return {};
  const parent = pulumi.Resource.isInstance(opts?.parent) ? opts.parent : undefined; // a bad parent is the SDK's to refuse
  const urn = pulumi.createUrn(name, typeToken(kind), parent);
  return { [URN_KEY]: new Promise<string>((resolve) => urn.apply(resolve)) };
}

/**
 * A resource whose Pulumi ID is its Twilio SID, read back as `sid`. Reading it from the ID rather
 * than from the provider's outputs is what makes a preview tell the truth: Pulumi's dynamic
 * provider host cannot preview an update (it never tells the engine it supports previews), so while
 * an update is previewed the engine knows only the resource's new inputs and its ID. An output `sid`
 * would be unknown then, every dependant's `serviceSid`, `assetSid`, … (fields that replace) with
 * it, and a preview would show replacements that `up` never makes. The ID is known exactly when the
 * SID is: kept by an update, new (unknown) for a create or a replacement, so a replacement still
 * shows its dependants changing. Outputs keep `sid` too, for state readers and the policy pack.
 */
export abstract class SidResource extends DynamicResource {
  /** The Twilio SID (ZS…, ZE…, ZH…, ZN…, ZB…, ZD…, ZV…): the resource's ID. */
  readonly sid: pulumi.Output<string>;

  protected constructor(kind: ResourceKind, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(kind, name, props, opts);
    this.sid = this.id;
  }
}
