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
import { checkStackConfig } from "./stackConfig";
import { NAME_KEY, type ResourceKind, TYPE_TOKENS } from "./tokens";

/** The kind of a resource class and the `__provider` text its resources carry. */
export interface DynamicProvider {
  readonly kind: ResourceKind;
  readonly text: string;
}

export function dynamicProvider(kind: ResourceKind): DynamicProvider {
  return { kind, text: `exports.handler = () => require("pulumi-twilio-serverless/runtime").provider(${JSON.stringify(kind)});\n` };
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
 */
export abstract class DynamicResource extends pulumi.CustomResource {
  protected constructor(provider: DynamicProvider, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    checkStackConfig();
    const limit = Error.stackTraceLimit;
    if (!KEEP_PROMISE_STACKS) Error.stackTraceLimit = 0;
    try {
      super(TYPE_TOKENS[provider.kind], name, { ...props, [NAME_KEY]: name, __provider: provider.text }, opts);
    } catch (err) {
      Error.stackTraceLimit = limit;
      if (err instanceof Error) Error.captureStackTrace(err, DynamicResource);
      throw err;
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}
