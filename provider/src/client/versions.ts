/**
 * Asset Versions and Function Versions have the same shape: created by a multipart POST to the
 * upload host (`serverless-upload.twilio.com/v1/Services/{ServiceSid}/{Assets|Functions}/{Sid}/Versions`,
 * fields Path, Visibility and the Content file), read from the API host, never updated or deleted.
 * `assetVersions.ts` and `functionVersions.ts` bind this to their collection.
 */
import type { TwilioClient, UploadPart } from "./client";

type VersionWire = {
  sid: string;
  service_sid: string;
  path: string;
  visibility: string;
  url: string;
} & Record<string, unknown>;

export interface VersionRecord {
  sid: string;
  serviceSid: string;
  /** The Asset or Function SID. */
  parentSid: string;
  path: string;
  visibility: string;
  url: string;
}

export interface VersionApi {
  /** `content.field` is ignored: Twilio's part name is always `Content`. */
  create(
    client: TwilioClient,
    serviceSid: string,
    parentSid: string,
    path: string,
    visibility: string,
    content: UploadPart,
  ): Promise<VersionRecord>;
  fetch(client: TwilioClient, serviceSid: string, parentSid: string, sid: string): Promise<VersionRecord>;
}

export function versionApi(collection: "Assets" | "Functions", parentField: string): VersionApi {
  const versionsPath = (serviceSid: string, parentSid: string) =>
    `/v1/Services/${encodeURIComponent(serviceSid)}/${collection}/${encodeURIComponent(parentSid)}/Versions`;
  const fromWire = (w: VersionWire): VersionRecord => ({
    sid: w.sid,
    serviceSid: w.service_sid,
    parentSid: String(w[parentField]),
    path: w.path,
    visibility: w.visibility,
    url: w.url,
  });
  return {
    async create(client, serviceSid, parentSid, path, visibility, content) {
      const fields = { Path: path, Visibility: visibility };
      return fromWire(await client.upload<VersionWire>(versionsPath(serviceSid, parentSid), fields, { ...content, field: "Content" }));
    },
    async fetch(client, serviceSid, parentSid, sid) {
      const path = `${versionsPath(serviceSid, parentSid)}/${encodeURIComponent(sid)}`;
      return fromWire(await client.request<VersionWire>({ method: "GET", path }));
    },
  };
}
