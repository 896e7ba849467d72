/**
 * AssetFolder: a directory becomes a deployed Twilio site.
 *
 * The published files (see `folder.ts` for which ones, at which path, with which visibility) are
 * one `AssetBundle` resource by default: one Asset and one AssetVersion per file in Twilio, each
 * file compared by path, visibility and SHA-256 (hashed by the bundle's `check`, streaming) and
 * uploaded only when it changed. The bundle's preview names the files that change; all versions
 * (plus any extra asset or function versions) go into one Build, the files' by path (so the
 * Build's diff names the paths whose version changed), deployed to the Environment by one
 * Deployment. An `AssetCleanup` after the Deployment deletes the Assets of removed files once the
 * new build is live: the environment never serves a build that lacks a file its pages still name
 * while the update runs. Pulumi's cost is per resource, so a folder of 1 or 1,000 files is the
 * same handful of resources (bench/README.md).
 *
 * With `resourcePerFile: true` each file is an Asset and an AssetVersion resource instead, both
 * named `<component name>/<path in the folder>`: an edited file replaces its AssetVersion only, a
 * removed file's resources are deleted by Pulumi at the end of the update (old Deployment, old
 * Build, AssetVersion, Asset). A stack moving between the layouts keeps its Assets and versions
 * (`AssetBundle`'s takeover, handlers/assetBundle.ts).
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
import { buildFiles, cleanupAfter, declareSiteAssets, siteEnvironment, siteRelease, versionSidOf } from "./siteAssets";
import { ASSET_FOLDER_TOKEN } from "../core/kinds";

export { DEFAULT_EXCLUDES, type FolderFile, type FolderOptions, parseMarker, type RootPath, scanFolder } from "./folder";


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
   * `false` (the default): all files in one `AssetBundle` resource, whose preview names the files
   * that change, whatever their number. `true`: an Asset and an AssetVersion resource per file,
   * each in Pulumi's state and plan by its own name (`pulumi state`, `--target` per file), at
   * Pulumi's cost per resource (minutes for a first deploy of 1,000 files with a file backend).
   * Switching keeps the site's Assets and uploads nothing that is already there.
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
    // The live build's Assets are the site's when the environment or the Service is the stack's own.
    // By the environment's SID: known once the stack has it, so the bundle never takes over from an
    // environment of the same name that another stack or tool made (its create fails first).
    const ownEnvironment = !pulumi.Resource.isInstance(args.environment);
    const takeOverFrom = ownEnvironment || adoptOrphans ? this.environment.sid : undefined;

    const site = declareSiteAssets(
      this.folderFiles,
      { serviceSid, adoptOrphans, takeOverFrom, resourcePerFile: args.resourcePerFile ?? false, resourcePrefix: `${name}/`, bundleName: name },
      this,
    );
    this.assets = site.assets;
    this.versions = site.versions;
    this.bundle = site.bundle;
    const extraVersions = (args.assetVersions ?? []).map(sidOf);

    this.build = new Build(
      name,
      {
        serviceSid,
        assetVersions: extraVersions,
        ...buildFiles(site),
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
