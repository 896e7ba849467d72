/**
 * Environment: check/diff/create/read/delete (the resource class is in `../environment.ts`).
 * `create` looks the service's environments up first: a taken uniqueName or domainSuffix fails
 * before anything is written, unless `adoptSid` names an environment with both, which is then
 * taken over.
 */
import type { TwilioClient } from "../client/client";
import {
  createEnvironment,
  deleteEnvironment,
  type EnvironmentRecord,
  fetchEnvironment,
  listEnvironments,
} from "../client/environments";
import type { EnvironmentInputs, EnvironmentOutputs } from "../../resources/environment";
import { FIELD_LIMITS } from "../limits";
import * as messages from "../messages";
import { getClient } from "../settings";
import { diffByRules } from "./diffing";
import { attempt, attemptUnlessGone, type Operation } from "./failures";
import { GONE, type Handler, type Hidden, keepOutputs, withoutProvider } from "./handler";
import { reportNote } from "../progress";
import { Checker, DOMAIN_LABEL, resourceName } from "./validation";

const KIND = "Environment";
const REPLACE_ON = ["serviceSid", "uniqueName", "domainSuffix"] as const;

function op(verb: messages.Verb, props: EnvironmentInputs, sid?: string): Operation {
  return { verb, kind: KIND, subject: sid ?? messages.quote(props.uniqueName), where: `Service ${props.serviceSid}` };
}

function outputs(inputs: EnvironmentInputs & Hidden, env: EnvironmentRecord) {
  return { ...withoutProvider(inputs), sid: env.sid, domainName: env.domainName, url: `https://${env.domainName}` } satisfies EnvironmentOutputs & Hidden;
}

/**
 * The old environment must go first when the new one, in the same service, reuses its uniqueName
 * or its domainSuffix: Twilio refuses a second environment with either.
 */
function mustDeleteFirst(replaced: string[]): boolean {
  return !replaced.includes("serviceSid") && !(replaced.includes("uniqueName") && replaced.includes("domainSuffix"));
}

/** Creates the environment, takes over the one `adoptSid` names, or fails on a taken name or suffix. */
async function createOrAdopt(client: TwilioClient, i: EnvironmentInputs & Hidden): Promise<EnvironmentRecord> {
  const existing = await attempt(op("create", i), () => listEnvironments(client, i.serviceSid));
  const byName = existing.find((env) => env.uniqueName === i.uniqueName);
  const bySuffix = i.domainSuffix ? existing.find((env) => env.domainSuffix === i.domainSuffix) : undefined;
  const taken = byName ?? bySuffix;
  if (!taken) return attempt(op("create", i), () => createEnvironment(client, i.serviceSid, i.uniqueName, i.domainSuffix));
  const sameNames = taken.uniqueName === i.uniqueName && (taken.domainSuffix ?? "") === (i.domainSuffix ?? "");
  if (sameNames && taken.sid === i.adoptSid) {
    reportNote(messages.adoptedBySid(KIND, taken.sid, "uniqueName", taken.uniqueName));
    return taken;
  }
  const [field, value] = byName ? ["uniqueName", i.uniqueName] : ["domainSuffix", i.domainSuffix];
  const problem = messages.problems.environmentNameTaken(taken.sid, i.serviceSid, taken.domainName);
  throw new Error(messages.invalidInput(KIND, resourceName(i, i.uniqueName), field, value, problem));
}

export const environmentHandler: Handler<EnvironmentInputs, EnvironmentOutputs> = {
  async check(_olds, news) {
    const c = new Checker(KIND, news, String(news.uniqueName));
    return c.result({
      serviceSid: c.string("serviceSid", true),
      uniqueName: c.string("uniqueName", true, { maxLength: FIELD_LIMITS.environmentUniqueName }),
      domainSuffix: c.string("domainSuffix", false, { ...DOMAIN_LABEL, maxLength: FIELD_LIMITS.domainSuffix }),
      adoptSid: c.sid("adoptSid", "ZE", false),
    });
  },

  async diff(_id, olds, news) {
    return diffByRules(olds, news, { replaceOn: REPLACE_ON, deleteBeforeReplace: mustDeleteFirst });
  },

  async create(inputs) {
    const env = await createOrAdopt(getClient(), inputs);
    return { id: env.sid, outs: outputs(inputs, env) };
  },

  async read(id, props) {
    const client = getClient();
    const env = await attemptUnlessGone(op("read", props, id), () => fetchEnvironment(client, props.serviceSid, id));
    if (!env) return GONE;
    return { id, props: outputs({ ...props, uniqueName: env.uniqueName, domainSuffix: env.domainSuffix }, env) };
  },

  update: keepOutputs,

  async delete(id, props) {
    const client = getClient();
    await attemptUnlessGone(op("delete", props, id), () => deleteEnvironment(client, props.serviceSid, id));
  },
};
