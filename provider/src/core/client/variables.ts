/** Variables: `/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables`. */
import type { TwilioClient } from "./client";
import { environmentsPath } from "./environments";
import { listAll } from "./paging";

interface VariableWire {
  sid: string;
  service_sid: string;
  environment_sid: string;
  key: string;
  value: string;
  url: string;
}

export interface VariableRecord {
  sid: string;
  serviceSid: string;
  environmentSid: string;
  key: string;
  value: string;
  url: string;
}

function fromWire(w: VariableWire): VariableRecord {
  return { sid: w.sid, serviceSid: w.service_sid, environmentSid: w.environment_sid, key: w.key, value: w.value, url: w.url };
}

const variablesPath = (serviceSid: string, environmentSid: string) =>
  `${environmentsPath(serviceSid)}/${encodeURIComponent(environmentSid)}/Variables`;
const variablePath = (serviceSid: string, environmentSid: string, sid: string) =>
  `${variablesPath(serviceSid, environmentSid)}/${encodeURIComponent(sid)}`;

/** Every variable of the environment. */
export async function listVariables(client: TwilioClient, serviceSid: string, environmentSid: string): Promise<VariableRecord[]> {
  return (await listAll<VariableWire>(client, variablesPath(serviceSid, environmentSid), "variables")).map(fromWire);
}

/**
 * Creates a variable. Call it only when the environment has none with this key (see
 * `listVariables`): after a failure that may have been applied, the one found by the key is then
 * the one that try made, and it is the answer (no second try, no 409).
 */
export async function createVariable(
  client: TwilioClient,
  serviceSid: string,
  environmentSid: string,
  key: string,
  value: string,
): Promise<VariableRecord> {
  const path = variablesPath(serviceSid, environmentSid);
  const made = async () => (await listAll<VariableWire>(client, path, "variables")).find((w) => w.key === key);
  return fromWire(await client.request<VariableWire>({ method: "POST", path, form: { Key: key, Value: value } }, made));
}

export async function fetchVariable(client: TwilioClient, serviceSid: string, environmentSid: string, sid: string): Promise<VariableRecord> {
  return fromWire(await client.request<VariableWire>({ method: "GET", path: variablePath(serviceSid, environmentSid, sid) }));
}

export async function updateVariable(
  client: TwilioClient,
  serviceSid: string,
  environmentSid: string,
  sid: string,
  key: string,
  value: string,
): Promise<VariableRecord> {
  const path = variablePath(serviceSid, environmentSid, sid);
  return fromWire(await client.request<VariableWire>({ method: "POST", path, form: { Key: key, Value: value } }));
}

export async function deleteVariable(client: TwilioClient, serviceSid: string, environmentSid: string, sid: string): Promise<void> {
  await client.request<void>({ method: "DELETE", path: variablePath(serviceSid, environmentSid, sid) });
}
