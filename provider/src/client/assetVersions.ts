/** Asset Versions: `…/Assets/{AssetSid}/Versions` (shared shape: `versions.ts`). */
import { versionApi, type VersionRecord } from "./versions";

export type AssetVersionRecord = VersionRecord;

export const assetVersionsApi = versionApi("Assets", "asset_sid", "asset_versions");
export const createAssetVersion = assetVersionsApi.create;
export const fetchAssetVersion = assetVersionsApi.fetch;
export const listAssetVersions = assetVersionsApi.list;
