/**
 * Environment: a deployment target of a Service, with its own domain.
 *   create → POST   /v1/Services/{ServiceSid}/Environments
 *   read   → GET    /v1/Services/{ServiceSid}/Environments/{Sid}
 *   update → none: Twilio cannot update environments, so every change replaces
 *   delete → DELETE /v1/Services/{ServiceSid}/Environments/{Sid}
 * uniqueName and domainSuffix are unique within a service, so a replacement that keeps either one
 * deletes the old environment first. Implementation: `handlers/environment.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { SidResource } from "./dynamicResource";
import { TYPE_TOKENS } from "../core/kinds";

export interface EnvironmentArgs {
  /** The Service's SID (ZS…). Replaces on change. */
  serviceSid: pulumi.Input<string>;
  /** At most 100 characters, unique within the service. */
  uniqueName: pulumi.Input<string>;
  /** Letters, digits and dashes, at most 16; the domain becomes `{domainBase}-{suffix}.twil.io`. Omit for the short domain. */
  domainSuffix?: pulumi.Input<string>;
  /**
   * The SID (ZE…) of an existing Environment with this uniqueName and domainSuffix to take over
   * instead of creating one, e.g. after an interrupted `pulumi up` created it (the error that
   * refuses the taken name prints it). Read only when the environment is created.
   */
  adoptSid?: pulumi.Input<string>;
}

export interface EnvironmentInputs {
  serviceSid: string;
  uniqueName: string;
  domainSuffix?: string;
  adoptSid?: string;
}

export interface EnvironmentOutputs extends EnvironmentInputs {
  sid: string;
  /** e.g. `my-service-1234-stage.twil.io` */
  domainName: string;
  /** `https://{domainName}` */
  url: string;
}


/**
 * An Environment of a Service: a deployment target with a domain of its own
 * (`{domainBase}[-{domainSuffix}].twil.io`). Twilio cannot update environments, so every change
 * replaces it; a taken unique name or domain suffix fails before anything is written.
 */
export class Environment extends SidResource {
  static readonly __pulumiType = TYPE_TOKENS.Environment;

  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly uniqueName: pulumi.Output<string>;
  declare readonly domainSuffix: pulumi.Output<string | undefined>;
  declare readonly domainName: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: EnvironmentArgs, opts?: pulumi.CustomResourceOptions) {
    // domainSuffix is named even when omitted: Pulumi makes an output only for a key present here.
    const props = { ...args, domainSuffix: args.domainSuffix, domainName: undefined, url: undefined };
    super("Environment", name, props, opts);
  }
}
