/**
 * The provider plugin's gRPC server: the SDK's own (`@pulumi/pulumi/provider`'s `main`, which
 * serves check, diff, create, read, update, delete and construct from a `Provider` object), with
 * four methods answered here instead, because the SDK's server (3.248 to 3.276) cannot:
 * - `configure` only says which values the plugin accepts: the provider's config never reaches
 *   the `Provider`, so `twilio-serverless:*` settings would never be read (this one hands them to
 *   `configure` below, and also says the plugin supports previews);
 * - `checkConfig` answers UNIMPLEMENTED: a bad setting would only fail at the first request (this
 *   one checks the settings as a TypeScript program's preview does, naming key, value and rule);
 * - `create` and `update` never see the preview flag: the engine then shows an updated resource's
 *   outputs as unknown in a preview, and every resource that reads them as replaced (the dynamic
 *   provider's old limit; here `preview` answers them).
 *
 * The SDK builds its server inside `main` and does not export it, so its methods are taken where
 * `main` hands them to gRPC (`Server.addService`, once) and served with ours in their place.
 * Everything else, construct above all, stays the SDK's.
 */
import * as grpc from "@grpc/grpc-js";
import * as provider from "@pulumi/pulumi/provider";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

type Props = Record<string, unknown>;

/** What the plugin answers itself (`plugin/provider.ts`), beside the SDK's `Provider` methods. */
export interface PluginMethods {
  /** The provider's config: its checked inputs (`args`), as the engine hands them to `Configure`. */
  configure(args: Props): void;
  checkConfig(urn: string, olds: Props, news: Props): Promise<provider.CheckResult>;
  /** A create's outputs in a preview, before anything exists. */
  previewCreate(urn: string, news: Props): Props;
  /** An update's outputs in a preview: what it keeps known, what it recomputes unknown. */
  previewUpdate(urn: string, olds: Props, news: Props): Props;
}

type Callback = (err: unknown, value?: unknown) => void;
interface Call<R> {
  request: R;
}
type Method = (call: Call<unknown>, callback: Callback) => void;

function answer<T>(callback: Callback, work: () => Promise<T> | T): void {
  Promise.resolve()
    .then(work)
    .then(
      (value) => callback(null, value),
      (err: unknown) => callback(err),
    );
}

/** The SDK's methods with ours in place of `configure`, `checkConfig`, and `create`/`update` in a preview. */
function withOurs(sdk: Record<string, Method>, ours: PluginMethods): Record<string, Method> {
  const served: Record<string, Method> = {};
  for (const [name, method] of Object.entries(sdk)) if (typeof method === "function") served[name] = method.bind(sdk);
  for (const key of Object.getOwnPropertyNames(Object.getPrototypeOf(sdk) as object)) {
    const method = sdk[key];
    if (key !== "constructor" && typeof method === "function") served[key] = method.bind(sdk);
  }
  served.configure = (call, callback) =>
    answer(callback, () => {
      const request = call.request as proto.ConfigureRequest;
      ours.configure((request.getArgs()?.toJavaScript() ?? {}) as Props);
      // Secrets, resources and output values as the SDK's server accepts them (its construct needs them).
      return new proto.ConfigureResponse().setAcceptsecrets(true).setAcceptresources(true).setAcceptoutputs(true).setSupportspreview(true);
    });
  served.checkConfig = (call, callback) =>
    answer(callback, async () => {
      const request = call.request as proto.CheckRequest;
      const olds = (request.getOlds()?.toJavaScript() ?? {}) as Props;
      const result = await ours.checkConfig(request.getUrn(), olds, (request.getNews()?.toJavaScript() ?? {}) as Props);
      return checkResponse(result);
    });
  const create = served.create;
  served.create = (call, callback) => {
    const request = call.request as proto.CreateRequest;
    if (!request.getPreview()) return create(call, callback);
    answer(callback, () => {
      const outputs = ours.previewCreate(request.getUrn(), (request.getProperties()?.toJavaScript() ?? {}) as Props);
      return new proto.CreateResponse().setId("").setProperties(Struct.fromJavaScript(outputs as never));
    });
  };
  const update = served.update;
  served.update = (call, callback) => {
    const request = call.request as proto.UpdateRequest;
    if (!request.getPreview()) return update(call, callback);
    answer(callback, () => {
      const olds = (request.getOlds()?.toJavaScript() ?? {}) as Props;
      const outputs = ours.previewUpdate(request.getUrn(), olds, (request.getNews()?.toJavaScript() ?? {}) as Props);
      return new proto.UpdateResponse().setProperties(Struct.fromJavaScript(outputs as never));
    });
  };
  return served;
}

function checkResponse(result: provider.CheckResult): proto.CheckResponse {
  const response = new proto.CheckResponse().setInputs(Struct.fromJavaScript((result.inputs ?? {}) as never));
  const failures = (result.failures ?? []).map((f) => new proto.CheckFailure().setProperty(f.property).setReason(f.reason));
  return response.setFailuresList(failures);
}

/**
 * Serves `p` as the SDK's `main` does, with the methods above answered by `p` itself. The SDK must
 * use this `@grpc/grpc-js` (one copy in `node_modules`, or the bundle's): else nothing is taken over,
 * and the plugin stops rather than serve without its settings.
 */
export async function serve(p: provider.Provider & PluginMethods, args: string[]): Promise<void> {
  const addService = grpc.Server.prototype.addService;
  let served = false;
  grpc.Server.prototype.addService = function (this: grpc.Server, service, implementation) {
    grpc.Server.prototype.addService = addService;
    served = true;
    return addService.call(this, service, withOurs(implementation as unknown as Record<string, Method>, p) as never);
  };
  try {
    await provider.main(p, args);
  } finally {
    grpc.Server.prototype.addService = addService;
  }
  if (!served) throw new Error("pulumi-resource-twilio-serverless: @pulumi/pulumi serves with another copy of @grpc/grpc-js than the plugin's");
}
