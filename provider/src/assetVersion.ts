/**
 * AssetVersion: one uploaded file of an Asset, served at `path` with a visibility.
 *   create → POST (multipart, upload host) /v1/Services/{ServiceSid}/Assets/{AssetSid}/Versions
 *   read   → GET /v1/Services/{ServiceSid}/Assets/{AssetSid}/Versions/{Sid}
 *   update → none: versions are immutable, so every change replaces
 *   delete → none in Twilio: Pulumi forgets the version (Twilio drops unused versions itself)
 * The content's SHA-256 is computed in `check` (streaming) and kept in state: an unchanged file is
 * never uploaded again, and a changed one shows in `pulumi preview` as a replacement.
 * Implementation: `handlers/assetVersion.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "./dynamicProvider";
import type { Visibility } from "./limits";
import { TYPE_TOKENS } from "./tokens";

export interface AssetVersionArgs {
  serviceSid: pulumi.Input<string>;
  assetSid: pulumi.Input<string>;
  /** The URL path, at most 255 characters; a leading slash is added if missing. */
  path: pulumi.Input<string>;
  visibility: pulumi.Input<Visibility>;
  /** The content as a Pulumi FileAsset or StringAsset. Set this or `contentFile`. */
  content?: pulumi.Input<pulumi.asset.FileAsset | pulumi.asset.StringAsset>;
  /** A local file (relative to the program directory, or absolute). Set this or `content`. */
  contentFile?: pulumi.Input<string>;
}

/**
 * Checked inputs (what policies see): the normalized path and the content's facts. `contentFile`
 * is the absolute path when the content is a file; text content stays in `content`.
 */
export interface AssetVersionInputs {
  serviceSid: string;
  assetSid: string;
  path: string;
  visibility: Visibility;
  size: number;
  contentSha256: string;
  contentType: string;
  contentFile?: string;
  content?: unknown;
}

export interface AssetVersionOutputs extends AssetVersionInputs {
  sid: string;
}

const assetVersionProvider = dynamicProvider("AssetVersion");

export class AssetVersion extends pulumi.dynamic.Resource {
  static readonly __pulumiType = TYPE_TOKENS.AssetVersion;

  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly assetSid: pulumi.Output<string>;
  declare readonly path: pulumi.Output<string>;
  declare readonly visibility: pulumi.Output<Visibility>;
  declare readonly size: pulumi.Output<number>;
  declare readonly contentSha256: pulumi.Output<string>;
  declare readonly contentType: pulumi.Output<string>;
  declare readonly contentFile: pulumi.Output<string | undefined>;
  declare readonly sid: pulumi.Output<string>;

  constructor(name: string, args: AssetVersionArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { ...args, contentFile: args.contentFile, __resourceName: name, size: undefined, contentSha256: undefined, contentType: undefined, sid: undefined };
    super(assetVersionProvider, name, props, opts, "twilio", "AssetVersion");
  }
}
