/**
 * Asset: a named container of asset versions in a Service.
 *   create → POST   /v1/Services/{ServiceSid}/Assets
 *   read   → GET    /v1/Services/{ServiceSid}/Assets/{Sid}
 *   update → POST   /v1/Services/{ServiceSid}/Assets/{Sid}   (friendlyName)
 *   delete → DELETE /v1/Services/{ServiceSid}/Assets/{Sid}
 * Implementation: `handlers/container.ts` (shared with Function), bound to the kind in `runtime.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { SidResource } from "./dynamicResource";
import { TYPE_TOKENS } from "./tokens";

export interface AssetArgs {
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

export interface AssetInputs {
  serviceSid: string;
  friendlyName: string;
}

export interface AssetOutputs extends AssetInputs {
  sid: string;
  url: string;
}


export class Asset extends SidResource {
  static readonly __pulumiType = TYPE_TOKENS.Asset;

  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly friendlyName: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: AssetArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { ...args, url: undefined };
    super("Asset", name, props, opts);
  }
}
