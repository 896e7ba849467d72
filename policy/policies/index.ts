/** Every rule of the pack, in the order the README lists them. */
import type { Policies } from "@pulumi/policy";
import { assetVersionNoSecrets, assetVersionPublicImageMetadata } from "./assetContent";
import { assetVersionRootIndexHtml, assetVersionRootPublic, assetVersionSizeLimit } from "./assetVersion";
import {
  buildFunctionVersionLimit,
  buildOneVersionPerAsset,
  buildPrivateAssetVersionLimit,
  buildPublicAssetVersionLimit,
  buildUniquePaths,
} from "./build";
import { serviceEnvironmentLimit } from "./environment";
import { versionPathValid } from "./paths";
import { buildServedByDeployment, versionIncludedInBuild } from "./retention";
import { serviceCountLimit } from "./service";

export const policies: Policies = [
  // mandatory
  assetVersionSizeLimit,
  buildPublicAssetVersionLimit,
  buildPrivateAssetVersionLimit,
  buildFunctionVersionLimit,
  buildUniquePaths,
  buildOneVersionPerAsset,
  serviceEnvironmentLimit,
  serviceCountLimit,
  versionPathValid,
  assetVersionRootPublic,
  assetVersionRootIndexHtml,
  // advisory
  assetVersionPublicImageMetadata,
  assetVersionNoSecrets,
  versionIncludedInBuild,
  buildServedByDeployment,
];
