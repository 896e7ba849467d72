/**
 * Function: a named container of function versions in a Service.
 *   create → POST   /v1/Services/{ServiceSid}/Functions
 *   read   → GET    /v1/Services/{ServiceSid}/Functions/{Sid}
 *   update → POST   /v1/Services/{ServiceSid}/Functions/{Sid}   (friendlyName)
 *   delete → DELETE /v1/Services/{ServiceSid}/Functions/{Sid}
 * Implementation: `handlers/container.ts` (shared with Asset), bound to the kind in `runtime.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { SidResource } from "./dynamicResource";
import { TYPE_TOKENS } from "./tokens";

export interface FunctionArgs {
  /** Replaces on change. */
  serviceSid: pulumi.Input<string>;
  /** At most 255 characters. Updates in place. */
  friendlyName: pulumi.Input<string>;
  /**
   * Take over what an interrupted `pulumi up` left instead of creating another: an object in the
   * service with this friendlyName and no versions, which no other create of the update claims.
   * Only for a Service of the stack's own (AssetFolder sets it when given a Service resource).
   * Read only at create.
   */
  adoptOrphans?: pulumi.Input<boolean>;
}

export interface FunctionInputs {
  serviceSid: string;
  friendlyName: string;
}

export interface FunctionOutputs extends FunctionInputs {
  sid: string;
  url: string;
}


/** A Twilio Function (the resource; the name shadows the global `Function` only where imported). */
export class Function extends SidResource {
  static readonly __pulumiType = TYPE_TOKENS.Function;

  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly friendlyName: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: FunctionArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { ...args, url: undefined };
    super("Function", name, props, opts);
  }
}
