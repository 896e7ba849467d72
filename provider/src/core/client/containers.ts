/**
 * Assets and Functions have the same shape in Twilio's API (`/v1/Services/{ServiceSid}/Assets`,
 * `…/Functions`: a friendly name, versions underneath), so one implementation serves both, bound
 * to each collection at the end of this file (`assetsApi`, `functionsApi`).
 */
import type { TwilioClient } from "./client";
import { listAll, newestFirst } from "./paging";

interface ContainerWire {
  sid: string;
  service_sid: string;
  friendly_name: string;
  date_created: string;
  url: string;
}

export interface ContainerRecord {
  sid: string;
  serviceSid: string;
  friendlyName: string;
  dateCreated: string;
  url: string;
}

function fromWire(w: ContainerWire): ContainerRecord {
  return { sid: w.sid, serviceSid: w.service_sid, friendlyName: w.friendly_name, dateCreated: w.date_created, url: w.url };
}

export interface ContainerApi {
  readonly collection: "Assets" | "Functions";
  /**
   * Creates one. After a failure that may have been applied, one with this friendly name for which
   * `isNew(sid)` holds (one that did not exist before and is no other resource's) is the one that
   * try made, and it is the answer: friendly names are not unique, so only the caller can tell.
   */
  create(client: TwilioClient, serviceSid: string, friendlyName: string, isNew: (sid: string) => boolean): Promise<ContainerRecord>;
  fetch(client: TwilioClient, serviceSid: string, sid: string): Promise<ContainerRecord>;
  update(client: TwilioClient, serviceSid: string, sid: string, friendlyName: string): Promise<ContainerRecord>;
  remove(client: TwilioClient, serviceSid: string, sid: string): Promise<void>;
  /** Every one in the service (all pages). */
  list(client: TwilioClient, serviceSid: string): Promise<ContainerRecord[]>;
}

export function containerApi(collection: "Assets" | "Functions"): ContainerApi {
  const collectionPath = (serviceSid: string) => `/v1/Services/${encodeURIComponent(serviceSid)}/${collection}`;
  const itemPath = (serviceSid: string, sid: string) => `${collectionPath(serviceSid)}/${encodeURIComponent(sid)}`;
  return {
    collection,
    async create(client, serviceSid, friendlyName, isNew) {
      const form = { FriendlyName: friendlyName };
      const path = collectionPath(serviceSid);
      const made = async () =>
        newestFirst(await listAll<ContainerWire>(client, path, collection.toLowerCase()), (w) => w.date_created).find(
          (w) => w.friendly_name === friendlyName && isNew(w.sid),
        );
      return fromWire(await client.request<ContainerWire>({ method: "POST", path, form }, made));
    },
    async fetch(client, serviceSid, sid) {
      return fromWire(await client.request<ContainerWire>({ method: "GET", path: itemPath(serviceSid, sid) }));
    },
    async update(client, serviceSid, sid, friendlyName) {
      const form = { FriendlyName: friendlyName };
      return fromWire(await client.request<ContainerWire>({ method: "POST", path: itemPath(serviceSid, sid), form }));
    },
    async remove(client, serviceSid, sid) {
      await client.request<void>({ method: "DELETE", path: itemPath(serviceSid, sid) });
    },
    async list(client, serviceSid) {
      return (await listAll<ContainerWire>(client, collectionPath(serviceSid), collection.toLowerCase())).map(fromWire);
    },
  };
}

/** Assets: `/v1/Services/{ServiceSid}/Assets`. */
export const assetsApi = containerApi("Assets");
/** Functions: `/v1/Services/{ServiceSid}/Functions`. */
export const functionsApi = containerApi("Functions");
