/**
 * Deployments: `/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Deployments`. They cannot
 * be updated or deleted; a deployment without a BuildSid un-deploys the environment.
 */
import type { TwilioClient } from "./client";
import { environmentsPath } from "./environments";
import { listAll } from "./paging";

interface DeploymentWire {
  sid: string;
  service_sid: string;
  environment_sid: string;
  build_sid: string | null;
  date_created: string;
  url: string;
}

export interface DeploymentRecord {
  sid: string;
  serviceSid: string;
  environmentSid: string;
  buildSid?: string;
  dateCreated: string;
  url: string;
}

function fromWire(w: DeploymentWire): DeploymentRecord {
  return {
    sid: w.sid,
    serviceSid: w.service_sid,
    environmentSid: w.environment_sid,
    buildSid: w.build_sid ?? undefined,
    dateCreated: w.date_created,
    url: w.url,
  };
}

const deploymentsPath = (serviceSid: string, environmentSid: string) =>
  `${environmentsPath(serviceSid)}/${encodeURIComponent(environmentSid)}/Deployments`;

/** Deploys `buildSid` to the environment, or un-deploys it when `buildSid` is undefined. */
export async function createDeployment(
  client: TwilioClient,
  serviceSid: string,
  environmentSid: string,
  buildSid: string | undefined,
): Promise<DeploymentRecord> {
  const path = deploymentsPath(serviceSid, environmentSid);
  return fromWire(await client.request<DeploymentWire>({ method: "POST", path, form: { BuildSid: buildSid } }));
}

export async function fetchDeployment(
  client: TwilioClient,
  serviceSid: string,
  environmentSid: string,
  sid: string,
): Promise<DeploymentRecord> {
  const path = `${deploymentsPath(serviceSid, environmentSid)}/${encodeURIComponent(sid)}`;
  return fromWire(await client.request<DeploymentWire>({ method: "GET", path }));
}

export async function listDeployments(client: TwilioClient, serviceSid: string, environmentSid: string): Promise<DeploymentRecord[]> {
  return (await listAll<DeploymentWire>(client, deploymentsPath(serviceSid, environmentSid), "deployments")).map(fromWire);
}
