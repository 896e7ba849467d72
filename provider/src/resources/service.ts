/**
 * Service: a Twilio Serverless service, the container of everything else.
 *   create → POST   /v1/Services
 *   read   → GET    /v1/Services/{Sid}
 *   update → POST   /v1/Services/{Sid}   (friendlyName, includeCredentials, uiEditable)
 *   delete → DELETE /v1/Services/{Sid}
 * uniqueName cannot change: a new one replaces the service, deleting the old one first (unique names
 * are unique per account). Implementation: `handlers/service.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { SidResource } from "./dynamicResource";
import { TYPE_TOKENS } from "../core/kinds";

export interface ServiceArgs {
  /** Unique per account; letters, digits and dashes, at most 50; part of every domain. Replaces on change. */
  uniqueName: pulumi.Input<string>;
  /** At most 255 characters. Default: the uniqueName. */
  friendlyName?: pulumi.Input<string>;
  /** Inject account credentials into function invocations. Default: true (Twilio's default). */
  includeCredentials?: pulumi.Input<boolean>;
  /** Allow editing in the Twilio Console. Default: false. */
  uiEditable?: pulumi.Input<boolean>;
  /**
   * The SID (ZS…) of an existing Service with this uniqueName to take over instead of creating one,
   * e.g. after an interrupted `pulumi up` created it (the error that refuses the taken name prints
   * it). Read only when the service is created; dynamic providers cannot use `pulumi import`.
   */
  adoptSid?: pulumi.Input<string>;
}

/** Checked inputs: defaults filled in. */
export interface ServiceInputs {
  uniqueName: string;
  friendlyName: string;
  includeCredentials: boolean;
  uiEditable: boolean;
  adoptSid?: string;
}

export interface ServiceOutputs extends ServiceInputs {
  sid: string;
  /** `{uniqueName}-{random}`: environments' domains start with it. */
  domainBase: string;
  /** The service's API URL. */
  url: string;
}


/**
 * A Twilio Serverless Service: the container of environments, assets, functions and builds. Its
 * unique name is part of every environment's domain; a new one replaces the Service, deleting the
 * old one first. Its delete fails while an environment this stack does not manage serves a site
 * from it.
 */
export class Service extends SidResource {
  static readonly __pulumiType = TYPE_TOKENS.Service;

  declare readonly uniqueName: pulumi.Output<string>;
  declare readonly friendlyName: pulumi.Output<string>;
  declare readonly includeCredentials: pulumi.Output<boolean>;
  declare readonly uiEditable: pulumi.Output<boolean>;
  declare readonly domainBase: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: ServiceArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is named, optional inputs too: Pulumi makes an output only for a key present here.
    const props = {
      ...args,
      friendlyName: args.friendlyName,
      includeCredentials: args.includeCredentials,
      uiEditable: args.uiEditable,
      domainBase: undefined,
      url: undefined,
    };
    super("Service", name, props, opts);
  }
}

/**
 * What a component needs of a Service resource: that it is one of the stack's resources (what an
 * interrupted update left may then be taken over), and its SID. A `Service`, or the provider
 * plugin's reference to one (`plugin/components.ts`).
 */
export type ServiceResource = pulumi.CustomResource & { readonly sid: pulumi.Output<string> };
