/**
 * What the serialized providers load in Pulumi's provider process, by package name
 * (`pulumi-twilio-serverless/runtime`): the handler of each resource kind, and `configure`, which
 * receives the stack's config. See `dynamicProvider.ts`.
 */
import { assetHandler } from "./handlers/asset";
import { assetVersionHandler } from "./handlers/assetVersion";
import { buildHandler } from "./handlers/build";
import { deploymentHandler } from "./handlers/deployment";
import { environmentHandler } from "./handlers/environment";
import { functionHandler } from "./handlers/function";
import { functionVersionHandler } from "./handlers/functionVersion";
import type { Handler } from "./handlers/handler";
import { serviceHandler } from "./handlers/service";
import { variableHandler } from "./handlers/variable";
import type { ResourceKind } from "./tokens";

export { configure } from "./settings";
export type { Handler } from "./handlers/handler";

export const handlers: Readonly<Record<ResourceKind, Handler>> = {
  Service: serviceHandler,
  Environment: environmentHandler,
  Asset: assetHandler,
  AssetVersion: assetVersionHandler,
  Build: buildHandler,
  Deployment: deploymentHandler,
  Function: functionHandler,
  FunctionVersion: functionVersionHandler,
  Variable: variableHandler,
};
