/**
 * Advisory rules that look inside an asset's file: metadata in public images, and secrets in
 * assets that are served by URL. The policy reads the head of `contentFile` (recorded by the
 * provider's `check`); previews run on the machine that has the files.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configSchema, HEAD_BYTES, readSettings, Settings } from "./config";
import { baseMediaType, contentHead } from "./content";
import { imageMetadata } from "./imageMetadata";
import { messages, subject } from "./messages";
import { isKind, knownString } from "./resources";
import { secretReason } from "./secretPatterns";

const HEAD_SETTINGS: Settings<"headBytes"> = { headBytes: HEAD_BYTES };

export const assetVersionPublicImageMetadata: ResourceValidationPolicy = {
  name: "asset-version-public-image-metadata",
  description:
    "Checks that public images carry no identifying EXIF metadata (GPS coordinates above all, camera, owner, dates), " +
    "which Twilio serves as uploaded.",
  enforcementLevel: "advisory",
  configSchema: configSchema(HEAD_SETTINGS),
  validateResource: async (args, reportViolation) => {
    if (!isKind(args, "AssetVersion")) return;
    const visibility = args.props.visibility;
    const contentType = knownString(args.props, "contentType");
    if (visibility !== "public" || !contentType || !baseMediaType(contentType).startsWith("image/")) return;
    const head = await contentHead(args.props, readSettings(args, HEAD_SETTINGS).headBytes);
    const found = head && (await imageMetadata(head));
    if (!found) return;
    const gps = found.gps.length > 0;
    const tags = gps ? found.gps : found.identifying;
    reportViolation(messages.imageMetadata(subject("AssetVersion", args.name), visibility, tags, gps));
  },
};

export const assetVersionNoSecrets: ResourceValidationPolicy = {
  name: "asset-version-no-secrets",
  description:
    "Checks that public and protected assets, which are served by URL, do not look like secrets " +
    "(.env files, private keys, credential files, tokens).",
  enforcementLevel: "advisory",
  configSchema: configSchema(HEAD_SETTINGS),
  validateResource: async (args, reportViolation) => {
    if (!isKind(args, "AssetVersion")) return;
    const { visibility, path } = args.props;
    if ((visibility !== "public" && visibility !== "protected") || typeof path !== "string") return;
    const head = await contentHead(args.props, readSettings(args, HEAD_SETTINGS).headBytes);
    const reason = secretReason(path, head);
    if (reason) reportViolation(messages.looksLikeSecret(subject("AssetVersion", args.name), visibility, reason));
  },
};
