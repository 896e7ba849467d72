/**
 * Build: a set of asset and function versions with dependencies and a runtime, built by Twilio.
 *   create → POST /v1/Services/{ServiceSid}/Builds, then GET …/Builds/{Sid}/Status until
 *            `completed` (bounded; progress through Pulumi's log; `failed` fails with Twilio's reason)
 *   read   → GET /v1/Services/{ServiceSid}/Builds/{Sid}
 *   update → none: builds are immutable, so every change replaces
 *   delete → DELETE /v1/Services/{ServiceSid}/Builds/{Sid}; if Twilio refuses because the build is
 *            live, the environments serving it are un-deployed first, so a build never blocks
 *            `pulumi destroy` or its own replacement.
 * Implementation: `handlers/build.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource, dynamicProvider } from "./dynamicProvider";
import type { Runtime } from "./limits";
import { TYPE_TOKENS } from "./tokens";

export interface BuildArgs {
  serviceSid: pulumi.Input<string>;
  /** Asset version SIDs (ZN…); order does not matter. */
  assetVersions?: pulumi.Input<pulumi.Input<string>[]>;
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
  functionVersions: string[];
  dependencies?: Record<string, string>;
  runtime?: Runtime;
}

export interface BuildOutputs extends BuildInputs {
  sid: string;
  /** `completed` once created. */
  status: string;
  url: string;
}

const buildProvider = dynamicProvider("Build");

export class Build extends DynamicResource {
  static readonly __pulumiType = TYPE_TOKENS.Build;

  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly assetVersions: pulumi.Output<string[]>;
  declare readonly functionVersions: pulumi.Output<string[]>;
  declare readonly dependencies: pulumi.Output<Record<string, string> | undefined>;
  declare readonly runtime: pulumi.Output<Runtime | undefined>;
  declare readonly sid: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: BuildArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      serviceSid: args.serviceSid,
      assetVersions: args.assetVersions ?? [],
      functionVersions: args.functionVersions ?? [],
      dependencies: args.dependencies,
      runtime: args.runtime,
      sid: undefined,
      status: undefined,
      url: undefined,
    };
    super(buildProvider, name, props, opts);
  }
}
