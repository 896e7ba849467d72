/**
 * Numeric settings of the rules. Each rule declares its settings once (default and description);
 * the same declaration gives its `configSchema` (so the engine validates `--policy-pack-config`
 * and fills in defaults) and reads the values back, with the defaults again when the engine gave
 * none (unit tests, an older CLI).
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

export interface Setting {
  default: number;
  description: string;
  /** Smallest accepted value; 0 unless said. */
  minimum?: number;
}

export type Settings<K extends string> = Record<K, Setting>;

export function configSchema<K extends string>(settings: Settings<K>): PolicyConfigSchema {
  const properties: PolicyConfigSchema["properties"] = {};
  for (const [key, setting] of Object.entries<Setting>(settings)) {
    properties[key] = {
      type: "integer",
      minimum: setting.minimum ?? 0,
      default: setting.default,
      description: setting.description,
    };
  }
  return { properties };
}

export function readSettings<K extends string>(
  args: { getConfig<T extends object>(): T },
  settings: Settings<K>,
): Record<K, number> {
  const given = args.getConfig<Partial<Record<K, unknown>>>();
  const values = {} as Record<K, number>;
  for (const key of Object.keys(settings) as K[]) {
    const value = given[key];
    values[key] = typeof value === "number" && Number.isFinite(value) ? value : settings[key].default;
  }
  return values;
}

/** How much of a file the content rules read: enough for EXIF (at most 64 KiB in JPEG) and for a key. */
export const HEAD_BYTES: Setting = {
  default: 128 * 1024,
  minimum: 1,
  description: "How many bytes of the start of each file the rule reads.",
};
