/** Deployment: check/diff/create/read/delete (the resource class is in `../deployment.ts`). */
import type { TwilioClient } from "../client/client";
import { isApiError } from "../client/errors";
import { createDeployment, type DeploymentRecord, fetchDeployment, listDeployments } from "../client/deployments";
import { fetchEnvironment } from "../client/environments";
import type { DeploymentInputs, DeploymentOutputs } from "../deployment";
import * as messages from "../messages";
import { getClient } from "../settings";
import { diffByRules } from "./diffing";
import { attempt, attemptUnlessGone, type Operation } from "./failures";
import { GONE, type Handler, type Hidden, keepOutputs, withoutProvider } from "./handler";
import { Checker } from "./validation";

const KIND = "Deployment";
const REPLACE_ON = ["serviceSid", "environmentSid", "buildSid"] as const;

function op(verb: messages.Verb, props: DeploymentInputs, sid?: string): Operation {
  return {
    verb,
    kind: KIND,
    subject: sid ?? `of Build ${props.buildSid}`,
    where: `Environment ${props.environmentSid} of Service ${props.serviceSid}`,
  };
}

function outputs(inputs: DeploymentInputs & Hidden, deployment: DeploymentRecord) {
  return { ...withoutProvider(inputs), sid: deployment.sid } satisfies DeploymentOutputs & Hidden;
}

/**
 * Deploys the build. If Twilio answers that the environment already serves it (409, deployed
 * outside Pulumi or by an interrupted run), the newest deployment of that build is adopted.
 */
async function deploy(client: TwilioClient, i: DeploymentInputs): Promise<DeploymentRecord> {
  try {
    return await createDeployment(client, i.serviceSid, i.environmentSid, i.buildSid);
  } catch (err) {
    if (!isApiError(err) || err.status !== 409) throw err;
    const env = await fetchEnvironment(client, i.serviceSid, i.environmentSid);
    if (env.buildSid !== i.buildSid) throw err;
    const ours = (await listDeployments(client, i.serviceSid, i.environmentSid)).filter((d) => d.buildSid === i.buildSid);
    const newest = ours[ours.length - 1];
    if (!newest) throw err;
    return newest;
  }
}

export const deploymentHandler: Handler<DeploymentInputs, DeploymentOutputs> = {
  async check(_olds, news) {
    const c = new Checker(KIND, news, "deployment");
    return c.result({
      serviceSid: c.string("serviceSid", true),
      environmentSid: c.sid("environmentSid", "ZE"),
      buildSid: c.sid("buildSid", "ZB"),
    });
  },

  async diff(_id, olds, news) {
    return diffByRules(olds, news, { replaceOn: REPLACE_ON });
  },

  async create(i) {
    const client = getClient();
    const deployment = await attempt(op("create", i), () => deploy(client, i));
    return { id: deployment.sid, outs: outputs(i, deployment) };
  },

  async read(id, p) {
    const client = getClient();
    const found = await attemptUnlessGone(op("read", p, id), async () => {
      const deployment = await fetchDeployment(client, p.serviceSid, p.environmentSid, id);
      const env = await fetchEnvironment(client, p.serviceSid, p.environmentSid);
      return env.buildSid === p.buildSid ? deployment : undefined;
    });
    return found ? { id, props: outputs(p, found) } : GONE;
  },

  update: keepOutputs,

  async delete(id, p) {
    const client = getClient();
    await attemptUnlessGone(op("delete", p, id), async () => {
      const env = await fetchEnvironment(client, p.serviceSid, p.environmentSid);
      if (env.buildSid === p.buildSid) await createDeployment(client, p.serviceSid, p.environmentSid, undefined);
    });
  },
};
