/** Asset: the handler shared with Function (`container.ts`); the resource class is in `../asset.ts`. */
import { assetsApi } from "../client/assets";
import { assetVersionsApi } from "../client/assetVersions";
import { containerHandler } from "./container";

export const assetHandler = containerHandler("Asset", assetsApi, assetVersionsApi);
