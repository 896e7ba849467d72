/**
 * Input validation for `check`: one `Checker` per call collects failures whose reasons name the
 * resource, the field, the value and the rule (`AssetVersion "logo": path "/a b.png" contains
 * whitespace`). Values still unknown during preview are never judged; they are checked again at `up`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { NAME_KEY, URN_KEY } from "../kinds";
import { DOMAIN_LABEL_PATTERN } from "../limits";
import * as messages from "../messages";

/** What the engine sends in place of a value not known yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when the value, or anything inside it, is not known yet. */
export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

export type Props = Record<string, unknown>;

/** The resource's Pulumi name (`NAME_KEY`), or `fallback`. */
export function resourceName(props: { readonly [NAME_KEY]?: unknown }, fallback: string): string {
  const name = props[NAME_KEY];
  return typeof name === "string" && name ? name : fallback;
}

const SID_PATTERN = (prefix: string) => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);

export interface StringRule {
  maxLength?: number;
  /** What the value must match, and the phrase (from `messages`) for one that does not. */
  pattern?: { regex: RegExp; problem: string };
  allowEmpty?: boolean;
}

/** For a value that becomes part of a domain name (a service's uniqueName, a domainSuffix). */
export const DOMAIN_LABEL: StringRule = { pattern: { regex: DOMAIN_LABEL_PATTERN, problem: messages.problems.domainLabel() } };

export class Checker {
  /** The resource's name in messages: its Pulumi name, else `fallbackName`. */
  readonly name: string;

  /**
   * `entryOf` and `failures` are for `entry`: a checker of an object held in one property (one
   * file of a bundle), whose failures are the resource's and name the entry.
   */
  constructor(
    readonly kind: string,
    private readonly news: Props,
    fallbackName: string,
    private readonly entryOf?: { property: string; label: string },
    readonly failures: pulumi.dynamic.CheckFailure[] = [],
  ) {
    this.name = resourceName(news, fallbackName);
  }

  /** A checker of `news`, the object in `property`, which messages call `label` (`file "logo.png"`). */
  entry(property: string, label: string, news: Props): Checker {
    return new Checker(this.kind, { ...news, [NAME_KEY]: this.name }, this.name, { property, label }, this.failures);
  }

  /** The property a failure is about, and how its message names the field. */
  private named(field: string): { property: string; label: string } {
    return this.entryOf ? { property: `${this.entryOf.property}.${field}`, label: `${this.entryOf.label} ${field}` } : { property: field, label: field };
  }

  fail(field: string, value: unknown, problem: string): void {
    const { property, label } = this.named(field);
    this.failures.push({ property, reason: messages.invalidInput(this.kind, this.name, label, value, problem) });
  }

  /** A failure about the resource as a whole or a pair of fields: `AssetVersion "logo": <text>`. */
  failRule(field: string, text: string): void {
    this.failures.push({ property: this.named(field).property, reason: messages.resourceRule(this.kind, this.name, text) });
  }

  missing(field: string): void {
    const { property, label } = this.named(field);
    this.failures.push({ property, reason: messages.missingInput(this.kind, this.name, label) });
  }

  /** The raw value; `undefined` when absent, the UNKNOWN sentinel when not known yet. */
  value(field: string): unknown {
    const value = this.news[field];
    return value === null ? undefined : value;
  }

  string(field: string, required: boolean, rule: StringRule = {}): string | undefined {
    const value = this.value(field);
    if (value === undefined || (value === "" && !rule.allowEmpty && !required)) {
      if (required) this.missing(field);
      return undefined;
    }
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value !== "string") {
      this.fail(field, value, messages.problems.notString());
      return undefined;
    }
    if (value === "" && !rule.allowEmpty) this.fail(field, value, messages.problems.empty());
    else if (rule.maxLength !== undefined && value.length > rule.maxLength) {
      this.fail(field, value, messages.problems.tooLong(value.length, rule.maxLength));
    } else if (rule.pattern && !rule.pattern.regex.test(value)) {
      this.fail(field, value, rule.pattern.problem);
    }
    return value;
  }

  sid(field: string, prefix: string, required = true): string | undefined {
    return this.string(field, required, { pattern: { regex: SID_PATTERN(prefix), problem: messages.problems.notSid(prefix) } });
  }

  boolean(field: string, fallback: boolean): boolean | string {
    const value = this.value(field);
    if (value === undefined) return fallback;
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value !== "boolean") this.fail(field, value, messages.problems.notBoolean());
    return value as boolean;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], required: boolean): T | undefined {
    const value = this.string(field, required);
    if (value === undefined || value === UNKNOWN) return value as T | undefined;
    if (!allowed.includes(value as T)) this.fail(field, value, messages.problems.notOneOf(allowed));
    return value as T;
  }

  /** A list of SIDs, kept in the given order (diff compares it as a set: order means nothing to Twilio). */
  sidList(field: string, prefix: string, limit: number, what: string): string[] | string {
    const value = this.value(field) ?? [];
    if (value === UNKNOWN) return UNKNOWN;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
      this.fail(field, value, messages.problems.notArrayOfSids(prefix));
      return [];
    }
    const pattern = SID_PATTERN(prefix);
    const seen = new Set<string>();
    for (const sid of value as string[]) {
      if (sid === UNKNOWN) continue;
      if (!pattern.test(sid)) this.fail(field, sid, messages.problems.notSid(prefix));
      else if (seen.has(sid)) this.fail(field, sid, messages.problems.duplicateSids(sid));
      seen.add(sid);
    }
    if (value.length > limit) this.fail(field, `[${value.length} SIDs]`, messages.problems.tooMany(value.length, limit, what));
    return [...(value as string[])];
  }

  /**
   * A map of SIDs by key (a build's asset versions by path), kept as given; values still unknown
   * are left for `up`. A bad value's failure names its key: `assetVersionsByPath["/a.txt"]`.
   */
  sidMap(field: string, prefix: string): Record<string, string> | string | undefined {
    const value = this.value(field);
    if (value === undefined || value === UNKNOWN) return value;
    if (typeof value !== "object" || Array.isArray(value) || Object.values(value as object).some((v) => typeof v !== "string")) {
      this.fail(field, value, messages.problems.notMapOfSids(prefix));
      return undefined;
    }
    const pattern = SID_PATTERN(prefix);
    for (const [key, sid] of Object.entries(value as Record<string, string>)) {
      if (sid !== UNKNOWN && !pattern.test(sid)) this.fail(`${field}[${JSON.stringify(key)}]`, sid, messages.problems.notSid(prefix));
    }
    return { ...(value as Record<string, string>) };
  }

  /** The checked inputs (`undefined` fields left out, the resource's name and URN kept) and any failures. */
  result(inputs: Props): pulumi.dynamic.CheckResult {
    const clean: Props = {};
    const hidden = { [NAME_KEY]: this.news[NAME_KEY], [URN_KEY]: this.news[URN_KEY] };
    for (const [key, value] of Object.entries({ ...hidden, ...inputs })) if (value !== undefined) clean[key] = value;
    return this.failures.length ? { inputs: clean, failures: this.failures } : { inputs: clean };
  }
}
