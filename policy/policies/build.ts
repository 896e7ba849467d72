/**
 * Rules on what one Build includes. A Build names its versions by SID, unknown at preview on a
 * new stack, so these are stack policies: the versions are the Build's propertyDependencies
 * (`assetVersions`, `assetVersionsByPath`, `functionVersions`), whose own inputs give their visibility and path. An
 * AssetBundle among them counts as its files, each one asset version in the Build.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { LIMITS, normalizePath } from "pulumi-twilio-serverless/limits";
import type { ResourceKind } from "pulumi-twilio-serverless/tokens";
import { bundleFiles, type VersionFile, versionFile } from "./assetFiles";
import { configSchema, readSettings, Setting, Settings } from "./config";
import { externalSubject, messages, subject } from "./messages";
import { BUILD_ASSET_VERSIONS, knownString, StackView } from "./resources";

const who = (r: PolicyResource, kind: ResourceKind) => subject(kind, r.name);

/** The asset versions a Build includes, as resources of the stack. */
function assetVersionsOf(view: StackView, build: PolicyResource): PolicyResource[] {
  return view.referenced(build, BUILD_ASSET_VERSIONS, "AssetVersion").resources;
}

/** Every asset version a Build includes: its AssetVersions, and each file of its AssetBundles. */
function assetFilesOf(view: StackView, build: PolicyResource): VersionFile[] {
  return [
    ...assetVersionsOf(view, build).map((r) => versionFile("AssetVersion", r)),
    ...view.referenced(build, BUILD_ASSET_VERSIONS, "AssetBundle").resources.flatMap(bundleFiles),
  ];
}

/** The function versions a Build includes: resources of the stack, and SIDs from outside it. */
function functionVersionsOf(view: StackView, build: PolicyResource) {
  return view.referenced(build, "functionVersions", "FunctionVersion");
}

function visibilityIn(versions: VersionFile[], visibilities: string[]): number {
  return versions.filter((v) => visibilities.includes(knownString(v.props, "visibility") ?? "")).length;
}

/** A stack policy that counts something per Build against one setting. */
function buildCountLimit<K extends string>(spec: {
  name: string;
  description: string;
  key: K;
  setting: Setting;
  /** What is counted, in the message ("private asset versions"). */
  what: string;
  count: (view: StackView, build: PolicyResource) => number;
}): StackValidationPolicy {
  const settings = { [spec.key]: spec.setting } as Settings<K>;
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: "mandatory",
    configSchema: configSchema(settings),
    validateStack: (args, reportViolation) => {
      const limit = readSettings(args, settings)[spec.key];
      const view = new StackView(args.resources);
      for (const build of view.ofKind("Build")) {
        const count = spec.count(view, build);
        if (count > limit) reportViolation(messages.buildTooManyVersions(who(build, "Build"), count, spec.what, limit), build.urn);
      }
    },
  };
}

const perBuild = (limit: number, what: string): Setting => ({
  default: limit,
  description: `Most ${what} in one Build (Twilio: ${limit.toLocaleString("en-US")}).`,
});

export const buildPublicAssetVersionLimit = buildCountLimit({
  name: "build-public-asset-version-limit",
  description: "Checks that no Build includes more public and protected asset versions than Twilio allows.",
  key: "maxPublicAssetVersions",
  setting: perBuild(LIMITS.publicAssetVersionsPerBuild, "public and protected asset versions"),
  what: "public and protected asset versions",
  count: (view, build) => visibilityIn(assetFilesOf(view, build), ["public", "protected"]),
});

export const buildPrivateAssetVersionLimit = buildCountLimit({
  name: "build-private-asset-version-limit",
  description: "Checks that no Build includes more private asset versions than Twilio allows.",
  key: "maxPrivateAssetVersions",
  setting: perBuild(LIMITS.privateAssetVersionsPerBuild, "private asset versions"),
  what: "private asset versions",
  count: (view, build) => visibilityIn(assetFilesOf(view, build), ["private"]),
});

export const buildFunctionVersionLimit = buildCountLimit({
  name: "build-function-version-limit",
  description: "Checks that no Build includes more function versions than Twilio allows.",
  key: "maxFunctionVersions",
  setting: perBuild(LIMITS.functionVersionsPerBuild, "function versions"),
  what: "function versions",
  count: (view, build) => {
    const { resources, external } = functionVersionsOf(view, build);
    return resources.length + external.length;
  },
});

/** Groups `items` by `key`, leaving out the items whose key is undefined. */
function groupBy<T>(items: T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

export const buildUniquePaths: StackValidationPolicy = {
  name: "build-unique-paths",
  description: "Checks that no two versions in one Build, asset or function, have the same path.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const view = new StackView(args.resources);
    for (const build of view.ofKind("Build")) {
      const versions = [
        ...assetFilesOf(view, build),
        ...functionVersionsOf(view, build).resources.map((r) => versionFile("FunctionVersion", r)),
      ];
      const byPath = groupBy(versions, ({ props }) => {
        const path = knownString(props, "path");
        return path === undefined ? undefined : normalizePath(path);
      });
      for (const [path, same] of byPath) {
        if (same.length < 2) continue;
        const labels = same.map((v) => v.who).sort();
        reportViolation(messages.buildDuplicatePath(who(build, "Build"), path, labels), build.urn);
      }
    }
  },
};

export const buildOneVersionPerAsset: StackValidationPolicy = {
  name: "build-one-version-per-asset",
  description: "Checks that no Build includes two versions of the same Asset, which Twilio refuses.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const view = new StackView(args.resources);
    for (const build of view.ofKind("Build")) {
      // AssetBundles are left out: each of their files has an Asset of its own, made by the bundle,
      // and the Build lists one version of it.
      // Keyed by the Asset's URN (or its SID, for an Asset made outside the stack).
      const assetLabels = new Map<string, string>();
      const byAsset = groupBy(assetVersionsOf(view, build), (version) => {
        const { resources, external } = view.referenced(version, "assetSid", "Asset");
        if (resources.length > 0) {
          assetLabels.set(resources[0].urn, who(resources[0], "Asset"));
          return resources[0].urn;
        }
        if (external.length === 0) return undefined;
        assetLabels.set(external[0], externalSubject("Asset", external[0]));
        return external[0];
      });
      for (const [asset, versions] of byAsset) {
        if (versions.length < 2) continue;
        const labels = versions.map((v) => who(v, "AssetVersion")).sort();
        reportViolation(messages.buildDuplicateAsset(who(build, "Build"), assetLabels.get(asset) ?? asset, labels), build.urn);
      }
    }
  },
};
