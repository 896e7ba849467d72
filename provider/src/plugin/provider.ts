/**
 * The provider plugin's `Provider`: every engine call for a resource goes to its kind's handler
 * (`core/handlers`, the one the dynamic provider uses), and `construct` builds the components
 * (`plugin/components.ts`). What the two entries differ in is handled here, once:
 * - the handlers read the resource's name and URN from hidden inputs (`__resourceName`, `__urn`),
 *   which a dynamic resource carries in its state; the plugin is given the URN with every call, so
 *   it hands them in and takes them out again: a plugin stack's state holds its own fields only;
 * - the engine hands a plugin secrets wrapped (it must accept them to construct components); the
 *   handlers get plain values, and outputs are wrapped again where their input was a secret, or
 *   where the schema says the field always is one (a Variable's `value`);
 * - an import (`pulumi import`, or a resource's `get`) reads with no state at all: its ID names
 *   the parents the read needs (`ZS…/ZE…` for an Environment), and the read's outputs become the
 *   resource's inputs.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { reviewConfig } from "../core/stackConfig";
import { configure as configureSettings } from "../core/settings";
import { type EngineHandler, handlers } from "../core/handlers";
import { UNKNOWN } from "../core/handlers/validation";
import { COMPONENT_KINDS, kindOf, nameOfUrn, NAME_KEY, PLUGIN_PACKAGE, type ResourceKind, typeOfUrn, URN_KEY } from "../core/kinds";
import { CREDENTIAL_SETTINGS } from "../core/config";
import * as messages from "../core/messages";
import { constructComponent } from "./components";
import { importRead } from "./imports";
import { fileProperties } from "../resources/assetBundle";
import type { PackageSchema } from "./schemaTypes";
import type { PluginMethods } from "./server";

type Props = Record<string, unknown>;

/** The engine's mark of a secret value (`@pulumi/pulumi/runtime/rpc.js`, `specialSecretSig`). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Props)[SIG_KEY] === SECRET_SIG;
}

/** The props with every secret unwrapped (at any depth), and the top-level keys that held one. */
function unwrapSecrets(props: Props): { plain: Props; secretKeys: Set<string> } {
  const secretKeys = new Set<string>();
  const unwrap = (value: unknown): unknown => {
    if (isSecret(value)) return unwrap(value.value);
    if (Array.isArray(value)) return value.map(unwrap);
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)]));
    return value;
  };
  const plain: Props = {};
  for (const [key, value] of Object.entries(props)) {
    if (JSON.stringify(value)?.includes(SECRET_SIG)) secretKeys.add(key);
    plain[key] = unwrap(value);
  }
  return { plain, secretKeys };
}

function wrapSecrets(props: Props, keys: ReadonlySet<string>): Props {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, keys.has(k) && v !== undefined ? { [SIG_KEY]: SECRET_SIG, value: v } : v]));
}

/** The props without the hidden keys the handlers keep (and the dynamic provider's `__provider`). */
function ownFields(props: Props | undefined): Props {
  const { [NAME_KEY]: _name, [URN_KEY]: _urn, __provider: _provider, ...own } = props ?? {};
  return own;
}

/** What the handlers of one call see, and how their answers go back to the engine. */
interface ResourceCall {
  kind: ResourceKind;
  handler: EngineHandler;
  /** The props as the handlers read them: secrets unwrapped, the name and URN added. */
  in(props: Props | undefined): Props;
  /** An answer's props: hidden keys out, secrets wrapped again. */
  out(props: Props | undefined): Props;
}

export class TwilioServerlessProvider implements provider.Provider, PluginMethods {
  readonly schema: string;
  private readonly alwaysSecret: ReadonlyMap<ResourceKind, ReadonlySet<string>>;
  /** The provider's config (its checked inputs, `twilio-serverless:*` without the namespace), over the engine's `PULUMI_CONFIG`. */
  private readonly startConfig: Props;

  constructor(
    readonly version: string,
    private readonly packageSchema: PackageSchema,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.schema = JSON.stringify(packageSchema);
    this.alwaysSecret = new Map(
      Object.entries(packageSchema.resources).flatMap(([token, spec]) => {
        const kind = kindOf(token);
        const secret = Object.entries(spec.properties ?? {}).filter(([, p]) => p.secret).map(([name]) => name);
        return kind ? [[kind, new Set(secret)] as const] : [];
      }),
    );
    this.startConfig = parseConfig(env.PULUMI_CONFIG);
    this.configure({});
  }

  // ---- config -------------------------------------------------------------------------------

  /**
   * The settings, by key in the plugin's namespace: the provider's inputs, over what the engine
   * put in `PULUMI_CONFIG` when it started the plugin (the stack's `twilio-serverless:*` config,
   * where the default provider's credentials come from: `checkConfig` keeps them out of its
   * inputs, and so out of the state).
   */
  configure(args: Props): void {
    const { plain } = unwrapSecrets(args);
    const values = { ...this.startConfig, ...plain };
    configureSettings({ get: (key) => stringValue(values[key.slice(PLUGIN_PACKAGE.length + 1)]) });
  }

  /**
   * The settings' checks, as a TypeScript program runs them at preview (`core/stackConfig.ts`),
   * on the provider's inputs. A default provider (one from the stack's config) gets its inputs
   * back without the credentials: it reads them from `PULUMI_CONFIG`, and they never land in the
   * state. An explicit provider's credentials are its inputs: kept, as secrets.
   */
  async checkConfig(urn: string, _olds: Props, news: Props): Promise<provider.CheckResult> {
    const { plain, secretKeys } = unwrapSecrets(news);
    const config = Object.fromEntries(Object.entries(plain).flatMap(([name, v]) => {
      const value = stringValue(v);
      return value === undefined ? [] : [[`${PLUGIN_PACKAGE}:${name}`, value]];
    }));
    const review = reviewConfig(config, process.env);
    const failures = review.errors.map((reason) => ({ property: "", reason }));
    const credentials = new Set<string>(Object.values(CREDENTIAL_SETTINGS).map((s) => s.name));
    const isDefault = nameOfUrn(urn).startsWith("default");
    const inputs = Object.fromEntries(Object.entries(plain).filter(([name]) => !(isDefault && credentials.has(name))));
    const secret = new Set([...secretKeys, CREDENTIAL_SETTINGS.authToken.name, CREDENTIAL_SETTINGS.apiSecret.name]);
    return { inputs: wrapSecrets(inputs, secret), failures };
  }

  // ---- resources ----------------------------------------------------------------------------

  private resourceCall(urn: string, ...inputs: (Props | undefined)[]): ResourceCall {
    const type = typeOfUrn(urn);
    const kind = kindOf(type);
    if (!kind) throw new Error(messages.unknownPluginType(type, this.servedTypes()));
    const secretKeys = new Set(this.alwaysSecret.get(kind));
    const hidden = { [NAME_KEY]: nameOfUrn(urn), [URN_KEY]: urn };
    for (const props of inputs) for (const key of unwrapSecrets(props ?? {}).secretKeys) secretKeys.add(key);
    return {
      kind,
      handler: handlers[kind],
      in: (props) => ({ ...unwrapSecrets(props ?? {}).plain, ...hidden }),
      out: (props) => wrapSecrets(ownFields(props), secretKeys),
    };
  }

  private servedTypes(): string[] {
    return Object.keys(this.packageSchema.resources);
  }

  async check(urn: string, olds: Props, news: Props): Promise<provider.CheckResult> {
    const c = this.resourceCall(urn, news);
    const result = await c.handler.check(c.in(olds), c.in(asDeclared(c.kind, news)));
    return { inputs: c.out(result.inputs as Props | undefined), failures: result.failures };
  }

  async diff(id: string, urn: string, olds: Props, news: Props): Promise<provider.DiffResult> {
    const c = this.resourceCall(urn);
    return c.handler.diff(id, c.in(olds), c.in(news));
  }

  async create(urn: string, inputs: Props): Promise<provider.CreateResult> {
    const c = this.resourceCall(urn, inputs);
    const result = await c.handler.create(c.in(inputs));
    return { id: result.id, outs: c.out(result.outs as Props | undefined) };
  }

  async read(id: string, urn: string, props?: Props): Promise<provider.ReadResult> {
    const c = this.resourceCall(urn, props);
    if (!props || Object.keys(ownFields(props)).length === 0) return importRead(c.kind, id, urn, this.packageSchema, (sid, parents) => this.readOne(c, sid, parents));
    const result = await c.handler.read(id, c.in(props));
    return { id: result.id, props: c.out(result.props as Props | undefined) };
  }

  /** One read for an import: the SID, and the parents' SIDs as the state would hold them. */
  private async readOne(c: ResourceCall, sid: string, parents: Props): Promise<{ id: string; props: Props }> {
    const result = await c.handler.read(sid, c.in(parents));
    return { id: result.id ?? "", props: c.out(result.props as Props | undefined) };
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
    const c = this.resourceCall(urn, olds, news);
    const result = await c.handler.update(id, c.in(olds), c.in(news));
    return { outs: c.out(result.outs as Props | undefined) };
  }

  async delete(id: string, urn: string, props: Props): Promise<void> {
    const c = this.resourceCall(urn, props);
    await c.handler.delete(id, c.in(props));
  }

  /** A preview's create: the checked inputs; every output the create computes is unknown until it runs. */
  previewCreate(_urn: string, news: Props): Props {
    return news;
  }

  /**
   * A preview's update: the old outputs with the new inputs, so a SID, a URL or a domain stays
   * known (as `up` keeps it) and nothing that reads it shows as replaced; what the update
   * recomputes (a bundle's versions, a cleanup's builds) is unknown until it runs.
   */
  previewUpdate(urn: string, olds: Props, news: Props): Props {
    const kind = kindOf(typeOfUrn(urn));
    const recomputed = kind ? (UPDATE_RECOMPUTES[kind] ?? []) : [];
    return { ...olds, ...news, ...Object.fromEntries(recomputed.map((k) => [k, UNKNOWN])) };
  }

  // ---- components ---------------------------------------------------------------------------

  async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<provider.ConstructResult> {
    const kind = COMPONENT_KINDS.find((k) => `${PLUGIN_PACKAGE}:index:${k}` === type);
    if (!kind) throw new Error(messages.unknownPluginType(type, this.servedTypes()));
    const outputs = Object.keys(this.packageSchema.resources[type]?.properties ?? {});
    return constructComponent(kind, name, inputs, options, outputs);
  }
}

/**
 * The inputs as a TypeScript program's resource class would have declared them: an AssetBundle
 * given its `files` as one map (the schema's shape) holds each as a property of its own,
 * `file:<name>` (`resources/assetBundle.ts`), so a preview names the files that change.
 */
function asDeclared(kind: ResourceKind, news: Props): Props {
  if (kind !== "AssetBundle" || typeof news.files !== "object" || news.files === null) return news;
  const { files, ...rest } = news;
  return { ...rest, ...fileProperties(files as Props) };
}

/**
 * The outputs an update computes anew, by kind (each handler's `update`): unknown in a preview.
 * The other kinds' updates keep every output they had (a Service's SID and domain, a Variable's SID).
 */
const UPDATE_RECOMPUTES: Partial<Record<ResourceKind, readonly string[]>> = {
  AssetBundle: ["assets", "assetVersionSids", "retiredAssetSids"],
  BuildCleanup: ["releasedBuildSids"],
};

function stringValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** `PULUMI_CONFIG`: the stack's config in the plugin's namespace, names without it, as the engine sets it. */
function parseConfig(raw: string | undefined): Props {
  try {
    const parsed: unknown = JSON.parse(raw ?? "{}");
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Props) : {};
  } catch {
    return {};
  }
}
