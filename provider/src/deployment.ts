/**
 * Deployment: makes an Environment serve a Build.
 *   create → POST /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Deployments (BuildSid)
 *   read   → GET  …/Deployments/{Sid}, and the environment: a deployment whose environment no
 *            longer serves its build (deployed over, or un-deployed) counts as gone on refresh
 *   update → none: a new build (or environment) replaces the deployment
 *   delete → Twilio cannot delete deployments; if the environment still serves this build and no
 *            other Deployment deployed there in this update (a replacement, or a renamed one with
 *            the same build), it is un-deployed (POST …/Deployments without BuildSid); otherwise
 *            nothing happens.
 * Implementation: `handlers/deployment.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { SidResource } from "./dynamicResource";
import { TYPE_TOKENS } from "./tokens";

export interface DeploymentArgs {
  serviceSid: pulumi.Input<string>;
  environmentSid: pulumi.Input<string>;
  buildSid: pulumi.Input<string>;
}

export interface DeploymentInputs {
  serviceSid: string;
  environmentSid: string;
  buildSid: string;
}

export interface DeploymentOutputs extends DeploymentInputs {
  sid: string;
}


export class Deployment extends SidResource {
  static readonly __pulumiType = TYPE_TOKENS.Deployment;

  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly environmentSid: pulumi.Output<string>;
  declare readonly buildSid: pulumi.Output<string>;

  constructor(name: string, args: DeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { ...args };
    super("Deployment", name, props, opts);
  }
}
