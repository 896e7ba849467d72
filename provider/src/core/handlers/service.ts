/**
 * Service: check/diff/create/read/update/delete (the resource class is in `../service.ts`).
 * `create` looks the unique name up first: a taken one fails before anything is written, unless
 * `adoptSid` names that very service, which is then taken over. `delete` never takes down a site
 * this stack does not manage (see `liveEnvironments`).
 */
import type { TwilioClient } from "../client/client";
import { listEnvironments } from "../client/environments";
import { createService, deleteService, fetchService, findService, type ServiceRecord, updateService } from "../client/services";
import { FIELD_LIMITS } from "../limits";
import * as messages from "../messages";
import type { ServiceInputs, ServiceOutputs } from "../../resources/service";
import { getClient } from "../settings";
import { diffByRules } from "./diffing";
import { attempt, attemptUnlessGone, type Operation } from "./failures";
import { GONE, type Handler, type Hidden, withoutProvider } from "./handler";
import { reportNote } from "../progress";
import { Checker, DOMAIN_LABEL, resourceName } from "./validation";

const KIND = "Service";
const REPLACE_ON = ["uniqueName"] as const;
const UPDATE_ON = ["friendlyName", "includeCredentials", "uiEditable"] as const;

function op(verb: messages.Verb, props: ServiceInputs, sid?: string): Operation {
  return { verb, kind: KIND, subject: sid ?? messages.quote(props.uniqueName) };
}

function outputs(inputs: ServiceInputs & Hidden, service: ServiceRecord) {
  return { ...withoutProvider(inputs), sid: service.sid, domainBase: service.domainBase, url: service.url } satisfies ServiceOutputs & Hidden;
}

/**
 * The Service's environments that serve a build. Twilio deletes a Service while its environments
 * serve builds, with everything in it (a real run: plugin-rtc's end-to-end test, emulator/README).
 * The engine deletes this stack's own Deployments (which un-deploy) and Environments before their
 * Service, so an environment still serving here is another stack's, another tool's or someone's in
 * the Console: taking it down is the user's decision, not a side effect of this delete.
 */
async function liveEnvironments(client: TwilioClient, serviceSid: string): Promise<messages.LiveEnvironment[]> {
  return (await listEnvironments(client, serviceSid)).flatMap(({ sid, uniqueName, domainName, buildSid }) =>
    buildSid === undefined ? [] : [{ sid, uniqueName, domainName, buildSid }],
  );
}

export const serviceHandler: Handler<ServiceInputs, ServiceOutputs> = {
  async check(_olds, news) {
    const c = new Checker(KIND, news, String(news.uniqueName));
    const uniqueName = c.string("uniqueName", true, { ...DOMAIN_LABEL, maxLength: FIELD_LIMITS.serviceUniqueName });
    const friendlyName = c.string("friendlyName", false, { maxLength: FIELD_LIMITS.friendlyName }) ?? uniqueName;
    return c.result({
      uniqueName,
      friendlyName,
      includeCredentials: c.boolean("includeCredentials", true),
      uiEditable: c.boolean("uiEditable", false),
      adoptSid: c.sid("adoptSid", "ZS", false),
    });
  },

  async diff(_id, olds, news) {
    return diffByRules(olds, news, { replaceOn: REPLACE_ON, updateOn: UPDATE_ON, deleteBeforeReplace: () => true });
  },

  async create(i) {
    const client = getClient();
    const existing = await attempt(op("create", i), () => findService(client, i.uniqueName));
    if (existing && existing.sid !== i.adoptSid) {
      const problem = messages.problems.serviceNameTaken(existing.sid);
      throw new Error(messages.invalidInput(KIND, resourceName(i, i.uniqueName), "uniqueName", i.uniqueName, problem));
    }
    if (existing) reportNote(messages.adoptedBySid(KIND, existing.sid, "uniqueName", existing.uniqueName));
    const service = await attempt(op("create", i), () =>
      existing ? updateService(client, existing.sid, i) : createService(client, i.uniqueName, i),
    );
    return { id: service.sid, outs: outputs(i, service) };
  },

  async read(id, props) {
    const client = getClient();
    const service = await attemptUnlessGone(op("read", props, id), () => fetchService(client, id));
    if (!service) return GONE;
    const { uniqueName, friendlyName, includeCredentials, uiEditable } = service;
    return { id, props: outputs({ ...props, uniqueName, friendlyName, includeCredentials, uiEditable }, service) };
  },

  async update(id, _olds, news) {
    const client = getClient();
    const service = await attempt(op("update", news, id), () => updateService(client, id, news));
    return { outs: outputs(news, service) };
  },

  async delete(id, props) {
    const client = getClient();
    await attemptUnlessGone(op("delete", props, id), async () => {
      const live = await liveEnvironments(client, id);
      if (live.length > 0) throw new Error(messages.serviceStillServes(id, props.uniqueName, live));
      await deleteService(client, id);
    });
  },
};
