/**
 * What AssetVersion and FunctionVersion share as resources: the content arguments, the checked
 * inputs (what policies see), and the resource class's outputs. Each kind adds its parent's SID
 * (`assetSid` / `functionSid`). Handlers: `handlers/version.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { SidResource } from "./dynamicResource";
import type { Visibility } from "../core/limits";

export interface VersionContentArgs {
  /** The Service's SID (ZS…). Replaces on change. */
  serviceSid: pulumi.Input<string>;
  /** The URL path, at most 255 characters; a leading slash is added if missing. */
  path: pulumi.Input<string>;
  /** Who may fetch it: `public` (anyone), `protected` (requests with a valid X-Twilio-Signature) or `private` (never served, only packaged with the build). */
  visibility: pulumi.Input<Visibility>;
  /** The content as a Pulumi FileAsset or StringAsset. Set this or `contentFile`. */
  content?: pulumi.Input<pulumi.asset.FileAsset | pulumi.asset.StringAsset>;
  /** A local file (relative to the program directory, or absolute). Set this or `content`. */
  contentFile?: pulumi.Input<string>;
}

/**
 * Checked inputs: the normalized path and the content's facts. `contentFile` is the absolute path
 * when the content is a file; text content stays in `content` (as the engine sends a StringAsset).
 */
export interface CheckedVersionContent {
  serviceSid: string;
  path: string;
  /** Who may fetch it: `public` (anyone), `protected` (requests with a valid X-Twilio-Signature) or `private` (never served, only packaged with the build). */
  visibility: Visibility;
  /** Bytes. */
  size: number;
  /** Hex SHA-256 of the content: its identity. */
  contentSha256: string;
  /** By the path's extension, e.g. `text/html`. */
  contentType: string;
  contentFile?: string;
  content?: unknown;
}

/** The field holding a version's parent's SID. */
export type ParentField = "assetSid" | "functionSid";

/** Checked inputs of a version kind: the content's, and the parent's SID in `P`. */
export type VersionInputs<P extends ParentField> = CheckedVersionContent & { [K in P]: string };

export type VersionOutputs<P extends ParentField> = VersionInputs<P> & { sid: string };

export abstract class VersionResource extends SidResource {
  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly path: pulumi.Output<string>;
  declare readonly visibility: pulumi.Output<Visibility>;
  declare readonly size: pulumi.Output<number>;
  declare readonly contentSha256: pulumi.Output<string>;
  declare readonly contentType: pulumi.Output<string>;
  declare readonly contentFile: pulumi.Output<string | undefined>;

  protected constructor(
    kind: "AssetVersion" | "FunctionVersion",
    name: string,
    args: VersionContentArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    const props = {
      ...args,
      contentFile: args.contentFile,
      size: undefined,
      contentSha256: undefined,
      contentType: undefined,
    };
    super(kind, name, props, opts);
  }
}
