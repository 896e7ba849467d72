/**
 * Request parameters as Twilio reads them: `application/x-www-form-urlencoded` bodies (and query
 * strings) where arrays are repeated keys (serverless-api.md §1), with the validation helpers
 * every handler uses so that the 400/20001 texts are the same everywhere.
 */
import type { IncomingMessage } from "node:http";
import { invalid, missing, MESSAGES } from "./errors";
import { readBody } from "./http";
import { isSid, type Prefix } from "./sids";

/** Form bodies are small (the largest, a Build of 1,150 SIDs, is ~50 KB). */
export const FORM_BODY_LIMIT = 1024 * 1024;

export interface StringRule {
  required?: boolean;
  /** Maximum length in characters (code points). */
  max?: number;
  /** Maximum length in UTF-8 bytes. */
  maxBytes?: number;
}

export class Params {
  constructor(private readonly values: Map<string, string[]>) {}

  static fromSearch(search: URLSearchParams): Params {
    const map = new Map<string, string[]>();
    for (const [k, v] of search) {
      const list = map.get(k);
      if (list) list.push(v);
      else map.set(k, [v]);
    }
    return new Params(map);
  }

  /** Every parameter with all its values, e.g. for a signature check. */
  toRecord(): Record<string, string[]> {
    return Object.fromEntries(this.values);
  }

  /** The first value of a scalar parameter. */
  raw(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  /**
   * A string parameter. An empty value counts as absent for a required parameter, as it does
   * on Twilio's API ("Missing required parameter").
   */
  string(name: string, rule: StringRule & { required: true }): string;
  string(name: string, rule?: StringRule): string | undefined;
  string(name: string, rule: StringRule = {}): string | undefined {
    const value = this.raw(name);
    if (value === undefined || (rule.required && value === "")) {
      if (rule.required) throw missing(name);
      return undefined;
    }
    if (rule.max !== undefined && [...value].length > rule.max) throw invalid(MESSAGES.tooLong(name, rule.max));
    if (rule.maxBytes !== undefined && Buffer.byteLength(value) > rule.maxBytes) {
      throw invalid(MESSAGES.tooLong(name, rule.maxBytes, "bytes"));
    }
    return value;
  }

  /** Twilio's booleans are the strings `true`/`false` (twilio-node serialize.bool). */
  bool(name: string): boolean | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const lower = value.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    throw invalid(MESSAGES.invalidBoolean(name, value));
  }

  /** One of `allowed`; an empty value counts as absent. */
  enumValue<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.raw(name);
    if (value === undefined || value === "") return undefined;
    if (!(allowed as readonly string[]).includes(value)) throw invalid(MESSAGES.invalidEnum(name, value, allowed));
    return value as T;
  }

  /** Every value of a repeated-key array parameter. */
  list(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  sid(name: string, prefix: Prefix): string | undefined {
    const value = this.raw(name);
    if (value === undefined || value === "") return undefined;
    if (!isSid(value, prefix)) throw invalid(MESSAGES.invalidSid(name, value, prefix));
    return value;
  }

  sidList(name: string, prefix: Prefix): string[] {
    const values = this.list(name).filter((v) => v !== "");
    for (const value of values) if (!isSid(value, prefix)) throw invalid(MESSAGES.invalidSid(name, value, prefix));
    return values;
  }

  date(name: string): Date | undefined {
    const value = this.raw(name);
    if (value === undefined || value === "") return undefined;
    const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) throw invalid(MESSAGES.invalidDate(name, value));
    return new Date(ms);
  }
}

/** A body's form parameters; none when it is not `application/x-www-form-urlencoded`. */
export function formParams(req: IncomingMessage, body: Buffer): Params {
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return new Params(new Map());
  return Params.fromSearch(new URLSearchParams(body.toString("utf8")));
}

/**
 * Reads a POST body as form parameters. Bodies of another type are read (bounded) and
 * ignored, which leaves their parameters missing, as Twilio does with a JSON body.
 */
export async function readForm(req: IncomingMessage): Promise<Params> {
  return formParams(req, await readBody(req, FORM_BODY_LIMIT));
}
