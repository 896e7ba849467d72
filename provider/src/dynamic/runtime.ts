/**
 * What each resource's `__provider` loads in Pulumi's provider process, by package name
 * (`pulumi-twilio-serverless/runtime`): `provider(kind)`, the provider object of a resource kind,
 * made of the kind's handler and `configure`, which receives the stack's config. See
 * `dynamicResource.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { assetsApi, functionsApi } from "../core/client/containers";
import { assetVersionsApi, functionVersionsApi } from "../core/client/versions";
import { assetBundleHandler } from "../core/handlers/assetBundle";
import { assetCleanupHandler } from "../core/handlers/assetCleanup";
import { buildHandler } from "../core/handlers/build";
import { buildCleanupHandler } from "../core/handlers/buildCleanup";
import { containerHandler } from "../core/handlers/container";
import { deploymentHandler } from "../core/handlers/deployment";
import { environmentHandler } from "../core/handlers/environment";
import { versionHandler } from "../core/handlers/version";
import type { Hidden } from "../core/handlers/handler";
import { serviceHandler } from "../core/handlers/service";
import { resourceName } from "../core/handlers/validation";
import { variableHandler } from "../core/handlers/variable";
import * as messages from "../core/messages";
import { reportStep, withStatus } from "../core/progress";
import { configure } from "../core/settings";
import { RESOURCE_KINDS, type ResourceKind, URN_KEY } from "../core/kinds";

export { configure };

/**
 * A kind's handler as the engine calls it: Pulumi's provider methods, whose inputs and outputs are
 * `any`. Each kind's `Handler<Inputs, Outputs>` (`handlers/handler.ts`) meets the engine's data here.
 */
export type EngineHandler = Required<Omit<pulumi.dynamic.ResourceProvider, "configure">>;

/**
 * Every resource kind and the handler that serves it: the one place a kind is bound. Asset and
 * Function share a handler (`handlers/container.ts`), as AssetVersion and FunctionVersion do
 * (`handlers/version.ts`); each is bound here to its REST collection (`client/containers.ts`,
 * `client/versions.ts`).
 */
const HANDLERS: Readonly<Record<ResourceKind, EngineHandler>> = {
  Service: serviceHandler,
  Environment: environmentHandler,
  Asset: containerHandler("Asset", assetsApi, assetVersionsApi),
  AssetVersion: versionHandler({
    kind: "AssetVersion",
    parentField: "assetSid",
    parentLabel: "Asset",
    api: assetVersionsApi,
    defaultContentType: "application/octet-stream",
  }),
  Build: buildHandler,
  Deployment: deploymentHandler,
  Function: containerHandler("Function", functionsApi, functionVersionsApi),
  FunctionVersion: versionHandler({
    kind: "FunctionVersion",
    parentField: "functionSid",
    parentLabel: "Function",
    api: functionVersionsApi,
    defaultContentType: "application/javascript",
  }),
  Variable: variableHandler,
  AssetBundle: assetBundleHandler,
  AssetCleanup: assetCleanupHandler,
  BuildCleanup: buildCleanupHandler,
};

/** The handler with each create, update and delete on a status line of its own (`progress.ts`). */
export function withStatusLines(kind: ResourceKind, handler: EngineHandler): EngineHandler {
  const run = <T>(props: Hidden, operation: () => Promise<T>): Promise<T> => {
    const urn = typeof props[URN_KEY] === "string" ? props[URN_KEY] : undefined;
    return withStatus(urn, `${kind} ${messages.quote(resourceName(props, kind))}`, operation);
  };
  return {
    ...handler,
    create: (inputs) => run(inputs, () => handler.create(inputs)),
    update: (id, olds, news) => run(news, () => handler.update(id, olds, news)),
    // A replaced resource's delete shares its URN, so its row: say which one goes, not the replacement's last line.
    delete: (id, props) =>
      run(props, () => {
        reportStep(messages.deletingResource(kind, id));
        return handler.delete(id, props);
      }),
  };
}

/** Each kind's handler, its create, update and delete each with a status line of its own (`progress.ts`). */
export const handlers = Object.fromEntries(
  RESOURCE_KINDS.map((kind) => [kind, withStatusLines(kind, HANDLERS[kind])]),
) as Readonly<Record<ResourceKind, EngineHandler>>; // Object.fromEntries drops the keys' type; every kind is mapped

const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object of a kind, as each resource's `__provider` asks for it (`dynamicResource.ts`).
 * A kind this version does not know (state written by a newer one) fails here, by name.
 */
export function provider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const known = providers.get(kind);
  if (known) return known;
  if (!Object.hasOwn(handlers, kind)) throw new Error(messages.unknownResourceKind(kind, RESOURCE_KINDS));
  const p: pulumi.dynamic.ResourceProvider = { ...handlers[kind], configure: async (req) => configure(req.config) };
  providers.set(kind, p);
  return p;
}
