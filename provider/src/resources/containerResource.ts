/**
 * What Asset and Function share as resources: Twilio gives both the same shape (a friendly name in
 * a Service, with versions underneath), so they have the same arguments, checked inputs and
 * outputs, defined once here. Handler: `handlers/container.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { SidResource } from "./dynamicResource";

export interface ContainerArgs {
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

/** Checked inputs. */
export interface ContainerInputs {
  serviceSid: string;
  friendlyName: string;
  /** Left out when false. */
  adoptOrphans?: boolean;
}

export interface ContainerOutputs extends ContainerInputs {
  sid: string;
  /** The API URL of the object in Twilio. */
  url: string;
}

export abstract class ContainerResource extends SidResource {
  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly friendlyName: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;

  protected constructor(kind: "Asset" | "Function", name: string, args: ContainerArgs, opts?: pulumi.CustomResourceOptions) {
    super(kind, name, { ...args, url: undefined }, opts);
  }
}
