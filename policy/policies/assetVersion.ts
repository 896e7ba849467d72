/**
 * Rules on one AssetVersion at a time, from the inputs its `check` recorded: size, visibility,
 * path and content type are all known at preview, even on a new stack.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import * as mime from "mime-types";
import { INDEX_HTML_PATH, isHtmlType, isVisibility, MAX_VERSION_BYTES, MB, ROOT_ASSET_PATHS, Visibility, normalizePath } from "../../provider/src/limits";
import { configSchema, readSettings, Settings } from "./config";
import { baseMediaType, binaryKind, contentHead } from "./content";
import { messages, subject } from "./messages";
import { isKind, knownString } from "./resources";

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
    if (!isKind(args, "AssetVersion")) return;
    const { visibility, size } = args.props;
    if (!isVisibility(visibility) || typeof size !== "number") return;
    const limit = readSettings(args, SIZE_SETTINGS)[SIZE_KEYS[visibility]];
    if (size > limit) {
      reportViolation(messages.versionTooLarge(subject("AssetVersion", args.name), size, limit, visibility));
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
    if (!isKind(args, "AssetVersion")) return;
    const path = assetPath(args.props);
    if (path === undefined || !(ROOT_ASSET_PATHS as readonly string[]).includes(path)) return;
    const visibility = args.props.visibility;
    if (visibility !== "public") {
      reportViolation(messages.rootNotPublic(subject("AssetVersion", args.name), path, String(visibility)));
    }
  },
};

/** The media type that a file's name implies, if its extension is a known one. */
function fileType(file: string | undefined): string | undefined {
  return (file && mime.lookup(file)) || undefined;
}

/** Enough of a file to recognise a binary format by its signature. */
const SNIFF_BYTES = 512;

export const assetVersionRootIndexHtml: ResourceValidationPolicy = {
  name: "asset-version-root-index-html",
  description: `Checks that an asset version at ${INDEX_HTML_PATH} is HTML, the only content Twilio serves from that path.`,
  enforcementLevel: "mandatory",
  validateResource: async (args, reportViolation) => {
    if (!isKind(args, "AssetVersion")) return;
    const path = assetPath(args.props);
    if (path !== INDEX_HTML_PATH) return;
    // The provider types content by its URL path first, so this path always reads as HTML: the
    // file's own name and its first bytes tell more.
    let found = [knownString(args.props, "contentType"), fileType(knownString(args.props, "contentFile"))]
      .map((type) => type && baseMediaType(type))
      .find((type) => type !== undefined && !isHtmlType(type));
    if (found === undefined) {
      const head = await contentHead(args.props, SNIFF_BYTES);
      found = head && binaryKind(head);
    }
    if (found) reportViolation(messages.indexNotHtml(subject("AssetVersion", args.name), path, found));
  },
};
