/**
 * `construct` for the plugin's components: AssetFolder, ServerlessProject and Promotion, built by
 * the same classes a TypeScript program uses (`components/`), whose children then register under
 * the plugin's tokens (`resources/dynamicResource.ts`). The schema gives each TypeScript union a
 * shape every language can express (`scripts/pluginSchema.ts`); this turns those shapes back:
 * - `service: Service | string` is two inputs, `service` (a Service resource of the program) and
 *   `serviceSid` (a SID), one of them given;
 * - `environment` is the arguments of the Environment the component makes (an object), or for a
 *   ServerlessProject the toolkit's `--environment` value (a string);
 * - `assetVersions` and `functionVersions` are lists of SIDs.
 * The values a component reads while the program runs (`dir`, the folder options, the toolkit
 * settings) must be known then: plain values, not another resource's outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { AssetFolder, type AssetFolderArgs, type AssetFolderEnvironmentArgs } from "../components/assetFolder";
import { Promotion, type PromotionArgs } from "../components/promotion";
import { ServerlessProject, type ServerlessProjectArgs } from "../components/serverlessProject";
import { type ComponentKind, PLUGIN_PACKAGE } from "../core/kinds";
import * as messages from "../core/messages";

type Inputs = Record<string, unknown>;

/**
 * A resource of the program handed to a component (`service: ${svc}` in YAML), as the engine's
 * reference to it arrives in `construct`: rehydrated by its URN, its SID read from its ID, as our
 * resource classes read theirs.
 */
class ResourceReference extends pulumi.CustomResource {
  readonly sid: pulumi.Output<string>;

  constructor(type: string, name: string, urn: string) {
    super(type, name, {}, { urn });
    this.sid = this.id;
  }
}

let referencesRegistered = false;

/** References to the plugin's resources deserialize as `ResourceReference`s (else the SDK makes them bare IDs). */
function registerReferences(): void {
  if (referencesRegistered) return;
  referencesRegistered = true;
  pulumi.runtime.registerResourceModule(PLUGIN_PACKAGE, "index", {
    construct: (name, type, urn) => new ResourceReference(type, name, urn),
  });
}

/** A value the component reads while the program runs: given as is, or refused by name. */
function known<T>(component: string, name: string, field: string, value: unknown, isType: (v: unknown) => v is T): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (isType(value)) return value;
  throw new pulumi.InputPropertyError({ propertyPath: field, reason: messages.componentInputUnknown(component, name, field) });
}

const isString = (v: unknown): v is string => typeof v === "string";
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !pulumi.Output.isInstance(v) && Object.values(v).every(isString);

/** `service` (a Service resource) or `serviceSid` (its SID): one of them. */
function serviceOf(component: string, name: string, inputs: Inputs, required: boolean): AssetFolderArgs["service"] | undefined {
  const { service, serviceSid } = inputs;
  if (service !== undefined && serviceSid !== undefined) {
    throw new pulumi.InputPropertyError({ propertyPath: "serviceSid", reason: messages.componentServiceTwice(component, name) });
  }
  if (service instanceof ResourceReference) return service;
  if (service !== undefined) return service as pulumi.Input<string>;
  if (serviceSid !== undefined) return serviceSid as pulumi.Input<string>;
  if (required) throw new pulumi.InputPropertyError({ propertyPath: "service", reason: messages.componentServiceMissing(component, name) });
  return undefined;
}

type EnvironmentArgs = AssetFolderEnvironmentArgs;

/**
 * The arguments of the Environment the component makes: an object, whose fields may be other
 * resources' outputs (then the whole object arrives as one output, taken apart here).
 */
function environmentArgs(value: unknown): EnvironmentArgs {
  if (!pulumi.Output.isInstance(value)) return value as EnvironmentArgs;
  const env = value as pulumi.Output<EnvironmentArgs>;
  return { uniqueName: env.uniqueName, domainSuffix: env.domainSuffix, adoptSid: env.adoptSid } as EnvironmentArgs;
}

function assetFolderArgs(name: string, inputs: Inputs): AssetFolderArgs {
  const c = "AssetFolder";
  const dir = known(c, name, "dir", inputs.dir, isString);
  if (dir === undefined) throw new pulumi.InputPropertyError({ propertyPath: "dir", reason: messages.componentInputUnknown(c, name, "dir") });
  return {
    service: serviceOf(c, name, inputs, true)!,
    environment: environmentArgs(inputs.environment),
    dir,
    include: known(c, name, "include", inputs.include, isStrings),
    exclude: known(c, name, "exclude", inputs.exclude, isStrings),
    defaultExcludes: known(c, name, "defaultExcludes", inputs.defaultExcludes, isBoolean),
    visibility: known(c, name, "visibility", inputs.visibility, isStringMap) as AssetFolderArgs["visibility"],
    rootPage: known(c, name, "rootPage", inputs.rootPage, isString),
    resourcePerFile: known(c, name, "resourcePerFile", inputs.resourcePerFile, isBoolean),
    assetVersions: inputs.assetVersions as AssetFolderArgs["assetVersions"],
    functionVersions: inputs.functionVersions as AssetFolderArgs["functionVersions"],
    dependencies: inputs.dependencies as AssetFolderArgs["dependencies"],
    runtime: inputs.runtime as AssetFolderArgs["runtime"],
  };
}

function serverlessProjectArgs(name: string, inputs: Inputs): ServerlessProjectArgs {
  const c = "ServerlessProject";
  const dir = known(c, name, "dir", inputs.dir, isString);
  if (dir === undefined) throw new pulumi.InputPropertyError({ propertyPath: "dir", reason: messages.componentInputUnknown(c, name, "dir") });
  return {
    dir,
    service: serviceOf(c, name, inputs, false),
    serviceName: known(c, name, "serviceName", inputs.serviceName, isString),
    environment: known(c, name, "environment", inputs.environment, isString),
    runtime: known(c, name, "runtime", inputs.runtime, isString) as ServerlessProjectArgs["runtime"],
    config: known(c, name, "config", inputs.config, isString),
    resourcePerFile: known(c, name, "resourcePerFile", inputs.resourcePerFile, isBoolean),
  };
}

function promotionArgs(inputs: Inputs): PromotionArgs {
  return { release: inputs.release as PromotionArgs["release"], environment: environmentArgs(inputs.environment) };
}

/** Builds the component, and its outputs as the schema names them (`outputs`), read off the component. */
export async function constructComponent(
  kind: ComponentKind,
  name: string,
  inputs: Inputs,
  options: pulumi.ComponentResourceOptions,
  outputs: readonly string[],
): Promise<provider.ConstructResult> {
  registerReferences();
  const component =
    kind === "AssetFolder"
      ? new AssetFolder(name, assetFolderArgs(name, inputs), options)
      : kind === "ServerlessProject"
        ? new ServerlessProject(name, serverlessProjectArgs(name, inputs), options)
        : new Promotion(name, promotionArgs(inputs), options);
  const fields = component as unknown as Record<string, pulumi.Input<unknown> | undefined>;
  const state = Object.fromEntries(outputs.flatMap((key) => (fields[key] === undefined ? [] : [[key, fields[key]]])));
  return { urn: component.urn, state };
}
