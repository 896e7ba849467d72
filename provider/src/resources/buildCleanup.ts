/**
 * BuildCleanup: deletes the builds a site let go of while another environment still served them
 * (a promotion: another stack deployed the build), once none does. A replaced Build's delete
 * leaves such a build live in Twilio (`handlers/build.ts`) and out of Pulumi's state; this
 * resource, whose `buildSid` is the site's current Build, remembers it in `releasedBuildSids`.
 * It knows the site's own environment (`environmentSid`), so it needs no ordering after the new
 * Deployment: its update runs beside it, off the update's critical path.
 *   create → nothing to release yet
 *   update → the previous build joins `releasedBuildSids` while an environment other than the
 *            site's serves it; released builds none serves any more are deleted (DELETE
 *            …/Builds/{Sid}, already gone is fine). One GET …/Environments.
 *   diff   → a new build is an update; with builds released and nothing else changed, one GET
 *            …/Environments: an update when one of them is served no more, so that the next
 *            `pulumi up` deletes it, and nothing to do otherwise
 *   delete → deletes the released builds none serves; one still served stays (Twilio deletes a
 *            build 7 days after its last deployment ends)
 * `AssetFolder` and `ServerlessProject` add one. Implementation: `handlers/buildCleanup.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { DynamicResource } from "./dynamicResource";
import { TYPE_TOKENS } from "../core/kinds";

export interface BuildCleanupArgs {
  /** The Service's SID (ZS…). Replaces on change. */
  serviceSid: pulumi.Input<string>;
  /** The site's own Environment: its serving a build never keeps that build. */
  environmentSid: pulumi.Input<string>;
  /** The site's current Build. */
  buildSid: pulumi.Input<string>;
}

export interface BuildCleanupInputs {
  serviceSid: string;
  environmentSid: string;
  buildSid: string;
}

export interface BuildCleanupOutputs extends BuildCleanupInputs {
  /** Builds this site let go of that another environment served then: deleted once none does. */
  releasedBuildSids: string[];
}

/**
 * Remembers the builds a site let go of while another environment (a promotion's) still served
 * them, and deletes each once none does. Every AssetFolder and ServerlessProject has one.
 */
export class BuildCleanup extends DynamicResource {
  static readonly __pulumiType = TYPE_TOKENS.BuildCleanup;

  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly environmentSid: pulumi.Output<string>;
  declare readonly buildSid: pulumi.Output<string>;
  declare readonly releasedBuildSids: pulumi.Output<string[]>;

  constructor(name: string, args: BuildCleanupArgs, opts?: pulumi.CustomResourceOptions) {
    super("BuildCleanup", name, { ...args, releasedBuildSids: undefined }, opts);
  }
}
