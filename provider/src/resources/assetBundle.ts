/**
 * AssetBundle: many files as Twilio Assets (one Asset and one AssetVersion each) in ONE Pulumi
 * resource, for folders too big to track file by file: Pulumi's cost is per resource (about
 * 4.5 ms per resource per command on two cores, bench/README.md), so a 1,000-file folder as
 * 2,000 resources previews in 11 s, as one bundle in a few.
 *   check  → stats and hashes every file (streaming), checks paths, visibilities, sizes and the
 *            per-build counts
 *   diff   → by each file's path, visibility and SHA-256. Each file is a property of its own,
 *            `file:<name>` (`file:images/logo.png`), so `pulumi preview --diff` lists exactly the
 *            files added, removed or changed (Pulumi prints every entry of a changed map)
 *   create → POST …/Assets and an upload per file
 *   update → an upload per changed file (to its Asset), a new Asset and upload per added file;
 *            the Assets of removed files are *retired*, not deleted: they may be in the build that
 *            is live until the new Deployment, so `AssetCleanup` deletes them after it
 *   read   → lists the service's Assets; files whose Asset is gone drop out (the next up restores them)
 *   delete → DELETE …/Assets/{Sid} for every Asset, retired ones included
 * A failed create or update deletes the Assets it created before it fails, so the bundle is as it
 * was (versions it uploaded to existing Assets are unused and dropped by Twilio).
 * Implementation: `handlers/assetBundle.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource, urnProp } from "./dynamicResource";
import { normalizePath, type Visibility } from "../core/limits";
import { FILE_PROPERTY_PREFIX, TYPE_TOKENS } from "../core/kinds";

/** One file of a bundle, as the program gives it. */
export interface AssetBundleFileArgs {
  /** The URL path, at most 255 characters; a leading slash is added if missing. */
  path: string;
  /** Who may fetch it: `public` (anyone), `protected` (requests with a valid X-Twilio-Signature) or `private` (never served, only packaged with the build). */
  visibility: Visibility;
  /** The file on disk (relative to the program directory, or absolute). */
  contentFile: string;
}

export interface AssetBundleArgs {
  /** Replaces on change. */
  serviceSid: pulumi.Input<string>;
  /** File name (any unique key, e.g. its path in a folder) → the file. The names must be known when the program runs. */
  files: Record<string, pulumi.Input<AssetBundleFileArgs>>;
  /**
   * Take over what an interrupted `pulumi up` left instead of creating another Asset: one in the
   * service whose friendly name is a new file's path, that no build holds and that is not already
   * the bundle's. Only for a Service of the stack's own (AssetFolder sets it when given a Service
   * resource).
   */
  adoptOrphans?: pulumi.Input<boolean>;
  /**
   * The SID of an environment of the Service (`ZE…`): a new bundle takes over the Assets of the
   * build it serves, at its files' paths, with their live versions where those still hold the
   * files, instead of creating Assets and uploading (a site moving from a resource per file to one
   * bundle). Read only at create. AssetFolder and ServerlessProject set it to their environment's
   * `sid` when the environment or the Service is the stack's own.
   */
  takeOverFrom?: pulumi.Input<string>;
}

export function fileProperty(name: string): FileKey {
  return `${FILE_PROPERTY_PREFIX}${name}`;
}

/** The key of a property that holds one file. */
export type FileKey = `${typeof FILE_PROPERTY_PREFIX}${string}`;

/** The files held in a bundle's inputs or outputs, by name. */
export function bundleFiles<T = AssetBundleFile>(props: object): Record<string, T> {
  const files: Record<string, T> = {};
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith(FILE_PROPERTY_PREFIX)) files[key.slice(FILE_PROPERTY_PREFIX.length)] = value as T;
  }
  return files;
}

/** `files` as properties (`file:<name>`). */
export function fileProperties<T>(files: Record<string, T>): Record<FileKey, T> {
  return Object.fromEntries(Object.entries(files).map(([name, file]) => [fileProperty(name), file]));
}

/** One file as `check` leaves it (what policies see): the normalized path and the content's facts. */
export interface AssetBundleFile {
  path: string;
  /** Who may fetch it: `public` (anyone), `protected` (requests with a valid X-Twilio-Signature) or `private` (never served, only packaged with the build). */
  visibility: Visibility;
  /** Absolute. */
  contentFile: string;
  /** Bytes. */
  size: number;
  /** Hex SHA-256 of the content: its identity. */
  contentSha256: string;
  contentType: string;
}

/** Checked inputs: the service, and each file as `file:<name>` (see `bundleFiles`). */
export interface AssetBundleInputs {
  serviceSid: string;
  /** Absent means false. */
  adoptOrphans?: boolean;
  takeOverFrom?: string;
  [fileProperty: FileKey]: AssetBundleFile;
}

/** Where one file lives in Twilio. */
export interface AssetBundleEntry {
  /** The Asset's SID (ZH…). */
  assetSid: string;
  /** The version that holds the file's current content. */
  versionSid: string;
}

export interface AssetBundleOutputs extends AssetBundleInputs {
  /** By file name. */
  assets: Record<string, AssetBundleEntry>;
  /** Every file's current version (for a Build), in file-name order. */
  assetVersionSids: string[];
  /** Assets of files removed from the bundle, not deleted yet (see `AssetCleanup`). */
  retiredAssetSids: string[];
  /** Set by a refresh: the files whose Asset was gone (they are out of the bundle until the next up). */
  lostAtRefresh?: string[];
}


/**
 * Many files as one resource: an Asset and its current version in Twilio per file, compared and
 * uploaded file by file. Each file is a property of its own, `file:<name>`, so a preview names the
 * changed files. For folders of hundreds of files: far faster previews and a smaller state than a
 * resource per file.
 */
export class AssetBundle extends DynamicResource {
  static readonly __pulumiType = TYPE_TOKENS.AssetBundle;

  declare readonly serviceSid: pulumi.Output<string>;
  declare readonly assets: pulumi.Output<Record<string, AssetBundleEntry>>;
  declare readonly assetVersionSids: pulumi.Output<string[]>;
  declare readonly retiredAssetSids: pulumi.Output<string[]>;
  /**
   * Each file's current version by its path in the build (`{ "/index.html": "ZN…" }`): what a
   * Build takes from the bundle (`BuildArgs.assetBundle`). Unknown while an update is previewed.
   */
  readonly assetVersionsByPath: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: AssetBundleArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      serviceSid: args.serviceSid,
      adoptOrphans: args.adoptOrphans,
      takeOverFrom: args.takeOverFrom,
      ...fileProperties(args.files),
      ...urnProp("AssetBundle", name, opts),
      assets: undefined,
      assetVersionSids: undefined,
      retiredAssetSids: undefined,
    };
    super("AssetBundle", name, props, opts);
    // Worked out here from `assets`, which bundles of every version of this package have.
    this.assetVersionsByPath = pulumi.all([this.assets, pulumi.output(args.files)]).apply(([assets, files]) =>
      Object.fromEntries(Object.entries(files).flatMap(([file, f]) => (assets?.[file] ? [[normalizePath(f.path), assets[file].versionSid]] : []))),
    );
  }
}
