/**
 * Function: a named container of function versions in a Service.
 *   create → POST   /v1/Services/{ServiceSid}/Functions
 *   read   → GET    /v1/Services/{ServiceSid}/Functions/{Sid}
 *   update → POST   /v1/Services/{ServiceSid}/Functions/{Sid}   (friendlyName)
 *   delete → DELETE /v1/Services/{ServiceSid}/Functions/{Sid}
 * Arguments, inputs and outputs: `containerResource.ts` (shared with Asset). Implementation:
 * `handlers/container.ts`, bound to the kind in `runtime.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type ContainerArgs, type ContainerInputs, type ContainerOutputs, ContainerResource } from "./containerResource";
import { TYPE_TOKENS } from "../core/kinds";

export interface FunctionArgs extends ContainerArgs {}
export interface FunctionInputs extends ContainerInputs {}
export interface FunctionOutputs extends ContainerOutputs {}

/**
 * A Twilio Function (the resource; the name shadows the global `Function` only where imported):
 * the container of one Function's versions (FunctionVersion), named by its friendly name, which
 * updates in place.
 */
export class Function extends ContainerResource {
  static readonly __pulumiType = TYPE_TOKENS.Function;

  constructor(name: string, args: FunctionArgs, opts?: pulumi.CustomResourceOptions) {
    super("Function", name, args, opts);
  }
}
