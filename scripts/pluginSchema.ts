/**
 * The provider plugin's schema (`twilio-serverless`), read off the TypeScript declarations with the
 * compiler's API, so that the two entries cannot drift apart: every resource kind's `<Kind>Args`
 * (inputs) and its class's output members, every component's `<Component>Args` and its class's
 * outputs, names as they are there, descriptions from their doc comments (`npm run build` writes
 * it to provider/dist/plugin/schema.json; the plugin serves it, `pulumi package get-schema` and
 * the SDK generators read it).
 *
 * TypeScript unions no other language can express get a shape of their own (`UNION_SHAPES`);
 * anything else that cannot be mapped fails the build, naming the declaration.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { COMPONENT_KINDS, PLUGIN_PACKAGE, RESOURCE_KINDS, typeToken } from "../provider/src/core/kinds";
import { CREDENTIAL_SETTINGS, NUMBER_RULES, SETTINGS, type Setting } from "../provider/src/core/config";
import type { ObjectTypeSpec, PackageSchema, PropertySpec, ResourceSpec, TypeSpec } from "../provider/src/plugin/schemaTypes";
import { REPO_ROOT } from "./pulumiCli";

const PROVIDER = path.join(REPO_ROOT, "provider");
const SRC = path.join(PROVIDER, "src");

const tokenOf = (name: string) => `${PLUGIN_PACKAGE}:index:${name}`;
const resourceRef = (kind: string): TypeSpec => ({ $ref: `#/resources/${tokenOf(kind)}` });

/**
 * Component inputs whose TypeScript type is a union: their shape in the schema, replacing the
 * declared one. `plugin/components.ts` turns each back into what the class takes.
 */
const UNION_SHAPES: Record<string, Record<string, PropertySpec>> = {
  "service?": {
    service: { ...resourceRef("Service"), description: "The Service, a resource of this program; or give `serviceSid`." },
    serviceSid: { type: "string", description: "The Service's SID (ZS…), instead of `service`." },
  },
  "environment:AssetFolderEnvironmentArgs": {
    environment: {
      $ref: `#/types/${tokenOf("ComponentEnvironment")}`,
      description: "The Environment the component makes (and deploys to): its unique name, its domain suffix, or an existing one to take over.",
    },
  },
  "environment:string": {
    environment: {
      type: "string",
      description:
        "The toolkit's `--environment` value, a domain suffix (`\"\"` for the environment without one), for the Environment the component makes as the toolkit would (`<suffix>-environment`, or `production`). Default: the rc file's `environment`, else `dev`.",
    },
  },
};

/** Object types named otherwise than their declaration less `Args` (SDKs add `Args` to input types: `ComponentEnvironmentArgs`, never `EnvironmentArgsArgs`, nor the Environment resource's own `EnvironmentArgs`). */
const TYPE_NAMES: Record<string, string> = { AssetFolderEnvironmentArgs: "ComponentEnvironment" };

/** Each type token's declaration, so two declarations never share a name. */
const typeSources = new Map<string, string>();

interface Context {
  checker: ts.TypeChecker;
  types: Record<string, ObjectTypeSpec>;
  /** Where we are, for errors: `Build.assetVersions`. */
  at: string;
}

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
}

function isOurs(symbol: ts.Symbol | undefined): boolean {
  const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
  return file !== undefined && path.resolve(file).startsWith(SRC);
}

function symbolName(type: ts.Type): string | undefined {
  return type.aliasSymbol?.name ?? type.getSymbol()?.name;
}

/** `pulumi.Input<T>`'s and `pulumi.Output<T>`'s wrappers, which every language adds back itself. */
function isWrapper(type: ts.Type): boolean {
  const name = symbolName(type);
  return name === "Promise" || name === "OutputInstance" || name === "Output" || name === "Input";
}

/** The type without `undefined`, `null`, and the promise/output members of `Input<T>`. */
function members(type: ts.Type): ts.Type[] {
  const all = type.isUnion() ? type.types : [type];
  return all.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) && !isWrapper(t));
}

/** `Output<T>` (an `OutputInstance<T>` and its lifted properties) → `OutputInstance<T>`, else undefined. */
function outputInstance(type: ts.Type): ts.Type | undefined {
  if (type.aliasSymbol?.name === "Output" || type.getSymbol()?.name === "OutputInstance") return type;
  if (type.isIntersection()) return type.types.map(outputInstance).find((t) => t !== undefined);
  return undefined;
}

/** `Output<T>` → T (class members), else the type. */
function unwrapOutput(type: ts.Type, checker: ts.TypeChecker): ts.Type {
  for (const t of type.isUnion() ? type.types : [type]) {
    const output = outputInstance(t);
    if (!output) continue;
    const alias = output.aliasSymbol?.name === "Output" ? output.aliasTypeArguments : undefined;
    const args = alias?.length ? alias : checker.getTypeArguments(output as ts.TypeReference);
    if (args.length) return args[0];
  }
  return type;
}

/** Our resource classes, by name: `Service` → its kind. */
function resourceKindOf(type: ts.Type): string | undefined {
  const name = type.getSymbol()?.name;
  return name && (RESOURCE_KINDS as readonly string[]).includes(name) && isOurs(type.getSymbol()) ? name : undefined;
}

function fail(ctx: Context, type: ts.Type, why: string): never {
  throw new Error(`pluginSchema: ${ctx.at} has type ${ctx.checker.typeToString(type)}, ${why}`);
}

/** A TypeScript type as a schema type. */
function specOf(type: ts.Type, ctx: Context): TypeSpec {
  const { checker } = ctx;
  const parts = members(type);
  if (parts.length === 0) fail(ctx, type, "which has no value");
  if (parts.every((t) => t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.StringLiteral))) return { type: "string" };
  if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLike)) return { type: "boolean" };
  if (parts.every((t) => t.flags & ts.TypeFlags.NumberLike)) return { type: "number" };
  if (parts.every((t) => ["FileAsset", "StringAsset"].includes(t.getSymbol()?.name ?? ""))) return { $ref: "pulumi.json#/Asset" };
  if (parts.length > 1) {
    // `Input<Input<string>[]>` and the like: the same type behind its wrappers.
    const specs = parts.map((t) => JSON.stringify(specOf(t, ctx)));
    if (specs.every((s) => s === specs[0])) return JSON.parse(specs[0]) as TypeSpec;
    fail(ctx, type, "a union with no shape every language can express (add it to UNION_SHAPES)");
  }
  const [t] = parts;
  const kind = resourceKindOf(t);
  if (kind) return resourceRef(kind);
  if (checker.isArrayType(t)) return { type: "array", items: specOf(checker.getTypeArguments(t as ts.TypeReference)[0], ctx) };
  const index = checker.getIndexInfoOfType(t, ts.IndexKind.String);
  if (index && checker.getPropertiesOfType(t).length === 0) return { type: "object", additionalProperties: specOf(index.type, ctx) };
  if (t.flags & ts.TypeFlags.Object) return namedType(t, ctx);
  fail(ctx, type, "which the schema cannot express");
}

/** An object type (an interface, or a zod schema's inferred type) as `#/types/twilio-serverless:index:<Name>`. */
function namedType(type: ts.Type, ctx: Context): TypeSpec {
  const declared = symbolName(type);
  if (!declared || declared.startsWith("__")) fail(ctx, type, "an object type without a name (declare an interface)");
  // Every language adds its own `Args` to an input type's name; the component's Environment arguments keep theirs.
  const name = TYPE_NAMES[declared] ?? declared.replace(/Args$/, "");
  const token = tokenOf(name);
  const seen = typeSources.get(token);
  if (seen && seen !== declared) fail(ctx, type, `which would be named ${name} as ${seen} is`);
  typeSources.set(token, declared);
  if (!ctx.types[token]) {
    ctx.types[token] = { type: "object", properties: {} }; // before the fields: a type may refer to itself
    const { properties, required } = propertiesOf(ctx.checker.getPropertiesOfType(type), { ...ctx, at: name });
    const description = docOf(type.aliasSymbol ?? type.getSymbol()!, ctx.checker);
    ctx.types[token] = { type: "object", ...(description ? { description } : {}), properties, ...(required.length ? { required } : {}) };
  }
  return { $ref: `#/types/${token}` };
}

/** A field documented `@secret`: the schema marks it so, every SDK makes it a secret and the plugin keeps it one. */
function secretOf(symbol: ts.Symbol): { secret?: true } {
  return symbol.getJsDocTags().some((tag) => tag.name === "secret") ? { secret: true } : {};
}

function isOptional(symbol: ts.Symbol): boolean {
  return (symbol.flags & ts.SymbolFlags.Optional) !== 0;
}

/** Properties as the schema lists them, with their descriptions; `shape` names a field's shape in `UNION_SHAPES`. */
function propertiesOf(
  symbols: readonly ts.Symbol[],
  ctx: Context,
  shape: (symbol: ts.Symbol, type: ts.Type) => Record<string, PropertySpec> | undefined = () => undefined,
): { properties: Record<string, PropertySpec>; required: string[] } {
  const properties: Record<string, PropertySpec> = {};
  const required: string[] = [];
  for (const symbol of symbols) {
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration) continue;
    const type = ctx.checker.getTypeOfSymbolAtLocation(symbol, declaration);
    const shaped = shape(symbol, type);
    if (shaped) {
      Object.assign(properties, shaped);
      if (!isOptional(symbol) && symbol.name in shaped) required.push(symbol.name);
      continue;
    }
    const description = docOf(symbol, ctx.checker);
    properties[symbol.name] = { ...specOf(type, { ...ctx, at: `${ctx.at}.${symbol.name}` }), ...(description ? { description } : {}), ...secretOf(symbol) };
    if (!isOptional(symbol)) required.push(symbol.name);
  }
  return { properties, required };
}

interface Declarations {
  checker: ts.TypeChecker;
  /** An exported declaration of a file under provider/src: `resources/build.ts`, `BuildArgs`. */
  find(file: string, name: string): ts.Symbol;
  /** The same, when the file may not declare it. */
  findOptional(file: string, name: string): ts.Symbol | undefined;
}

function declarations(): Declarations {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(PROVIDER, "tsconfig.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (!config) throw new Error("pluginSchema: cannot read provider/tsconfig.json");
  const program = ts.createProgram(config.fileNames, config.options);
  const checker = program.getTypeChecker();
  return {
    checker,
    findOptional(file, name) {
      const source = program.getSourceFile(path.join(SRC, file));
      const module = source && checker.getSymbolAtLocation(source);
      const symbol = module && checker.getExportsOfModule(module).find((s) => s.name === name);
      return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    },
    find(file, name) {
      const symbol = this.findOptional(file, name);
      if (!symbol) throw new Error(`pluginSchema: ${file} exports no ${name}`);
      return symbol;
    },
  };
}

/** The class's own members as outputs: `Output<T>` fields, our resources and maps of them (not values read at program time). */
function outputsOf(classSymbol: ts.Symbol, ctx: Context, skip: ReadonlySet<string>): { properties: Record<string, PropertySpec>; required: string[] } {
  const instance = ctx.checker.getDeclaredTypeOfSymbol(classSymbol);
  const own = ctx.checker.getPropertiesOfType(instance).filter((s) => {
    if (!isOurs(s) || skip.has(s.name)) return false;
    const declaration = s.valueDeclaration ?? s.declarations?.[0];
    if (!declaration) return false;
    const type = ctx.checker.getTypeOfSymbolAtLocation(s, declaration);
    const inner = members(type);
    const isOutput = (type.isUnion() ? type.types : [type]).some((t) => outputInstance(t) !== undefined);
    const isResource = inner.length === 1 && resourceKindOf(inner[0]) !== undefined;
    const index = inner.length === 1 ? ctx.checker.getIndexInfoOfType(inner[0], ts.IndexKind.String) : undefined;
    return isOutput || isResource || (index !== undefined && resourceKindOf(index.type) !== undefined);
  });
  const properties: Record<string, PropertySpec> = {};
  const required: string[] = [];
  for (const s of own) {
    const declaration = (s.valueDeclaration ?? s.declarations?.[0])!;
    const type = unwrapOutput(ctx.checker.getTypeOfSymbolAtLocation(s, declaration), ctx.checker);
    const description = docOf(s, ctx.checker);
    properties[s.name] = { ...specOf(type, { ...ctx, at: `${ctx.at}.${s.name}` }), ...(description ? { description } : {}) };
    const optional = isOptional(s) || members(type).length < (type.isUnion() ? type.types.length : 1);
    if (!optional) required.push(s.name);
  }
  return { properties, required };
}

const fileOf = (kind: string) => `${kind[0].toLowerCase()}${kind.slice(1)}.ts`;

/** What is known only at program time or kept for the engine: never an output. */
const NOT_OUTPUTS = new Set(["urn", "id", "folderFiles", "project"]);

function resourceSpec(kind: string, d: Declarations, types: Record<string, ObjectTypeSpec>): ResourceSpec {
  const ctx: Context = { checker: d.checker, types, at: kind };
  const classSymbol = d.find(`resources/${fileOf(kind)}`, kind);
  const inputs = propertiesOf(d.checker.getPropertiesOfType(d.checker.getDeclaredTypeOfSymbol(d.find(`resources/${fileOf(kind)}`, `${kind}Args`))), ctx);
  const outputs = outputsOf(classSymbol, ctx, NOT_OUTPUTS);
  // What state holds (`<Kind>Outputs`), documented there when the class member is not.
  const state = d.findOptional(`resources/${fileOf(kind)}`, `${kind}Outputs`);
  const stateDoc = (name: string) => {
    const member = state && d.checker.getPropertyOfType(d.checker.getDeclaredTypeOfSymbol(state), name);
    return member ? docOf(member, d.checker) || undefined : undefined;
  };
  // Every input is kept as an output too (a resource's state holds its checked inputs); an output
  // declared again on the class keeps the input's description unless it has its own.
  const properties: Record<string, PropertySpec> = { ...inputs.properties };
  for (const [name, spec] of Object.entries(outputs.properties)) {
    const description = spec.description ?? stateDoc(name) ?? inputs.properties[name]?.description;
    properties[name] = { ...spec, ...(description ? { description } : {}), ...(inputs.properties[name]?.secret ? { secret: true } : {}) };
  }
  return {
    description: docOf(classSymbol, d.checker),
    properties,
    required: [...new Set([...outputs.required, ...inputs.required.filter((name) => name in outputs.properties)])],
    inputProperties: inputs.properties,
    requiredInputs: inputs.required,
  };
}

function componentSpec(kind: string, d: Declarations, types: Record<string, ObjectTypeSpec>): ResourceSpec {
  const ctx: Context = { checker: d.checker, types, at: kind };
  const classSymbol = d.find(`components/${fileOf(kind)}`, kind);
  const argsType = d.checker.getDeclaredTypeOfSymbol(d.find(`components/${fileOf(kind)}`, `${kind}Args`));
  const inputs = propertiesOf(d.checker.getPropertiesOfType(argsType), ctx, (symbol, type) => {
    const parts = members(type);
    const resource = parts.find((t) => resourceKindOf(t) !== undefined);
    if (symbol.name === "assetVersions" || symbol.name === "functionVersions") {
      return { [symbol.name]: { type: "array", items: { type: "string" }, description: `${docOf(symbol, d.checker)} Their SIDs (ZN…).` } };
    }
    if (symbol.name === "service") return UNION_SHAPES["service?"];
    if (!resource) return undefined;
    const other = parts.filter((t) => t !== resource);
    if (symbol.name === "environment" && other.every((t) => t.flags & ts.TypeFlags.StringLike)) return UNION_SHAPES["environment:string"];
    if (symbol.name === "environment") {
      namedType(other[0], { ...ctx, at: `${kind}.environment` });
      return UNION_SHAPES["environment:AssetFolderEnvironmentArgs"];
    }
    return fail({ ...ctx, at: `${kind}.${symbol.name}` }, type, "a resource or a value: add its shape to UNION_SHAPES");
  });
  // `service` is one of two inputs now; `environment` stays required where the class requires it.
  const requiredInputs = inputs.required.filter((name) => name !== "service");
  const outputs = outputsOf(classSymbol, ctx, NOT_OUTPUTS);
  return {
    description: docOf(classSymbol, d.checker),
    isComponent: true,
    properties: outputs.properties,
    required: outputs.required,
    inputProperties: inputs.properties,
    requiredInputs,
  };
}

function settingSpec(key: string, setting: Setting, secret: boolean): PropertySpec {
  const rule = (NUMBER_RULES as Record<string, { whole?: boolean }>)[key];
  const type: PropertySpec["type"] = key === "allowInsecureHttp" ? "boolean" : rule ? (rule.whole ? "integer" : "number") : "string";
  return { type, description: `${setting.doc} Or the environment variable ${setting.env}.`, ...(secret ? { secret: true } : {}) };
}

/** The schema for `version`, as the plugin serves it. */
export function pluginSchema(version: string): PackageSchema {
  const d = declarations();
  const types: Record<string, ObjectTypeSpec> = {};
  const resources: Record<string, ResourceSpec> = {};
  for (const kind of RESOURCE_KINDS) resources[typeToken(kind, "plugin")] = resourceSpec(kind, d, types);
  for (const kind of COMPONENT_KINDS) resources[tokenOf(kind)] = componentSpec(kind, d, types);
  const variables: Record<string, PropertySpec> = {};
  for (const [key, setting] of Object.entries(SETTINGS)) variables[setting.name] = settingSpec(key, setting, false);
  for (const [key, setting] of Object.entries(CREDENTIAL_SETTINGS)) variables[setting.name] = settingSpec(key, setting, key === "authToken" || key === "apiSecret");
  const pkg = JSON.parse(fs.readFileSync(path.join(PROVIDER, "package.json"), "utf8")) as { description: string; license: string };
  return {
    name: PLUGIN_PACKAGE,
    displayName: "Twilio Serverless",
    version,
    description: pkg.description,
    keywords: ["pulumi", "twilio", "serverless", "kind/native", "category/infrastructure"],
    license: pkg.license,
    repository: "https://github.com/pulumi-twilio-serverless/pulumi-twilio-serverless",
    publisher: "pulumi-twilio-serverless",
    config: { variables },
    provider: {
      description:
        "The twilio-serverless provider: its settings come from the stack's `twilio-serverless:*` config, else from the TWILIO_* environment variables.",
      inputProperties: variables,
    },
    types,
    resources,
    language: {
      nodejs: { packageName: "@pulumi-twilio-serverless/twilio-serverless", respectSchemaVersion: true },
      python: { packageName: "pulumi_twilio_serverless", respectSchemaVersion: true },
      csharp: { rootNamespace: "PulumiTwilioServerless", respectSchemaVersion: true },
      go: { importBasePath: "github.com/pulumi-twilio-serverless/pulumi-twilio-serverless/sdk/go/twilioserverless", respectSchemaVersion: true, generateResourceContainerTypes: true },
    },
  };
}

/** `node dist/scripts/pluginSchema.js [out]`: writes the schema (default provider/dist/plugin/schema.json). */
if (require.main === module) {
  const out = process.argv[2] ?? path.join(PROVIDER, "dist", "plugin", "schema.json");
  const { version } = JSON.parse(fs.readFileSync(path.join(PROVIDER, "package.json"), "utf8")) as { version: string };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(pluginSchema(version), null, 2)}\n`);
  console.log(`pluginSchema: wrote ${path.relative(process.cwd(), out)}`);
}
