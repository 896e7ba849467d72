/**
 * Asset Versions: created by a multipart POST to the upload host
 * (`serverless-upload.twilio.com/v1/Services/{ServiceSid}/Assets/{AssetSid}/Versions`, fields
 * Path, Visibility and the Content file); read from the API host. There is no update or delete.
 */
import type { TwilioClient, UploadPart } from "./client";
import { listAll } from "./paging";

interface AssetVersionWire {
  sid: string;
  service_sid: string;
  asset_sid: string;
  path: string;
  visibility: string;
  url: string;
}

export interface AssetVersionRecord {
  sid: string;
  serviceSid: string;
  assetSid: string;
  path: string;
  visibility: string;
  url: string;
}

function fromWire(w: AssetVersionWire): AssetVersionRecord {
  return {
    sid: w.sid,
    serviceSid: w.service_sid,
    assetSid: w.asset_sid,
    path: w.path,
    visibility: w.visibility,
    url: w.url,
  };
}

const versionsPath = (serviceSid: string, assetSid: string) =>
  `/v1/Services/${encodeURIComponent(serviceSid)}/Assets/${encodeURIComponent(assetSid)}/Versions`;

/** `content.field` is ignored: Twilio's part name is always `Content`. */
export async function createAssetVersion(
  client: TwilioClient,
  serviceSid: string,
  assetSid: string,
  path: string,
  visibility: string,
  content: UploadPart,
): Promise<AssetVersionRecord> {
  const fields = { Path: path, Visibility: visibility };
  const wire = await client.upload<AssetVersionWire>(versionsPath(serviceSid, assetSid), fields, { ...content, field: "Content" });
  return fromWire(wire);
}

export async function fetchAssetVersion(
  client: TwilioClient,
  serviceSid: string,
  assetSid: string,
  sid: string,
): Promise<AssetVersionRecord> {
  const path = `${versionsPath(serviceSid, assetSid)}/${encodeURIComponent(sid)}`;
  return fromWire(await client.request<AssetVersionWire>({ method: "GET", path }));
}

export async function listAssetVersions(client: TwilioClient, serviceSid: string, assetSid: string): Promise<AssetVersionRecord[]> {
  return (await listAll<AssetVersionWire>(client, versionsPath(serviceSid, assetSid), "asset_versions")).map(fromWire);
}
