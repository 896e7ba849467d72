/**
 * Build: a set of asset and function versions with dependencies and a runtime, built by Twilio.
 *   create → POST /v1/Services/{ServiceSid}/Builds, then GET …/Builds/{Sid}/Status until
 *            `completed` (bounded; progress through Pulumi's log; `failed` fails with Twilio's reason)
 *   read   → GET /v1/Services/{ServiceSid}/Builds/{Sid}
 *   update → none: builds are immutable, so every change replaces
 *   delete → DELETE /v1/Services/{ServiceSid}/Builds/{Sid}; if Twilio refuses because an
 *            environment serves it (one this stack does not manage: its own Deployments un-deploy
 *            first), the build stays live in Twilio and leaves the state with an info line; a
 *            site's BuildCleanup deletes it once no environment serves it. No stack ever takes
 *            down an environment it does not manage.
 * Implementation: `handlers/build.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AssetBundle } from "./assetBundle";
import { SidResource, urnProp } from "./dynamicResource";
import type { Runtime } from "../core/limits";
import { BUNDLE_KEY, TYPE_TOKENS } from "../core/kinds";

export interface BuildArgs {
  /** The Service's SID (ZS…). Replaces on change. */
  serviceSid: pulumi.Input<string>;
  /** Asset version SIDs (ZN…); order does not matter. */
  assetVersions?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Asset version SIDs by their path (`{ "/index.html": "ZN…" }`), built together with
   * `assetVersions`. Each path is a key of its own, so `pulumi preview --diff` marks the paths whose
   * version changed, with the old and the new SID, where a list would mark positions.
   */
  assetVersionsByPath?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * An AssetBundle whose files the build holds: its versions join `assetVersionsByPath`, by path.
   * While the bundle's update is previewed, the versions of the files it keeps are known, so the
   * preview names only the paths whose version changes (a list or map from the bundle's outputs
   * would be unknown as a whole).
   */
  assetBundle?: AssetBundle;
  /** Function version SIDs (ZN…); order does not matter. */
  functionVersions?: pulumi.Input<pulumi.Input<string>[]>;
  /** npm package name → version, e.g. `{ lodash: "4.17.21" }`. */
  dependencies?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** e.g. `node22`. Default: Twilio's. */
  runtime?: pulumi.Input<Runtime>;
}

/** Checked inputs: version lists free of duplicates (their order does not matter). */
export interface BuildInputs {
  serviceSid: string;
  assetVersions: string[];
  assetVersionsByPath?: Record<string, string>;
  functionVersions: string[];
  dependencies?: Record<string, string>;
  runtime?: Runtime;
  /** The URN of `assetBundle` (hidden: diffs ignore it). */
  [BUNDLE_KEY]?: string;
}

export interface BuildOutputs extends BuildInputs {
  sid: string;
  /** `completed` once created. */
  status: string;
  /** The API URL of the object in Twilio. */
  url: string;
}


/**
 * A build of asset and function versions with npm dependencies and a runtime, made by Twilio. Its
 * create waits until Twilio reports it completed; a failed or timed-out build is deleted again.
 * Builds cannot change: every change replaces it.
 */
export class Build extends SidResource {
  static readonly __pulumiType = TYPE_TOKENS.Build;

  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly assetVersions: pulumi.Output<string[]>;
  declare readonly assetVersionsByPath: pulumi.Output<Record<string, string> | undefined>;
  declare readonly functionVersions: pulumi.Output<string[]>;
  declare readonly dependencies: pulumi.Output<Record<string, string> | undefined>;
  declare readonly runtime: pulumi.Output<Runtime | undefined>;
  declare readonly status: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: BuildArgs, opts?: pulumi.CustomResourceOptions) {
    const bundle = args.assetBundle;
    const props = {
      serviceSid: args.serviceSid,
      assetVersions: args.assetVersions ?? [],
      assetVersionsByPath: bundle
        ? pulumi.all([args.assetVersionsByPath ?? {}, bundle.assetVersionsByPath]).apply(([given, files]) => ({ ...given, ...files }))
        : args.assetVersionsByPath,
      [BUNDLE_KEY]: bundle?.urn,
      functionVersions: args.functionVersions ?? [],
      dependencies: args.dependencies,
      runtime: args.runtime,
      ...urnProp("Build", name, opts),
      status: undefined,
      url: undefined,
    };
    super("Build", name, props, opts);
  }
}
