/**
 * The asset versions a rule checks, whatever resource holds them: an AssetVersion is one, an
 * AssetBundle holds one per file. A bundle's `check` records each file with the same fields as an
 * AssetVersion's (`path`, `visibility`, `size`, `contentType`, `contentFile`), so the asset rules
 * read a file's props as they read an AssetVersion's, and only the name in their messages differs.
 */
import type { PolicyResource } from "@pulumi/policy";
import { FILE_PROPERTY_PREFIX } from "pulumi-twilio-serverless/tokens";
import type { ResourceKind } from "pulumi-twilio-serverless/tokens";
import { bundleFileSubject, subject } from "./messages";
import { isKind, knownValue } from "./resources";

type Props = Record<string, unknown>;

/** One version to check: how messages name it, and its props (still behind the SDK's proxy). */
export interface VersionFile {
  who: string;
  props: Props;
}

/** A resource that holds a single version (AssetVersion, FunctionVersion). */
export function versionFile(kind: ResourceKind, resource: { name: string; props: Props }): VersionFile {
  return { who: subject(kind, resource.name), props: resource.props };
}

/** How a rule reads a prop that may be unknown: throwing (resource rules) or as undefined (stack rules). */
type Read = (props: Props, key: string) => unknown;

/**
 * The files of a bundle, each held in a property of its own (`file:img/a.png`, see
 * provider/src/assetBundle.ts), in the order they are given; an entry that is not an object is left out.
 */
function filesIn(bundle: { name: string; props: Props }, read: Read): VersionFile[] {
  // Keys come from the target (the proxy has no trap for them); each entry is read through it.
  return Object.keys(bundle.props).flatMap((key) => {
    if (!key.startsWith(FILE_PROPERTY_PREFIX)) return [];
    const file = read(bundle.props, key);
    const name = key.slice(FILE_PROPERTY_PREFIX.length);
    return typeof file === "object" && file !== null ? [{ who: bundleFileSubject(bundle.name, name), props: file as Props }] : [];
  });
}

/**
 * For resource rules: the asset versions of an AssetVersion or an AssetBundle, none for other kinds.
 * A bundle whose files are unknown throws `UnknownValueError`, so that the engine reports the rule
 * cannot run at preview, as it does for an AssetVersion whose size is unknown.
 */
export function assetFiles(args: { type: string; name: string; props: Props }): VersionFile[] {
  if (isKind(args, "AssetVersion")) return [versionFile("AssetVersion", args)];
  if (isKind(args, "AssetBundle")) return filesIn(args, (props, key) => props[key]);
  return [];
}

/**
 * For stack rules: the files of a bundle, leaving out those that are unknown (a stack rule judges
 * every Build at once, and one unknown bundle must not stop it for the others).
 */
export function bundleFiles(bundle: PolicyResource): VersionFile[] {
  return filesIn(bundle, knownValue);
}
