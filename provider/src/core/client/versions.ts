/**
 * Asset Versions and Function Versions have the same shape: created by a multipart POST to the
 * upload host (`serverless-upload.twilio.com/v1/Services/{ServiceSid}/{Assets|Functions}/{Sid}/Versions`,
 * fields Path, Visibility and the Content file), read from the API host, never updated or deleted.
 * One implementation, bound to each collection at the end of this file (`assetVersionsApi`,
 * `functionVersionsApi`), with `…/Functions/{FunctionSid}/Versions/{Sid}/Content`, which returns a
 * Function Version's uploaded source.
 */
import type { Visibility } from "../limits";
import type { TwilioClient, UploadPart } from "./client";
import { listAll, newestFirst } from "./paging";

type VersionWire = {
  sid: string;
  service_sid: string;
  path: string;
  visibility: Visibility;
  date_created: string;
  url: string;
} & Record<string, unknown>;

export interface VersionRecord {
  sid: string;
  serviceSid: string;
  /** The Asset or Function SID. */
  parentSid: string;
  path: string;
  visibility: Visibility;
  url: string;
}

export interface VersionApi {
  /**
   * Uploads a version (`content.field` is ignored: Twilio's part name is always `Content`). After
   * a failure that may have been applied, a version at this path with this visibility for which
   * `isNew(sid)` holds (one the Asset or Function did not have before) is the one that try made,
   * and it is the answer: only the caller knows which versions were there before.
   */
  create(
    client: TwilioClient,
    serviceSid: string,
    parentSid: string,
    path: string,
    visibility: string,
    content: UploadPart,
    isNew: (sid: string) => boolean,
  ): Promise<VersionRecord>;
  fetch(client: TwilioClient, serviceSid: string, parentSid: string, sid: string): Promise<VersionRecord>;
  /** Every version of the Asset or Function (all pages). */
  list(client: TwilioClient, serviceSid: string, parentSid: string): Promise<VersionRecord[]>;
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
  const listKey = `${collection === "Assets" ? "asset" : "function"}_versions`;
  const listWires = (client: TwilioClient, serviceSid: string, parentSid: string) =>
    listAll<VersionWire>(client, versionsPath(serviceSid, parentSid), listKey);
  return {
    async create(client, serviceSid, parentSid, path, visibility, content, isNew) {
      const fields = { Path: path, Visibility: visibility };
      const made = async () =>
        newestFirst(await listWires(client, serviceSid, parentSid), (w) => w.date_created).find(
          (w) => w.path === path && w.visibility.toLowerCase() === visibility.toLowerCase() && isNew(w.sid),
        );
      return fromWire(await client.upload<VersionWire>(versionsPath(serviceSid, parentSid), fields, { ...content, field: "Content" }, made));
    },
    async list(client, serviceSid, parentSid) {
      return (await listWires(client, serviceSid, parentSid)).map(fromWire);
    },
    async fetch(client, serviceSid, parentSid, sid) {
      const path = `${versionsPath(serviceSid, parentSid)}/${encodeURIComponent(sid)}`;
      return fromWire(await client.request<VersionWire>({ method: "GET", path }));
    },
  };
}

/** Asset Versions: `…/Assets/{AssetSid}/Versions`. */
export const assetVersionsApi = versionApi("Assets", "asset_sid");
/** Function Versions: `…/Functions/{FunctionSid}/Versions`. */
export const functionVersionsApi = versionApi("Functions", "function_sid");

export async function fetchFunctionVersionContent(
  client: TwilioClient,
  serviceSid: string,
  functionSid: string,
  sid: string,
): Promise<string> {
  const path = `/v1/Services/${encodeURIComponent(serviceSid)}/Functions/${encodeURIComponent(functionSid)}/Versions/${encodeURIComponent(sid)}/Content`;
  const body = await client.request<{ content: string }>({ method: "GET", path });
  return body.content;
}
