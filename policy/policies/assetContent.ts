/**
 * Advisory rules that look inside an asset's file: metadata in public images, and secrets in
 * assets that are served by URL. The policy reads the head of `contentFile` (recorded by the
 * provider's `check`); previews run on the machine that has the files. An AssetBundle's files are
 * read one after the other: one head in memory and one file open at a time, whatever its size.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { assetFiles } from "./assetFiles";
import { configSchema, HEAD_BYTES, readSettings, Settings } from "./config";
import { baseMediaType, contentHead } from "./content";
import { imageMetadata } from "./imageMetadata";
import { messages } from "./messages";
import { knownString } from "./resources";
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
    const { headBytes } = readSettings(args, HEAD_SETTINGS);
    for (const { who, props } of assetFiles(args)) {
      const visibility = props.visibility;
      const contentType = knownString(props, "contentType");
      if (visibility !== "public" || !contentType || !baseMediaType(contentType).startsWith("image/")) continue;
      const head = await contentHead(props, headBytes);
      const found = head && (await imageMetadata(head));
      if (!found) continue;
      const gps = found.gps.length > 0;
      const tags = gps ? found.gps : found.identifying;
      reportViolation(messages.imageMetadata(who, visibility, tags, gps));
    }
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
    const { headBytes } = readSettings(args, HEAD_SETTINGS);
    for (const { who, props } of assetFiles(args)) {
      const { visibility, path } = props;
      if ((visibility !== "public" && visibility !== "protected") || typeof path !== "string") continue;
      const head = await contentHead(props, headBytes);
      const reason = secretReason(path, head);
      if (reason) reportViolation(messages.looksLikeSecret(who, visibility, reason));
    }
  },
};
