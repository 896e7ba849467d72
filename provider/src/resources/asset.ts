/**
 * Asset: a named container of asset versions in a Service.
 *   create → POST   /v1/Services/{ServiceSid}/Assets
 *   read   → GET    /v1/Services/{ServiceSid}/Assets/{Sid}
 *   update → POST   /v1/Services/{ServiceSid}/Assets/{Sid}   (friendlyName)
 *   delete → DELETE /v1/Services/{ServiceSid}/Assets/{Sid}
 * Arguments, inputs and outputs: `containerResource.ts` (shared with Function). Implementation:
 * `handlers/container.ts`, bound to the kind in `runtime.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type ContainerArgs, type ContainerInputs, type ContainerOutputs, ContainerResource } from "./containerResource";
import { TYPE_TOKENS } from "../core/kinds";

export interface AssetArgs extends ContainerArgs {}
export interface AssetInputs extends ContainerInputs {}
export interface AssetOutputs extends ContainerOutputs {}

/**
 * An Asset of a Service: the container of one file's versions (AssetVersion), named by its
 * friendly name, which updates in place.
 */
export class Asset extends ContainerResource {
  static readonly __pulumiType = TYPE_TOKENS.Asset;

  constructor(name: string, args: AssetArgs, opts?: pulumi.CustomResourceOptions) {
    super("Asset", name, args, opts);
  }
}
