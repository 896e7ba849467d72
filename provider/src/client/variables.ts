/** Variables: `/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables`. */
import type { TwilioClient } from "./client";
import { environmentsPath } from "./environments";

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

export async function createVariable(
  client: TwilioClient,
  serviceSid: string,
  environmentSid: string,
  key: string,
  value: string,
): Promise<VariableRecord> {
  const path = variablesPath(serviceSid, environmentSid);
  return fromWire(await client.request<VariableWire>({ method: "POST", path, form: { Key: key, Value: value } }));
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
