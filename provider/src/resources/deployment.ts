/**
 * Deployment: makes an Environment serve a Build.
 *   create → POST /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Deployments (BuildSid)
 *   read   → GET  …/Deployments/{Sid}, and the environment: a deployment whose environment no
 *            longer serves its build (deployed over, or un-deployed) counts as gone on refresh
 *   update → none: a new build (or environment) replaces the deployment; a new `release` alone
 *            (a promotion's description of the build) is kept, with no request
 *   delete → Twilio cannot delete deployments; if the environment still serves this build and no
 *            other Deployment deployed there in this update (a replacement, or a renamed one with
 *            the same build), it is un-deployed (POST …/Deployments without BuildSid); otherwise
 *            nothing happens.
 * Implementation: `handlers/deployment.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { SidResource, urnProp } from "./dynamicResource";
import type { Release } from "../core/release";
import { TYPE_TOKENS } from "../core/kinds";

export interface DeploymentArgs {
  /** The Service's SID (ZS…). Replaces on change. */
  serviceSid: pulumi.Input<string>;
  /** The Environment's SID (ZE…). */
  environmentSid: pulumi.Input<string>;
  /** The Build's SID (ZB…). */
  buildSid: pulumi.Input<string>;
  /**
   * For a promotion: the release (another site's `release`) whose build this deploys. It changes
   * nothing in Twilio; `pulumi preview` says where the build comes from, and the review lists the
   * files that differ from the build the environment served before. Its `buildSid` must be this one.
   */
  release?: pulumi.Input<Release>;
}

export interface DeploymentInputs {
  serviceSid: string;
  environmentSid: string;
  buildSid: string;
  release?: Release;
}

export interface DeploymentOutputs extends DeploymentInputs {
  sid: string;
}


/**
 * A Deployment of a Build to an Environment: creating it makes the environment serve the build.
 * Deleting it un-deploys the environment only if it still serves this build and nothing else in
 * the update deployed there, so replacing a deployment never takes the site down.
 */
export class Deployment extends SidResource {
  static readonly __pulumiType = TYPE_TOKENS.Deployment;

  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly environmentSid: pulumi.Output<string>;
  declare readonly buildSid: pulumi.Output<string>;

  declare readonly release: pulumi.Output<Release | undefined>;

  constructor(name: string, args: DeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    // A promotion's line in the preview goes to the Deployment's row: it carries its URN.
    const props = { ...args, ...(args.release === undefined ? {} : urnProp("Deployment", name, opts)) };
    super("Deployment", name, props, opts);
  }
}
