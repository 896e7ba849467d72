/**
 * A folder's files as Twilio Assets, in the two layouts that AssetFolder and ServerlessProject
 * share:
 * - `resourcePerFile: false` (the default): one AssetBundle resource holding every file, whatever
 *   their number (Pulumi's cost is per resource, bench/README.md). Its diff names the files that
 *   change; the Build takes its versions by path (`BuildArgs.assetBundle`), so the Build's diff
 *   names the paths whose version changes. The component adds an AssetCleanup after its
 *   Deployment, which deletes the Assets of removed files once the new build is live.
 * - `resourcePerFile: true`: an Asset and an AssetVersion resource per file, named
 *   `<prefix><file>`. An edited file replaces its own version, and the Build takes the versions by
 *   path.
 */
import * as pulumi from "@pulumi/pulumi";
import { Asset } from "../resources/asset";
import { AssetBundle, type AssetBundleFileArgs } from "../resources/assetBundle";
import { AssetCleanup } from "../resources/assetCleanup";
import { AssetVersion } from "../resources/assetVersion";
import type { AssetFolderEnvironmentArgs } from "./assetFolder";
import type { Deployment } from "../resources/deployment";
import { Environment } from "../resources/environment";
import type { Visibility } from "../core/limits";
import type { Release, ReleaseEntry } from "../core/release";

/** One file to publish; a folder scan's and a toolkit project's files both have these facts. */
export interface SiteAssetFile {
  /** The file's path in its folder, with forward slashes: `audio/hello.protected.mp3`. */
  file: string;
  absolutePath: string;
  /** The version's path in the build: `/audio/hello.mp3`. */
  path: string;
  visibility: Visibility;
}

export interface SiteAssetsArgs {
  serviceSid: pulumi.Input<string>;
  /** Take over what an interrupted update left (only in a Service of the stack's own). */
  adoptOrphans?: boolean;
  /**
   * The site's environment (its SID), when the Service or the environment is the stack's own: a
   * new bundle takes over the Assets of the build it serves (a site leaving the per-file layout
   * keeps its Assets and versions: `AssetBundleArgs.takeOverFrom`).
   */
  takeOverFrom?: pulumi.Input<string>;
  resourcePerFile: boolean;
  /** The per-file resources' names are `<resourcePrefix><file>`; the bundle's is `bundleName`. */
  resourcePrefix: string;
  bundleName: string;
}

export interface SiteAssets {
  /** Per-file layout: by the file's path in its folder. Empty with a bundle. */
  assets: Record<string, Asset>;
  versions: Record<string, AssetVersion>;
  bundle?: AssetBundle;
  /** For the Build: each file's version by its path (per-file layout; empty with a bundle, which the Build takes whole). */
  assetVersionsByPath: Record<string, pulumi.Input<string>>;
}

/** The Build's arguments that hold a site's files, in either layout. */
export function buildFiles(site: SiteAssets): { assetVersionsByPath?: Record<string, pulumi.Input<string>>; assetBundle?: AssetBundle } {
  return site.bundle ? { assetBundle: site.bundle } : { assetVersionsByPath: site.assetVersionsByPath };
}

/** Declares the files' Assets and versions as children of `parent`, in the layout asked for. */
export function declareSiteAssets(files: readonly SiteAssetFile[], args: SiteAssetsArgs, parent: pulumi.Resource): SiteAssets {
  const child = { parent };
  const { serviceSid, adoptOrphans } = args;
  const site: SiteAssets = { assets: {}, versions: {}, assetVersionsByPath: {} };
  if (args.resourcePerFile) {
    for (const f of files) {
      const resourceName = args.resourcePrefix + f.file;
      const asset = new Asset(resourceName, { serviceSid, friendlyName: f.path, adoptOrphans }, child);
      const version = new AssetVersion(
        resourceName,
        { serviceSid, assetSid: asset.sid, path: f.path, visibility: f.visibility, contentFile: f.absolutePath },
        child,
      );
      site.assets[f.file] = asset;
      site.versions[f.file] = version;
      site.assetVersionsByPath[f.path] = version.sid;
    }
    return site;
  }
  // No files (a project of Functions only): no bundle, as no resource per file; nothing to list or clean up.
  if (files.length === 0) return site;
  const bundleFiles: Record<string, AssetBundleFileArgs> = {};
  for (const f of files) bundleFiles[f.file] = { path: f.path, visibility: f.visibility, contentFile: f.absolutePath };
  site.bundle = new AssetBundle(args.bundleName, { serviceSid, files: bundleFiles, adoptOrphans, takeOverFrom: args.takeOverFrom }, child);
  return site;
}

/** With a bundle: the AssetCleanup that deletes removed files' Assets once `deployment` is live. */
export function cleanupAfter(
  site: SiteAssets,
  name: string,
  serviceSid: pulumi.Input<string>,
  deployment: Deployment,
  parent: pulumi.Resource,
): AssetCleanup | undefined {
  if (!site.bundle) return undefined;
  return new AssetCleanup(name, { serviceSid, assetSids: site.bundle.retiredAssetSids, after: deployment.sid }, { parent });
}

/**
 * The version SID of one of the site's files (`file`: its path in its folder), in either layout;
 * undefined while a bundle's outputs lack the file (mocks in unit tests).
 */
export function versionSidOf(site: SiteAssets, file: string): pulumi.Input<string | undefined> {
  if (site.bundle) return site.bundle.assets.apply((entries) => entries?.[file]?.versionSid);
  return site.versions[file].sid;
}

/** One entry as a component declares it: the version SID (and a Function's path) are outputs of its resources. */
export interface DeclaredEntry {
  servedPath: pulumi.Input<string>;
  visibility: pulumi.Input<Visibility>;
  size?: number;
  version: pulumi.Input<string | undefined>;
}

/** The release of a site: its build, its environment's name, its files and Functions. */
export function siteRelease(
  serviceSid: pulumi.Input<string>,
  buildSid: pulumi.Input<string>,
  environment: pulumi.Input<string>,
  files: readonly DeclaredEntry[],
  functions: readonly DeclaredEntry[],
): pulumi.Output<Release> {
  const entries = (declared: readonly DeclaredEntry[]) =>
    pulumi.all(declared.map((e) => pulumi.all([e.servedPath, e.version, e.visibility]))).apply((resolved) =>
      Object.fromEntries(
        resolved.flatMap(([servedPath, version, visibility], i): Array<[string, ReleaseEntry]> => {
          const size = declared[i].size;
          return version === undefined ? [] : [[servedPath, { version, visibility, ...(size === undefined ? {} : { size }) }]];
        }),
      ),
    );
  return pulumi
    .all([serviceSid, buildSid, environment, entries(files), entries(functions)])
    .apply(([service, build, env, fileEntries, functionEntries]) => ({
      serviceSid: service,
      buildSid: build,
      environment: env,
      files: fileEntries,
      functions: functionEntries,
    }));
}

/** A site's Environment: the one passed in, or one made from these arguments, as a child of `parent`. */
export function siteEnvironment(
  environment: Environment | AssetFolderEnvironmentArgs,
  name: string,
  serviceSid: pulumi.Input<string>,
  parent: pulumi.Resource,
): Environment {
  if (pulumi.Resource.isInstance(environment)) return environment as Environment; // isInstance narrows to Resource only
  return new Environment(name, { serviceSid, ...(environment as AssetFolderEnvironmentArgs) }, { parent });
}
