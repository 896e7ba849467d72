/** AssetVersion: the handler shared with FunctionVersion (`version.ts`); the class is in `../assetVersion.ts`. */
import { assetVersionsApi } from "../client/assetVersions";
import { versionHandler } from "./version";

export const assetVersionHandler = versionHandler({
  kind: "AssetVersion",
  parentField: "assetSid",
  parentLabel: "Asset",
  api: assetVersionsApi,
  defaultContentType: "application/octet-stream",
});
