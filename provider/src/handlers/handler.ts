/**
 * The shape every resource handler has: the real check/diff/create/read/update/delete behind the
 * tiny serialized provider (`dynamicResource.ts`), plus the output bookkeeping they share.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Props } from "./validation";

export type Handler = Required<Omit<pulumi.dynamic.ResourceProvider, "configure">>;

/** `read` answer for an object deleted outside Pulumi: an empty id tells the engine it is gone. */
export const GONE: pulumi.dynamic.ReadResult = { id: "", props: {} };

/** Keys the engine owns in inputs and outputs; handlers never copy them. */
export function withoutProvider(props: Props): Props {
  const { __provider: _ignored, ...rest } = props;
  return rest;
}

/**
 * Update for kinds that Twilio cannot update: `diff` replaces on every field that matters, so only
 * ignored fields (like `__resourceName`) can differ; keep the computed outputs, take the new inputs.
 */
export async function keepOutputs(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  return { outs: { ...withoutProvider(olds), ...withoutProvider(news) } };
}
