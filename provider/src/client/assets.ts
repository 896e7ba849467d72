/** Assets: `/v1/Services/{ServiceSid}/Assets` (shared shape: `containers.ts`). */
import { containerApi, type ContainerRecord } from "./containers";

export type AssetRecord = ContainerRecord;

export const assetsApi = containerApi("Assets", "assets");
export const createAsset = assetsApi.create;
export const fetchAsset = assetsApi.fetch;
export const updateAsset = assetsApi.update;
export const deleteAsset = assetsApi.remove;
export const listAssets = assetsApi.list;
