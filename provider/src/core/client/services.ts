/** Services: `/v1/Services` (wire names appear only here and in the other client modules). */
import type { TwilioClient } from "./client";
import { listAll } from "./paging";

interface ServiceWire {
  sid: string;
  unique_name: string;
  friendly_name: string;
  include_credentials: boolean;
  ui_editable: boolean;
  domain_base: string;
  url: string;
}

export interface ServiceRecord {
  sid: string;
  uniqueName: string;
  friendlyName: string;
  includeCredentials: boolean;
  uiEditable: boolean;
  domainBase: string;
  url: string;
}

export interface ServiceFields {
  friendlyName?: string;
  includeCredentials?: boolean;
  uiEditable?: boolean;
}

function fromWire(w: ServiceWire): ServiceRecord {
  return {
    sid: w.sid,
    uniqueName: w.unique_name,
    friendlyName: w.friendly_name,
    includeCredentials: w.include_credentials,
    uiEditable: w.ui_editable,
    domainBase: w.domain_base,
    url: w.url,
  };
}

function toForm(fields: ServiceFields) {
  return {
    FriendlyName: fields.friendlyName,
    IncludeCredentials: fields.includeCredentials,
    UiEditable: fields.uiEditable,
  };
}

const servicePath = (sid: string) => `/v1/Services/${encodeURIComponent(sid)}`;

/** Twilio compares unique names without regard to case (they become host names). */
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

async function listServiceWires(client: TwilioClient): Promise<ServiceWire[]> {
  return listAll<ServiceWire>(client, "/v1/Services", "services");
}

/** Every service of the account. */
export async function listServices(client: TwilioClient): Promise<ServiceRecord[]> {
  return (await listServiceWires(client)).map(fromWire);
}

/** The account's service with this unique name, if any. */
export async function findService(client: TwilioClient, uniqueName: string): Promise<ServiceRecord | undefined> {
  const found = (await listServiceWires(client)).find((w) => sameName(w.unique_name, uniqueName));
  return found && fromWire(found);
}

/**
 * Creates a service. Call it only when `findService` found none with this unique name: after a
 * failure that may have been applied, the one found by the name is then the one that try made,
 * and it is the answer (no second try, no 409).
 */
export async function createService(client: TwilioClient, uniqueName: string, fields: ServiceFields): Promise<ServiceRecord> {
  const form = { UniqueName: uniqueName, ...toForm(fields) };
  const made = async () => (await listServiceWires(client)).find((w) => sameName(w.unique_name, uniqueName));
  return fromWire(await client.request<ServiceWire>({ method: "POST", path: "/v1/Services", form }, made));
}

/** `sidOrUniqueName`: Twilio accepts either on the Service instance path. */
export async function fetchService(client: TwilioClient, sidOrUniqueName: string): Promise<ServiceRecord> {
  return fromWire(await client.request<ServiceWire>({ method: "GET", path: servicePath(sidOrUniqueName) }));
}

export async function updateService(client: TwilioClient, sid: string, fields: ServiceFields): Promise<ServiceRecord> {
  return fromWire(await client.request<ServiceWire>({ method: "POST", path: servicePath(sid), form: toForm(fields) }));
}

export async function deleteService(client: TwilioClient, sid: string): Promise<void> {
  await client.request<void>({ method: "DELETE", path: servicePath(sid) });
}
