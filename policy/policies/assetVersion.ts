/**
 * Rules on one AssetVersion at a time, from the inputs its `check` recorded: size, visibility,
 * path and content type are all known at preview, even on a new stack. An AssetBundle is checked
 * file by file, each file as one AssetVersion (./assetFiles.ts).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import * as mime from "mime-types";
import { INDEX_HTML_PATH, isHtmlType, isVisibility, MAX_VERSION_BYTES, MB, ROOT_ASSET_PATHS, Visibility, normalizePath } from "pulumi-twilio-serverless/limits";
import { assetFiles } from "./assetFiles";
import { configSchema, readSettings, Settings } from "./config";
import { baseMediaType, binaryKind, contentHead } from "./content";
import { messages } from "./messages";
import { knownString } from "./resources";

type SizeKey = "maxPublicBytes" | "maxProtectedBytes" | "maxPrivateBytes";

const SIZE_KEYS: Record<Visibility, SizeKey> = {
  public: "maxPublicBytes",
  protected: "maxProtectedBytes",
  private: "maxPrivateBytes",
};

const sizeSetting = (visibility: Visibility) => ({
  default: MAX_VERSION_BYTES[visibility],
  minimum: 1,
  description: `Largest ${visibility} asset version, in bytes (Twilio: ${MAX_VERSION_BYTES[visibility] / MB} MB).`,
});

const SIZE_SETTINGS: Settings<SizeKey> = {
  maxPublicBytes: sizeSetting("public"),
  maxProtectedBytes: sizeSetting("protected"),
  maxPrivateBytes: sizeSetting("private"),
};

export const assetVersionSizeLimit: ResourceValidationPolicy = {
  name: "asset-version-size-limit",
  description:
    `Checks that each asset version is no larger than Twilio accepts for its visibility ` +
    `(${MAX_VERSION_BYTES.public / MB} MB public or protected, ${MAX_VERSION_BYTES.private / MB} MB private).`,
  enforcementLevel: "mandatory",
  configSchema: configSchema(SIZE_SETTINGS),
  validateResource: (args, reportViolation) => {
    const limits = readSettings(args, SIZE_SETTINGS);
    for (const { who, props } of assetFiles(args)) {
      const { visibility, size } = props;
      if (!isVisibility(visibility) || typeof size !== "number") continue;
      const limit = limits[SIZE_KEYS[visibility]];
      if (size > limit) reportViolation(messages.versionTooLarge(who, size, limit, visibility));
    }
  },
};

/** The asset path of `props`, normalized as Twilio does, or undefined when there is none. */
function assetPath(props: Record<string, unknown>): string | undefined {
  const path = props.path;
  return typeof path === "string" ? normalizePath(path) : undefined;
}

export const assetVersionRootPublic: ResourceValidationPolicy = {
  name: "asset-version-root-public",
  description: `Checks that an asset version at a root path (${ROOT_ASSET_PATHS.join(" or ")}) is public, the only visibility Twilio serves there.`,
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    for (const { who, props } of assetFiles(args)) {
      const path = assetPath(props);
      if (path === undefined || !(ROOT_ASSET_PATHS as readonly string[]).includes(path)) continue;
      const visibility = props.visibility;
      if (visibility !== "public") reportViolation(messages.rootNotPublic(who, path, String(visibility)));
    }
  },
};

/** The media type that a file's name implies, if its extension is a known one. */
function fileType(file: string | undefined): string | undefined {
  return (file && mime.lookup(file)) || undefined;
}

/** Enough of a file to recognise a binary format by its signature. */
const SNIFF_BYTES = 512;

/** What a version's content is ("image/png", "a JPEG image") when it is not HTML; undefined when it may be. */
async function notHtml(props: Record<string, unknown>): Promise<string | undefined> {
  // The provider types content by its URL path first, so this path always reads as HTML: the
  // file's own name and its first bytes tell more.
  const found = [knownString(props, "contentType"), fileType(knownString(props, "contentFile"))]
    .map((type) => type && baseMediaType(type))
    .find((type) => type !== undefined && !isHtmlType(type));
  if (found !== undefined) return found;
  const head = await contentHead(props, SNIFF_BYTES);
  return head && binaryKind(head);
}

export const assetVersionRootIndexHtml: ResourceValidationPolicy = {
  name: "asset-version-root-index-html",
  description: `Checks that an asset version at ${INDEX_HTML_PATH} is HTML, the only content Twilio serves from that path.`,
  enforcementLevel: "mandatory",
  validateResource: async (args, reportViolation) => {
    // Only the file at this one path is read (a bundle's paths are unique), however big the bundle.
    for (const { who, props } of assetFiles(args)) {
      const path = assetPath(props);
      if (path !== INDEX_HTML_PATH) continue;
      const found = await notHtml(props);
      if (found) reportViolation(messages.indexNotHtml(who, path, found));
    }
  },
};
