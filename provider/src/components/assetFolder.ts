/**
 * AssetFolder: a directory becomes a deployed Twilio site.
 *
 * Each published file (see `folder.ts` for which ones, at which path, with which visibility)
 * becomes one Asset and one AssetVersion, both named `<component name>/<path in the folder>`, so
 * Pulumi tracks every file on its own: an edited file replaces its AssetVersion only (the
 * AssetVersion's `check` hashes the file, streaming, and an unchanged hash is never uploaded
 * again), an added file adds an Asset and an AssetVersion, a renamed one is a removal plus an
 * addition. All versions (plus any extra asset or function versions) go into one Build, the files'
 * by path (`assetVersionsByPath`, so the Build's diff names the files whose version changed),
 * deployed to the Environment by one Deployment.
 *
 * A removed file's Asset and AssetVersion, like the replaced Build and Deployment, are deleted by
 * Pulumi at the end of the update, after the new Deployment is live, in reverse dependency order
 * (old Deployment, old Build, AssetVersion, Asset): the environment never serves a build that
 * lacks a file its pages still name while the update runs.
 *
 * With `resourcePerFile: false` the files are one `AssetBundle` resource instead (the same Assets
 * and versions in Twilio, compared and uploaded file by file), and an `AssetCleanup` after the
 * Deployment deletes the Assets of removed files. Pulumi's cost is per resource, so this is the
 * choice for big folders: a 1,000-file folder is 5 resources instead of 2,006 (bench/README.md).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Asset } from "../resources/asset";
import type { AssetBundle } from "../resources/assetBundle";
import type { AssetCleanup } from "../resources/assetCleanup";
import type { AssetVersion } from "../resources/assetVersion";
import { Build } from "../resources/build";
import { BuildCleanup } from "../resources/buildCleanup";
import { DeclarationError, declaring } from "./declarationError";
import { Deployment } from "../resources/deployment";
import type { Environment } from "../resources/environment";
import { FunctionVersion } from "../resources/functionVersion";
import { type FolderFile, type FolderOptions, scanFolder } from "./folder";
import { folderMessages } from "../core/messages";
import { LIMITS, type Runtime, type Visibility } from "../core/limits";
import type { ServiceResource } from "../resources/service";
import type { Release } from "../core/release";
import { cleanupAfter, declareSiteAssets, siteEnvironment, siteRelease, versionSidOf } from "./siteAssets";
import { ASSET_FOLDER_TOKEN } from "../core/kinds";

export { DEFAULT_EXCLUDES, type FolderFile, type FolderOptions, parseMarker, type RootPath, scanFolder } from "./folder";


/**
 * From this many files, a folder left in the default layout gets an info line pointing to
 * `resourcePerFile: false`: 500 files are 1,000 resources, a preview of about 7 s on 2 cores.
 */
export const LARGE_FOLDER_FILES = 500;

/**
 * A version SID, or a version resource (AssetVersion, FunctionVersion) whose `sid` is used. A
 * FunctionVersion resource is also listed, by its path, in the site's `release`.
 */
export type VersionRef = pulumi.Input<string> | { readonly sid: pulumi.Output<string> };

/** What the component needs to create its own Environment. */
export interface AssetFolderEnvironmentArgs {
  /** At most 100 characters, unique within the service. */
  uniqueName: pulumi.Input<string>;
  /** Letters, digits and dashes, at most 16. Omit for the service's short domain. */
  domainSuffix?: pulumi.Input<string>;
  /** An existing Environment with this uniqueName and domainSuffix to take over (see `Environment`'s `adoptSid`). */
  adoptSid?: pulumi.Input<string>;
}

export interface AssetFolderArgs extends FolderOptions {
  /** The Service: a `Service` resource or its SID (ZS…). */
  service: ServiceResource | pulumi.Input<string>;
  /** Where to deploy: an `Environment` resource, or the arguments of one that the component creates. */
  environment: Environment | AssetFolderEnvironmentArgs;
  /** The folder to publish (relative to the program's working directory, or absolute). */
  dir: string;
  /** More asset versions for the build (e.g. made with `AssetVersion` directly). */
  assetVersions?: VersionRef[];
  /** Function versions for the build. */
  functionVersions?: VersionRef[];
  /** The build's npm dependencies, e.g. `{ lodash: "4.17.21" }`. */
  dependencies?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The build's runtime, e.g. `node22`. Default: Twilio's. */
  runtime?: pulumi.Input<Runtime>;
  /**
   * `true` (the default): an Asset and an AssetVersion resource per file, each in Pulumi's state
   * and plan by its own name. `false`: all files in one `AssetBundle` resource, whose diff lists
   * the changed files: far faster commands and a smaller state for folders of hundreds of files.
   * Switching recreates the site's Assets.
   */
  resourcePerFile?: boolean;
}

/** One entry of `files`: where a served path is, and who may fetch it. */
export interface ServedFile {
  /** `https://{domain}{servedPath}` (`https://{domain}/` for the root page). */
  url: string;
  /** Who may fetch it: `public` (anyone), `protected` (requests with a valid X-Twilio-Signature) or `private` (never served, only packaged with the build). */
  visibility: Visibility;
  /** The file's path in the folder, e.g. `audio/hello.protected.mp3`. */
  file: string;
}

function sidOf(ref: VersionRef | ServiceResource): pulumi.Input<string> {
  if (typeof ref === "string" || pulumi.Output.isInstance(ref) || ref instanceof Promise) return ref;
  return (ref as { sid: pulumi.Output<string> }).sid;
}

/**
 * A directory becomes a deployed Twilio site: an Asset and AssetVersion per file (or one
 * AssetBundle), one Build and one Deployment to the site's Environment. Twilio's
 * `.protected`/`.private` file-name markers set each file's visibility, and `rootPage` serves a
 * page at `/`. An edited file previews and uploads as exactly that file.
 */
export class AssetFolder extends pulumi.ComponentResource {
  static readonly __pulumiType = ASSET_FOLDER_TOKEN;

  /** The published files, as scanned at program time, sorted by their path in the folder. */
  readonly folderFiles: FolderFile[];
  /** The Environment the site is deployed to: the one the component made, or the one it was given. */
  readonly environment: Environment;
  /** By the file's path in the folder. */
  readonly assets: Record<string, Asset>;
  /** By the file's path in the folder. */
  readonly versions: Record<string, AssetVersion>;
  /** With `resourcePerFile: false`: the resource holding every file, and the one deleting removed files' Assets. */
  readonly bundle?: AssetBundle;
  /** With `resourcePerFile: false`: deletes removed files' Assets once the new Deployment is live. */
  readonly cleanup?: AssetCleanup;
  /** The Build of the site's files (and of any extra versions). */
  readonly build: Build;
  /** The Deployment of the build to the environment. */
  readonly deployment: Deployment;
  /** Deletes the builds this site let go of while another environment served them, once none does. */
  readonly buildCleanup: BuildCleanup;
  /**
   * The build this site made and deployed, with what it serves: export it, and a `Promotion` in
   * another stack deploys that same build to its own environment (README "Promote a tested build").
   */
  readonly release: pulumi.Output<Release>;
  /** The environment's URL, `https://{domain}`. */
  readonly url: pulumi.Output<string>;
  /** The environment's domain, `{domainBase}[-{domainSuffix}].twil.io`. */
  readonly domainName: pulumi.Output<string>;
  /** Served path (`/`, `/logo.png`, …) → its URL and visibility; private files are listed but never served. */
  readonly files: pulumi.Output<Record<string, ServedFile>>;

  constructor(name: string, args: AssetFolderArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ASSET_FOLDER_TOKEN, name, {}, opts);
    const child = { parent: this };
    const functionVersions = args.functionVersions ?? [];
    this.folderFiles = declaring(this, () => {
      if (functionVersions.length > LIMITS.functionVersionsPerBuild) {
        throw new DeclarationError(
          folderMessages.problems(name, [folderMessages.tooManyFunctionVersions(functionVersions.length, LIMITS.functionVersionsPerBuild)]),
        );
      }
      return scanFolder(args.dir, args, name);
    });
    const serviceSid = sidOf(args.service);
    // What an interrupted update left may be taken over only in a Service of the stack's own.
    const adoptOrphans = pulumi.CustomResource.isInstance(args.service) ? true : undefined;

    this.environment = siteEnvironment(args.environment, name, serviceSid, this);

    const resourcePerFile = args.resourcePerFile ?? true;
    if (args.resourcePerFile === undefined && this.folderFiles.length >= LARGE_FOLDER_FILES) {
      void pulumi.log.info(folderMessages.largeFolder(name, this.folderFiles.length, 2 * this.folderFiles.length), this);
    }
    const site = declareSiteAssets(this.folderFiles, { serviceSid, adoptOrphans, resourcePerFile, resourcePrefix: `${name}/`, bundleName: name }, this);
    this.assets = site.assets;
    this.versions = site.versions;
    this.bundle = site.bundle;
    const extraVersions = (args.assetVersions ?? []).map(sidOf);

    this.build = new Build(
      name,
      {
        serviceSid,
        assetVersions: site.bundle
          ? pulumi.all([site.bundle.assetVersionSids, extraVersions]).apply(([files, extra]) => [...files, ...extra])
          : extraVersions,
        assetVersionsByPath: site.assetVersionsByPath,
        functionVersions: functionVersions.map(sidOf),
        dependencies: args.dependencies,
        runtime: args.runtime,
      },
      child,
    );
    this.deployment = new Deployment(name, { serviceSid, environmentSid: this.environment.sid, buildSid: this.build.sid }, child);
    this.cleanup = cleanupAfter(site, name, serviceSid, this.deployment, this);
    this.buildCleanup = new BuildCleanup(name, { serviceSid, environmentSid: this.environment.sid, buildSid: this.build.sid }, child);
    this.release = siteRelease(
      serviceSid,
      this.deployment.buildSid,
      this.environment.uniqueName,
      this.folderFiles.map((f) => ({ servedPath: f.servedPath, visibility: f.visibility, size: f.size, version: versionSidOf(site, f.file) })),
      functionVersions.flatMap((ref) => (ref instanceof FunctionVersion ? [{ servedPath: ref.path, visibility: ref.visibility, version: ref.sid }] : [])),
    );

    this.url = this.environment.url;
    this.domainName = this.environment.domainName;
    const served = this.folderFiles.map((f) => [f.servedPath, { visibility: f.visibility, file: f.file }] as const);
    // Known once the deployment is: the URLs are only worth printing when they serve.
    this.files = pulumi.all([this.environment.url, this.deployment.sid]).apply(([url]) =>
      Object.fromEntries(served.map(([path, f]) => [path, { url: url + path, ...f }])),
    );
    this.registerOutputs({ url: this.url, domainName: this.domainName, files: this.files, release: this.release });
  }
}
