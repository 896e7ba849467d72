/**
 * Every resource kind bound to its handler, once, for both entries: the dynamic provider's
 * `provider(kind)` (`dynamic/runtime.ts`) and the provider plugin (`plugin/provider.ts`) hand the
 * engine's calls to `handlers[kind]`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { assetsApi, functionsApi } from "../client/containers";
import { assetVersionsApi, functionVersionsApi } from "../client/versions";
import { RESOURCE_KINDS, type ResourceKind, URN_KEY } from "../kinds";
import * as messages from "../messages";
import { reportStep, withStatus } from "../progress";
import { assetBundleHandler } from "./assetBundle";
import { assetCleanupHandler } from "./assetCleanup";
import { buildHandler } from "./build";
import { buildCleanupHandler } from "./buildCleanup";
import { containerHandler } from "./container";
import { deploymentHandler } from "./deployment";
import { environmentHandler } from "./environment";
import type { Hidden } from "./handler";
import { serviceHandler } from "./service";
import { resourceName } from "./validation";
import { variableHandler } from "./variable";
import { versionHandler } from "./version";

/**
 * A kind's handler as the engine calls it: Pulumi's provider methods, whose inputs and outputs are
 * `any`. Each kind's `Handler<Inputs, Outputs>` (`handler.ts`) meets the engine's data here.
 */
export type EngineHandler = Required<Omit<pulumi.dynamic.ResourceProvider, "configure">>;

/**
 * Every resource kind and the handler that serves it: the one place a kind is bound. Asset and
 * Function share a handler (`container.ts`), as AssetVersion and FunctionVersion do
 * (`version.ts`); each is bound here to its REST collection (`client/containers.ts`,
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
