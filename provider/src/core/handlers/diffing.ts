/**
 * `diff` for every resource: compares the old outputs (which carry the old checked inputs) with the
 * new checked inputs, field by field. Only the fields the rules name are compared, so `__provider`
 * and `__resourceName` never cause a change. A field whose new value is unknown (preview) counts
 * as changed. `changes: true` always accompanies `replaces`, or the engine ignores the replacement.
 */
import type * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { isUnknown, type Props } from "./validation";

function normalized(value: unknown, unordered: boolean): unknown {
  if (value === null) return undefined;
  return unordered && Array.isArray(value) ? [...value].sort() : value;
}

/** The fields whose new value differs from the old; lists named in `unordered` compare as sets. */
export function changedFields<Olds extends object, Field extends keyof Olds & string>(
  olds: Olds,
  news: Props,
  fields: readonly Field[],
  unordered: readonly Field[] = [],
): Field[] {
  return fields.filter((field) => {
    const next = news[field];
    const asSet = unordered.includes(field);
    return isUnknown(next) || !isDeepStrictEqual(normalized(olds[field], asSet), normalized(next, asSet));
  });
}

/** Rules over the fields of `Olds` (the old outputs), so a misspelt field does not compile. */
export interface DiffRules<Field extends string> {
  /** Fields whose change means a new object (Twilio cannot update them). */
  replaceOn: readonly Field[];
  /** Fields Twilio updates in place. */
  updateOn?: readonly Field[];
  /** List fields whose order does not matter. */
  unordered?: readonly Field[];
  /** Given the fields that force replacement: must the old object go first? */
  deleteBeforeReplace?: (replaced: Field[]) => boolean;
}

export function diffByRules<Olds extends object, Field extends keyof Olds & string>(
  olds: Olds,
  news: Props,
  rules: DiffRules<Field>,
): pulumi.dynamic.DiffResult {
  const replaces = changedFields(olds, news, rules.replaceOn, rules.unordered);
  const updates = changedFields(olds, news, rules.updateOn ?? [], rules.unordered);
  if (replaces.length === 0) return { changes: updates.length > 0 };
  return {
    changes: true,
    replaces,
    deleteBeforeReplace: rules.deleteBeforeReplace?.(replaces) ?? false,
  };
}

/**
 * The diff with its changes left for the engine to work out again (`changes` undefined): it then
 * compares the old and new inputs itself and keeps which properties changed, so `pulumi preview
 * --diff` prints those and nothing else. Pulumi's dynamic provider sends no detailed diff, and with
 * `changes: true` the CLI prints every property of the resource (a Build's every path, a bundle's
 * every file). Replacements are kept. Only for kinds whose compared fields stay in the stored inputs
 * as they are in the outputs (no `read` changes them); elsewhere the engine could find no change
 * where the outputs show one.
 */
export function shownByEngine(diff: pulumi.dynamic.DiffResult): pulumi.dynamic.DiffResult {
  return diff.changes === true ? { ...diff, changes: undefined } : diff;
}
