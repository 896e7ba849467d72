/** Environment: check/diff/create/read/delete (the resource class is in `../environment.ts`). */
import {
  createEnvironment,
  deleteEnvironment,
  type EnvironmentRecord,
  fetchEnvironment,
} from "../client/environments";
import type { EnvironmentInputs, EnvironmentOutputs } from "../environment";
import { FIELD_LIMITS } from "../limits";
import * as messages from "../messages";
import { getClient } from "../settings";
import { diffByRules } from "./diffing";
import { attempt, attemptUnlessGone, type Operation } from "./failures";
import { GONE, type Handler, keepOutputs, withoutProvider } from "./handler";
import { Checker, DOMAIN_LABEL, type Props } from "./validation";

const KIND = "Environment";
const REPLACE_ON = ["serviceSid", "uniqueName", "domainSuffix"] as const;

function op(verb: messages.Verb, props: Props, sid?: string): Operation {
  return { verb, kind: KIND, subject: sid ?? messages.quote(props.uniqueName), where: `Service ${props.serviceSid}` };
}

function outputs(inputs: Props, env: EnvironmentRecord): EnvironmentOutputs & Props {
  return {
    ...(withoutProvider(inputs) as unknown as EnvironmentInputs),
    sid: env.sid,
    domainName: env.domainName,
    url: `https://${env.domainName}`,
  };
}

/**
 * The old environment must go first when the new one, in the same service, reuses its uniqueName
 * or its domainSuffix: Twilio refuses a second environment with either.
 */
function mustDeleteFirst(replaced: string[]): boolean {
  return !replaced.includes("serviceSid") && !(replaced.includes("uniqueName") && replaced.includes("domainSuffix"));
}

export const environmentHandler: Handler = {
  async check(_olds, news) {
    const c = new Checker(KIND, news, String(news.uniqueName));
    return c.result({
      serviceSid: c.string("serviceSid", true),
      uniqueName: c.string("uniqueName", true, { maxLength: FIELD_LIMITS.environmentUniqueName }),
      domainSuffix: c.string("domainSuffix", false, { ...DOMAIN_LABEL, maxLength: FIELD_LIMITS.domainSuffix }),
    });
  },

  async diff(_id, olds, news) {
    return diffByRules(olds, news, { replaceOn: REPLACE_ON, deleteBeforeReplace: mustDeleteFirst });
  },

  async create(inputs) {
    const i = inputs as EnvironmentInputs;
    const client = getClient();
    const env = await attempt(op("create", inputs), () =>
      createEnvironment(client, i.serviceSid, i.uniqueName, i.domainSuffix),
    );
    return { id: env.sid, outs: outputs(inputs, env) };
  },

  async read(id, props) {
    const client = getClient();
    const serviceSid = String(props.serviceSid);
    const env = await attemptUnlessGone(op("read", props, id), () => fetchEnvironment(client, serviceSid, id));
    if (!env) return GONE;
    return { id, props: outputs({ ...props, uniqueName: env.uniqueName, domainSuffix: env.domainSuffix }, env) };
  },

  update: keepOutputs,

  async delete(id, props) {
    const client = getClient();
    await attemptUnlessGone(op("delete", props, id), () => deleteEnvironment(client, String(props.serviceSid), id));
  },
};
