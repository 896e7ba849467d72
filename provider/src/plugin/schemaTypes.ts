/**
 * The parts of a Pulumi package schema (pulumi.com/docs/iac/extending-pulumi/schema/) that the
 * plugin writes (`scripts/pluginSchema.ts`) and reads (`provider.ts`, `imports.ts`).
 */
export interface TypeSpec {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  /** `#/types/<token>`, `#/resources/<token>`, `pulumi.json#/Asset`, `pulumi.json#/Any`. */
  $ref?: string;
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
}

export interface PropertySpec extends TypeSpec {
  description?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  willReplaceOnChanges?: boolean;
}

export interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface ResourceSpec {
  description: string;
  isComponent?: boolean;
  properties: Record<string, PropertySpec>;
  required?: string[];
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
}

export interface PackageSchema {
  name: string;
  displayName?: string;
  version?: string;
  description?: string;
  keywords?: string[];
  homepage?: string;
  repository?: string;
  license?: string;
  publisher?: string;
  config: { variables: Record<string, PropertySpec> };
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  types: Record<string, ObjectTypeSpec>;
  resources: Record<string, ResourceSpec>;
  language?: Record<string, unknown>;
}
