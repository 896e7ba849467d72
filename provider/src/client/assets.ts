/** Assets: `/v1/Services/{ServiceSid}/Assets`. */
import type { TwilioClient } from "./client";
import { listAll } from "./paging";

interface AssetWire {
  sid: string;
  service_sid: string;
  friendly_name: string;
  url: string;
}

export interface AssetRecord {
  sid: string;
  serviceSid: string;
  friendlyName: string;
  url: string;
}

function fromWire(w: AssetWire): AssetRecord {
  return { sid: w.sid, serviceSid: w.service_sid, friendlyName: w.friendly_name, url: w.url };
}

export const assetsPath = (serviceSid: string) => `/v1/Services/${encodeURIComponent(serviceSid)}/Assets`;
const assetPath = (serviceSid: string, sid: string) => `${assetsPath(serviceSid)}/${encodeURIComponent(sid)}`;

export async function createAsset(client: TwilioClient, serviceSid: string, friendlyName: string): Promise<AssetRecord> {
  const form = { FriendlyName: friendlyName };
  return fromWire(await client.request<AssetWire>({ method: "POST", path: assetsPath(serviceSid), form }));
}

export async function fetchAsset(client: TwilioClient, serviceSid: string, sid: string): Promise<AssetRecord> {
  return fromWire(await client.request<AssetWire>({ method: "GET", path: assetPath(serviceSid, sid) }));
}

export async function updateAsset(client: TwilioClient, serviceSid: string, sid: string, friendlyName: string): Promise<AssetRecord> {
  const form = { FriendlyName: friendlyName };
  return fromWire(await client.request<AssetWire>({ method: "POST", path: assetPath(serviceSid, sid), form }));
}

export async function deleteAsset(client: TwilioClient, serviceSid: string, sid: string): Promise<void> {
  await client.request<void>({ method: "DELETE", path: assetPath(serviceSid, sid) });
}

export async function listAssets(client: TwilioClient, serviceSid: string): Promise<AssetRecord[]> {
  return (await listAll<AssetWire>(client, assetsPath(serviceSid), "assets")).map(fromWire);
}
