/**
 * The shape every resource handler has: the real check/diff/create/read/update/delete behind the
 * one-line `__provider` (`dynamicResource.ts`), plus the output bookkeeping they share.
 *
 * Pulumi's `dynamic.ResourceProvider` types every input and output as `any`. A `Handler<Inputs,
 * Outputs>` writes down what the engine actually hands each method, so the handlers need no casts:
 * - `check` gets the program's raw inputs (anything: `Props`) and returns the checked ones;
 * - `diff` gets the old outputs and the checked inputs, whose values may still be unknown in a
 *   preview (the `UNKNOWN` sentinel, see `validation.ts`), so they stay `Props`;
 * - `create` and `update` get the checked inputs of a `check` without failures, every value known
 *   (the engine runs them only at `up`, after it resolved every input): `Inputs`;
 * - `read`, `update` and `delete` get what an earlier create, update or read returned: `Outputs`.
 * Every one also carries the hidden keys (`Hidden`). `runtime.ts` hands each kind's handler to the
 * engine as a `pulumi.dynamic.ResourceProvider`, where these types meet the engine's `any`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { NAME_KEY, URN_KEY } from "../kinds";
import type { Props } from "./validation";

/** Keys in every resource's inputs and outputs besides its own fields (`tokens.ts`, `dynamicResource.ts`). */
export interface Hidden {
  [NAME_KEY]?: string;
  [URN_KEY]?: string;
  /** The engine owns it; handlers never copy it (`withoutProvider`). */
  __provider?: string;
}

export interface Handler<Inputs extends object, Outputs extends Inputs> {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<Props>>;
  diff(id: string, olds: Outputs & Hidden, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Inputs & Hidden): Promise<pulumi.dynamic.CreateResult<Outputs & Hidden>>;
  read(id: string, props: Outputs & Hidden): Promise<pulumi.dynamic.ReadResult<Outputs & Hidden> | typeof GONE>;
  update(id: string, olds: Outputs & Hidden, news: Inputs & Hidden): Promise<pulumi.dynamic.UpdateResult<Outputs & Hidden>>;
  delete(id: string, props: Outputs & Hidden): Promise<void>;
}

/** `read` answer for an object deleted outside Pulumi: an empty id tells the engine it is gone. */
export const GONE: { readonly id: ""; readonly props: Readonly<Record<string, never>> } = { id: "", props: {} };

/** The props without `__provider`, which the engine owns. */
export function withoutProvider<T extends Hidden>(props: T): Omit<T, "__provider"> {
  const { __provider: _ignored, ...rest } = props;
  return rest;
}

/**
 * Update for kinds that Twilio cannot update: `diff` replaces on every field that matters, so only
 * ignored fields (like `__resourceName`) can differ; keep the computed outputs, take the new inputs.
 */
export async function keepOutputs<Inputs extends Hidden, Outputs extends Inputs>(
  _id: string,
  olds: Outputs,
  news: Inputs,
): Promise<pulumi.dynamic.UpdateResult<Omit<Outputs, "__provider">>> {
  return { outs: { ...withoutProvider(olds), ...withoutProvider(news) } };
}
