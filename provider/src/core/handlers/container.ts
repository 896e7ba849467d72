/**
 * Asset and Function handlers: the same resource in Twilio (a friendly name in a service, with
 * versions underneath). friendlyName updates in place; a new service replaces. A create never
 * makes a second object after a lost answer, and with `adoptOrphans` takes over the object an
 * interrupted update left: same friendly name, no versions (`claims.ts`).
 */
import type { ContainerApi, ContainerRecord } from "../client/containers";
import type { VersionApi } from "../client/versions";
import type { ContainerInputs, ContainerOutputs } from "../../resources/containerResource";
import { FIELD_LIMITS } from "../limits";
import * as messages from "../messages";
import { getClient } from "../settings";
import { deleteContainerUnlessServed } from "./build";
import { type Adoption, createContainer, heldByBundle, versionsOf } from "./claims";
import { diffByRules } from "./diffing";
import { attempt, attemptUnlessGone, type Operation } from "./failures";
import { GONE, type Handler, type Hidden, withoutProvider } from "./handler";
import { reportNote } from "../progress";
import { Checker } from "./validation";

const REPLACE_ON = ["serviceSid"] as const;
const UPDATE_ON = ["friendlyName"] as const;

export function containerHandler(kind: "Asset" | "Function", api: ContainerApi, versionApi: VersionApi): Handler<ContainerInputs, ContainerOutputs> {
  const op = (verb: messages.Verb, props: ContainerInputs, sid?: string): Operation => ({
    verb,
    kind,
    subject: sid ?? messages.quote(props.friendlyName),
    where: `Service ${props.serviceSid}`,
  });
  const outputs = (inputs: ContainerInputs & Hidden, record: ContainerRecord) =>
    ({ ...withoutProvider(inputs), sid: record.sid, url: record.url }) satisfies ContainerOutputs;

  return {
    async check(_olds, news) {
      const c = new Checker(kind, news, String(news.friendlyName));
      const adoptOrphans = c.boolean("adoptOrphans", false);
      return c.result({
        serviceSid: c.string("serviceSid", true),
        friendlyName: c.string("friendlyName", true, { maxLength: FIELD_LIMITS.friendlyName }),
        // Left out when false, so the inputs of resources that never set it stay as they were.
        adoptOrphans: adoptOrphans === false ? undefined : adoptOrphans,
      });
    },

    async diff(_id, olds, news) {
      return diffByRules(olds, news, { replaceOn: REPLACE_ON, updateOn: UPDATE_ON });
    },

    async create(i) {
      const client = getClient();
      // An object an interrupted update left has no versions: none can be uploaded before its SID is known.
      const adoption: Adoption | undefined = i.adoptOrphans
        ? { accepts: async (candidate) => (await versionsOf(client, versionApi, i.serviceSid, candidate.sid)).size === 0 }
        : undefined;
      const { record, adopted } = await attempt(op("create", i), () => createContainer(client, api, i.serviceSid, i.friendlyName, adoption));
      if (adopted) reportNote(messages.adoptedOrphan(kind, i.friendlyName, record.sid, i.serviceSid));
      return { id: record.sid, outs: outputs(i, record) };
    },

    async read(id, props) {
      const client = getClient();
      const record = await attemptUnlessGone(op("read", props, id), () => api.fetch(client, props.serviceSid, id));
      if (!record) return GONE;
      return { id, props: outputs({ ...props, friendlyName: record.friendlyName }, record) };
    },

    async update(id, _olds, news) {
      const client = getClient();
      const record = await attempt(op("update", news, id), () => api.update(client, news.serviceSid, id, news.friendlyName));
      return { outs: outputs(news, record) };
    },

    /**
     * An Asset that a new AssetBundle of this update took over (the site left the per-file layout)
     * is the bundle's: it stays, with no request. One that Twilio will not delete because a build
     * an environment serves holds a version of it (409) stays too, out of the state with an info
     * line (`deleteContainerUnlessServed`): a build another stack promoted, or what an update
     * interrupted during the move to a bundle leaves for the next. No stack takes down what serves a site.
     */
    async delete(id, props) {
      const client = getClient();
      if (heldByBundle(client, id)) return;
      const container = { kind, sid: id, name: props.friendlyName, serviceSid: props.serviceSid };
      await attemptUnlessGone(op("delete", props, id), () => deleteContainerUnlessServed(client, container, () => api.remove(client, props.serviceSid, id)));
    },
  };
}
