/** Deployment: check/diff/create/read/delete (the resource class is in `../deployment.ts`). */
import type { TwilioClient } from "../client/client";
import { isApiError } from "../client/errors";
import { createDeployment, type DeploymentRecord, fetchDeployment, listDeployments } from "../client/deployments";
import { fetchEnvironment } from "../client/environments";
import { newestFirst } from "../client/paging";
import type { DeploymentInputs, DeploymentOutputs } from "../../resources/deployment";
import { asRelease, entryChanges, type Release } from "../release";
import { reportNote, withStatus } from "../progress";
import { URN_KEY } from "../kinds";
import * as messages from "../messages";
import { getClient } from "../settings";
import { diffByRules, shownByEngine } from "./diffing";
import { attempt, attemptUnlessGone, type Operation } from "./failures";
import { GONE, type Handler, type Hidden, keepOutputs, withoutProvider } from "./handler";
import { Checker, isUnknown, type Props, resourceName, UNKNOWN } from "./validation";

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
 * By client (one per provider process and settings), then `serviceSid/environmentSid`: the build
 * this process last deployed there. A replaced Deployment's delete follows its replacement's
 * create in the same update: this process deployed another build since, so there is nothing to
 * un-deploy and no need to ask Twilio (one request less after every new build, issue 20).
 */
const deployedHere = new WeakMap<TwilioClient, Map<string, string>>();

function deployedKey(serviceSid: string, environmentSid: string): string {
  return `${serviceSid}/${environmentSid}`;
}

function recordDeployed(client: TwilioClient, serviceSid: string, environmentSid: string, buildSid: string | undefined): void {
  let known = deployedHere.get(client);
  if (!known) deployedHere.set(client, (known = new Map()));
  if (buildSid === undefined) known.delete(deployedKey(serviceSid, environmentSid));
  else known.set(deployedKey(serviceSid, environmentSid), buildSid);
}

/** The deployment `deploy` made or adopted, recorded as what this process deployed there. */
function recorded(client: TwilioClient, i: DeploymentInputs, deployment: DeploymentRecord): DeploymentRecord {
  recordDeployed(client, i.serviceSid, i.environmentSid, i.buildSid);
  return deployment;
}

/**
 * Whether deleting a Deployment must un-deploy its environment: only while the environment serves
 * its build (Twilio's answer), and never when this process deployed there since. Then another
 * Deployment resource holds what is live: a replacement with another build, or one with this same
 * build (a renamed Deployment, or a replacement whose other inputs changed), which must stay live.
 */
async function stillServes(client: TwilioClient, serviceSid: string, environmentSid: string, buildSid: string): Promise<boolean> {
  if (deployedHere.get(client)?.has(deployedKey(serviceSid, environmentSid))) return false;
  return (await fetchEnvironment(client, serviceSid, environmentSid)).buildSid === buildSid;
}

/**
 * Deploys the build. If Twilio answers that the environment already serves it (409, deployed
 * outside Pulumi or by an interrupted run), the newest deployment of that build is adopted.
 */
async function deploy(client: TwilioClient, i: DeploymentInputs): Promise<DeploymentRecord> {
  try {
    return recorded(client, i, await createDeployment(client, i.serviceSid, i.environmentSid, i.buildSid));
  } catch (err) {
    if (!isApiError(err) || err.status !== 409) throw err;
    const env = await fetchEnvironment(client, i.serviceSid, i.environmentSid);
    if (env.buildSid !== i.buildSid) throw err;
    const ours = (await listDeployments(client, i.serviceSid, i.environmentSid)).filter((d) => d.buildSid === i.buildSid);
    const [newest] = newestFirst(ours, (d) => d.dateCreated);
    if (!newest) throw err;
    return recorded(client, i, newest);
  }
}

/**
 * A promotion's release (`release.ts`): unknown in a preview when its build is made in this update;
 * once known, its `buildSid` and `serviceSid` must be the Deployment's.
 */
function checkRelease(c: Checker, buildSid: string | undefined, serviceSid: string | undefined): Release | string | undefined {
  const value = c.value("release");
  if (value === undefined || isUnknown(value)) return value === undefined ? undefined : UNKNOWN;
  const release = asRelease(value);
  if (!release) {
    c.fail("release", value, messages.problems.notRelease());
    return undefined;
  }
  if (buildSid !== undefined && buildSid !== UNKNOWN && release.buildSid !== buildSid) {
    c.fail("release.buildSid", release.buildSid, messages.problems.releaseOfAnotherBuild(buildSid));
  }
  // A build deploys only within its own service (Twilio answers a bare 404 otherwise).
  if (serviceSid !== undefined && serviceSid !== UNKNOWN && release.serviceSid !== serviceSid) {
    c.fail("release.serviceSid", release.serviceSid, messages.problems.releaseOfAnotherService(serviceSid));
  }
  return release;
}

/** What a promotion's preview says, on the Deployment's row: where the build comes from, and what it changes. */
async function announcePromotion(olds: Props, inputs: Props): Promise<void> {
  const release = asRelease(inputs.release);
  if (!release || olds.buildSid === inputs.buildSid) return;
  const urn = typeof inputs[URN_KEY] === "string" ? inputs[URN_KEY] : undefined;
  const name = resourceName(inputs, KIND);
  const oldBuild = typeof olds.buildSid === "string" ? olds.buildSid : undefined;
  const previous = asRelease(olds.release);
  const before = previous && {
    environment: previous.environment,
    fileChanges: entryChanges(previous.files, release.files),
    functionChanges: entryChanges(previous.functions, release.functions),
  };
  await withStatus(urn, `${KIND} ${messages.quote(name)}`, async () => reportNote(messages.promotion(name, release, oldBuild, before)));
}

/**
 * Un-deploys the environment. Twilio refuses (409, "Environment already has requested
 * deployment.", twilio-cli#215) when it serves nothing already, e.g. when a retried request's first
 * try was applied and its answer lost: the environment is then as asked.
 */
async function undeploy(client: TwilioClient, serviceSid: string, environmentSid: string): Promise<void> {
  try {
    await createDeployment(client, serviceSid, environmentSid, undefined);
  } catch (err) {
    if (!isApiError(err) || err.status !== 409) throw err;
    if ((await fetchEnvironment(client, serviceSid, environmentSid)).buildSid !== undefined) throw err;
  }
}

export const deploymentHandler: Handler<DeploymentInputs, DeploymentOutputs> = {
  async check(olds, news) {
    const c = new Checker(KIND, news, "deployment");
    const buildSid = c.sid("buildSid", "ZB");
    const serviceSid = c.string("serviceSid", true);
    const result = c.result({
      serviceSid,
      environmentSid: c.sid("environmentSid", "ZE"),
      buildSid,
      release: checkRelease(c, buildSid, serviceSid),
    });
    if (!result.failures) await announcePromotion(olds, result.inputs);
    return result;
  },

  async diff(_id, olds, news) {
    return shownByEngine(diffByRules(olds, news, { replaceOn: REPLACE_ON, updateOn: ["release"] }));
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
      // An import reads with no state (the plugin's `pulumi import`): the deployment names its build.
      return env.buildSid === (p.buildSid ?? deployment.buildSid) ? deployment : undefined;
    });
    return found ? { id, props: outputs({ ...p, buildSid: p.buildSid ?? found.buildSid }, found) } : GONE;
  },

  update: keepOutputs,

  async delete(id, p) {
    const client = getClient();
    await attemptUnlessGone(op("delete", p, id), async () => {
      if (!(await stillServes(client, p.serviceSid, p.environmentSid, p.buildSid))) return;
      await undeploy(client, p.serviceSid, p.environmentSid);
      recordDeployed(client, p.serviceSid, p.environmentSid, undefined);
    });
  },
};
