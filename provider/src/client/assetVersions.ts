/** Asset Versions: `…/Assets/{AssetSid}/Versions` (shared shape: `versions.ts`). */
import { versionApi } from "./versions";

export const assetVersionsApi = versionApi("Assets", "asset_sid");
