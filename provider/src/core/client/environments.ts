/** Environments: `/v1/Services/{ServiceSid}/Environments` (no update operation exists). */
import type { TwilioClient } from "./client";
import { listAll } from "./paging";

interface EnvironmentWire {
  sid: string;
  service_sid: string;
  build_sid: string | null;
  unique_name: string;
  domain_suffix: string | null;
  domain_name: string;
  url: string;
}

export interface EnvironmentRecord {
  sid: string;
  serviceSid: string;
  /** The build the environment serves, if any. */
  buildSid?: string;
  uniqueName: string;
  domainSuffix?: string;
  domainName: string;
  url: string;
}

function fromWire(w: EnvironmentWire): EnvironmentRecord {
  return {
    sid: w.sid,
    serviceSid: w.service_sid,
    buildSid: w.build_sid ?? undefined,
    uniqueName: w.unique_name,
    domainSuffix: w.domain_suffix ?? undefined,
    domainName: w.domain_name,
    url: w.url,
  };
}

export const environmentsPath = (serviceSid: string) => `/v1/Services/${encodeURIComponent(serviceSid)}/Environments`;
const environmentPath = (serviceSid: string, sid: string) => `${environmentsPath(serviceSid)}/${encodeURIComponent(sid)}`;

/**
 * Creates an environment. Call it only when the service has none with this unique name (see
 * `listEnvironments`): after a failure that may have been applied, the one found by the name is
 * then the one that try made, and it is the answer (no second try, no 409).
 */
export async function createEnvironment(
  client: TwilioClient,
  serviceSid: string,
  uniqueName: string,
  domainSuffix: string | undefined,
): Promise<EnvironmentRecord> {
  // An empty suffix is left out rather than sent (Twilio gives the short domain then).
  const form = { UniqueName: uniqueName, DomainSuffix: domainSuffix || undefined };
  const path = environmentsPath(serviceSid);
  const made = async () => (await listAll<EnvironmentWire>(client, path, "environments")).find((w) => w.unique_name === uniqueName);
  return fromWire(await client.request<EnvironmentWire>({ method: "POST", path, form }, made));
}

export async function fetchEnvironment(client: TwilioClient, serviceSid: string, sid: string): Promise<EnvironmentRecord> {
  return fromWire(await client.request<EnvironmentWire>({ method: "GET", path: environmentPath(serviceSid, sid) }));
}

export async function deleteEnvironment(client: TwilioClient, serviceSid: string, sid: string): Promise<void> {
  await client.request<void>({ method: "DELETE", path: environmentPath(serviceSid, sid) });
}

export async function listEnvironments(client: TwilioClient, serviceSid: string): Promise<EnvironmentRecord[]> {
  return (await listAll<EnvironmentWire>(client, environmentsPath(serviceSid), "environments")).map(fromWire);
}
