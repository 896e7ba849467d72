/**
 * AssetCleanup: deletes the Assets an `AssetBundle` retired (files removed from it) once the
 * Deployment that stopped serving them is live. Twilio refuses to delete an Asset whose version is
 * in the build an environment serves, and the site must never serve a build with a file missing, so
 * those deletes wait for the new Deployment: `after` takes its SID, which orders this resource
 * after it. `AssetFolder` adds one when it bundles its files.
 *   create / update → DELETE …/Assets/{Sid} for each retired Asset (already gone is fine)
 *   delete          → nothing (the bundle's own delete removes whatever is left)
 * Implementation: `handlers/assetCleanup.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "./dynamicResource";
import { TYPE_TOKENS } from "../core/kinds";

export interface AssetCleanupArgs {
  /** The Service's SID (ZS…). Replaces on change. */
  serviceSid: pulumi.Input<string>;
  /** The Assets to delete: an AssetBundle's `retiredAssetSids`. */
  assetSids: pulumi.Input<pulumi.Input<string>[]>;
  /** What must be live first: the Deployment's SID. */
  after: pulumi.Input<string>;
}

export interface AssetCleanupInputs {
  serviceSid: string;
  assetSids: string[];
  after: string;
}


/**
 * Deletes the Assets of files removed from an AssetBundle (its `retiredAssetSids`) once what must
 * be live first (`after`, the new Deployment) is: the live build never lacks a file its pages
 * still name. Its own delete deletes nothing.
 */
export class AssetCleanup extends DynamicResource {
  static readonly __pulumiType = TYPE_TOKENS.AssetCleanup;

  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly assetSids: pulumi.Output<string[]>;
  declare readonly after: pulumi.Output<string>;

  constructor(name: string, args: AssetCleanupArgs, opts?: pulumi.CustomResourceOptions) {
    super("AssetCleanup", name, { ...args }, opts);
  }
}
