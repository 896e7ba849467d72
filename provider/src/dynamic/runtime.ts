/**
 * The dynamic provider's entry: what each resource's `__provider` loads in Pulumi's provider
 * process, by package name (`pulumi-twilio-serverless/runtime`). `provider(kind)` is the provider
 * object of a resource kind: the kind's handler (`core/handlers/index.ts`, shared with the
 * plugin) and `configure`, which receives the stack's config. See `resources/dynamicResource.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { handlers } from "../core/handlers";
import { RESOURCE_KINDS, type ResourceKind } from "../core/kinds";
import * as messages from "../core/messages";
import { configure } from "../core/settings";

export { configure };

const providers = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object of a kind, as each resource's `__provider` asks for it (`resources/dynamicResource.ts`).
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
