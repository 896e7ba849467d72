/**
 * AssetVersion: one uploaded file of an Asset, served at `path` with a visibility.
 *   create → POST (multipart, upload host) /v1/Services/{ServiceSid}/Assets/{AssetSid}/Versions
 *   read   → GET /v1/Services/{ServiceSid}/Assets/{AssetSid}/Versions/{Sid}
 *   update → none: versions are immutable, so every change replaces
 *   delete → none in Twilio: Pulumi forgets the version (Twilio drops unused versions itself)
 * The content's SHA-256 is computed in `check` (streaming) and kept in state: an unchanged file is
 * never uploaded again, and a changed one shows in `pulumi preview` as a replacement.
 * Implementation: `handlers/version.ts` (shared with FunctionVersion), bound to the kind in `runtime.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { TYPE_TOKENS } from "../core/kinds";
import { type VersionContentArgs, type VersionInputs, type VersionOutputs, VersionResource } from "./versionResource";

export interface AssetVersionArgs extends VersionContentArgs {
  /** The Asset's SID (ZH…). */
  assetSid: pulumi.Input<string>;
}

/** Checked inputs (what policies see): see `CheckedVersionContent`. */
export interface AssetVersionInputs extends VersionInputs<"assetSid"> {}

export interface AssetVersionOutputs extends VersionOutputs<"assetSid"> {}


/**
 * One uploaded version of an Asset: a file's content at a path, with a visibility (public,
 * protected or private). Its content's SHA-256 is computed at preview, so an unchanged file is
 * never uploaded again and a changed one shows as a replacement. Twilio cannot delete versions:
 * deleting one makes Pulumi forget it.
 */
export class AssetVersion extends VersionResource {
  static readonly __pulumiType = TYPE_TOKENS.AssetVersion;

  declare readonly assetSid: pulumi.Output<string>;

  constructor(name: string, args: AssetVersionArgs, opts?: pulumi.CustomResourceOptions) {
    super("AssetVersion", name, args, opts);
  }
}
