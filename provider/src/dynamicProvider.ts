/**
 * The provider object Pulumi serializes into every resource's `__provider`.
 *
 * Pulumi serializes a provider by value together with everything it captures, local modules
 * included. So this object captures nothing but the kind string: each method loads the real
 * implementation by package name (`pulumi-twilio-serverless/runtime`) inside its body, which the
 * provider process resolves from `node_modules`. The serialized text stays about 2 KB (Pulumi wraps
 * each of the seven methods), holds no secret and no client, and a new provider build changes no
 * resource's state. Credentials reach the provider process through `configure` (stack config) or
 * its environment, never through here. Call once per kind and share the result: Pulumi caches the
 * serialized text per provider object.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "./tokens";

export function dynamicProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const rt = () => require("pulumi-twilio-serverless/runtime");
  return {
    configure: (q) => rt().configure(q.config),
    check: (o, n) => rt().handlers[kind].check(o, n),
    diff: (i, o, n) => rt().handlers[kind].diff(i, o, n),
    create: (n) => rt().handlers[kind].create(n),
    read: (i, p) => rt().handlers[kind].read(i, p),
    update: (i, o, n) => rt().handlers[kind].update(i, o, n),
    delete: (i, p) => rt().handlers[kind].delete(i, p),
  };
}
