/**
 * What each resource's `__provider` loads in Pulumi's provider process, by package name
 * (`pulumi-twilio-serverless/runtime`): `provider(kind)`, the provider object of a resource kind,
 * made of the kind's handler and `configure`, which receives the stack's config. See
 * `dynamicProvider.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { assetHandler } from "./handlers/asset";
import { assetBundleHandler } from "./handlers/assetBundle";
import { assetCleanupHandler } from "./handlers/assetCleanup";
import { assetVersionHandler } from "./handlers/assetVersion";
import { buildHandler } from "./handlers/build";
import { deploymentHandler } from "./handlers/deployment";
import { environmentHandler } from "./handlers/environment";
import { functionHandler } from "./handlers/function";
import { functionVersionHandler } from "./handlers/functionVersion";
import type { Handler } from "./handlers/handler";
import { withStatusLines } from "./handlers/progress";
import { serviceHandler } from "./handlers/service";
import { variableHandler } from "./handlers/variable";
import * as messages from "./messages";
import { configure } from "./settings";
import { RESOURCE_KINDS, type ResourceKind } from "./tokens";

export { configure };
export type { Handler } from "./handlers/handler";

const HANDLERS: Readonly<Record<ResourceKind, Handler>> = {
  Service: serviceHandler,
  Environment: environmentHandler,
  Asset: assetHandler,
  AssetVersion: assetVersionHandler,
  Build: buildHandler,
  Deployment: deploymentHandler,
  Function: functionHandler,
  FunctionVersion: functionVersionHandler,
  Variable: variableHandler,
  AssetBundle: assetBundleHandler,
  AssetCleanup: assetCleanupHandler,
};

/** Each kind's handler, its create, update and delete each with a status line of its own (`handlers/progress.ts`). */
export const handlers = Object.fromEntries(
  RESOURCE_KINDS.map((kind) => [kind, withStatusLines(kind, HANDLERS[kind])]),
) as Readonly<Record<ResourceKind, Handler>>;

const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object of a kind, as each resource's `__provider` asks for it (`dynamicProvider.ts`).
 * A kind this version does not know (state written by a newer one) fails here, by name.
 */
export function provider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const known = providers.get(kind);
  if (known) return known;
  if (!Object.hasOwn(handlers, kind)) throw new Error(messages.unknownResourceKind(kind, RESOURCE_KINDS));
  const h = handlers[kind];
  const p: pulumi.dynamic.ResourceProvider = {
    configure: async (req) => configure(req.config),
    check: (olds, news) => h.check(olds, news),
    diff: (id, olds, news) => h.diff(id, olds, news),
    create: (inputs) => h.create(inputs),
    read: (id, props) => h.read(id, props),
    update: (id, olds, news) => h.update(id, olds, news),
    delete: (id, props) => h.delete(id, props),
  };
  providers.set(kind, p);
  return p;
}
