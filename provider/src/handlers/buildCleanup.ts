/**
 * BuildCleanup: check/diff/create/read/update/delete (the resource class, and when it runs, is in
 * `../buildCleanup.ts`). It only ever deletes builds this site made and let go of, and only once no
 * environment serves them: never one another stack or tool deployed since.
 */
import { randomUUID } from "node:crypto";
import type { TwilioClient } from "../client/client";
import { deleteBuild } from "../client/builds";
import type { BuildCleanupInputs, BuildCleanupOutputs } from "../buildCleanup";
import * as messages from "../messages";
import { reportNote } from "../progress";
import { getClient } from "../settings";
import { servingEnvironments } from "./build";
import { diffByRules } from "./diffing";
import { attemptUnlessGone, type Operation } from "./failures";
import { type Handler, type Hidden, withoutProvider } from "./handler";
import { Checker, isUnknown } from "./validation";

const KIND = "BuildCleanup";

function op(props: BuildCleanupInputs, sid: string): Operation {
  return { verb: "delete", kind: "Build", subject: sid, where: `Service ${props.serviceSid}` };
}

/**
 * Of `released`, the builds an environment still serves (kept), after deleting those none serves.
 * `previous`: the Build just replaced, which its own resource deletes later in this update (or,
 * if an environment serves it, leaves live with a note): kept if an environment other than the
 * site's serves it (the site's may still, until its new Deployment is live), never deleted here.
 */
async function settle(client: TwilioClient, props: BuildCleanupInputs, released: readonly string[], previous?: string): Promise<string[]> {
  // Nothing to look for: no request (a destroy of a site that released nothing makes none).
  if (released.length === 0 && !previous) return [];
  const serving = await servingEnvironments(client, props.serviceSid, previous ? [...released, previous] : released);
  const servedElsewhere = (sid: string) => (serving.get(sid) ?? []).some((env) => env.sid !== props.environmentSid);
  const kept: string[] = [];
  for (const sid of released) {
    if (serving.has(sid)) {
      kept.push(sid);
    } else {
      await attemptUnlessGone(op(props, sid), () => deleteBuild(client, props.serviceSid, sid));
      reportNote(messages.releasedBuildDeleted(sid));
    }
  }
  if (previous && !kept.includes(previous) && servedElsewhere(previous)) kept.push(previous);
  return kept;
}

function outputs(inputs: BuildCleanupInputs & Hidden, releasedBuildSids: string[]) {
  return { ...withoutProvider(inputs), releasedBuildSids } satisfies BuildCleanupOutputs & Hidden;
}

export const buildCleanupHandler: Handler<BuildCleanupInputs, BuildCleanupOutputs> = {
  async check(_olds, news) {
    const c = new Checker(KIND, news, "cleanup");
    return c.result({
      serviceSid: c.string("serviceSid", true),
      environmentSid: c.sid("environmentSid", "ZE"),
      buildSid: c.sid("buildSid", "ZB"),
    });
  },

  /**
   * A new build is work to do (the previous build may need remembering). With builds
   * released and nothing else changed, one look at the environments: work only if one of them is
   * served no more. The preview then says so, and a no-change preview stays one.
   */
  async diff(_id, olds, news) {
    const rules = diffByRules(olds, news, { replaceOn: ["serviceSid"], updateOn: ["buildSid", "environmentSid"] });
    const released = olds.releasedBuildSids ?? [];
    if (rules.changes || released.length === 0 || isUnknown(news.serviceSid)) return rules;
    const serving = await servingEnvironments(getClient(), olds.serviceSid, released);
    const done = released.filter((sid) => !serving.has(sid));
    return done.length > 0 ? { changes: true } : rules;
  },

  async create(inputs) {
    return { id: randomUUID(), outs: outputs(inputs, []) };
  },

  async read(id, props) {
    return { id, props: withoutProvider(props) };
  },

  async update(_id, olds, news) {
    const previous = olds.buildSid !== news.buildSid ? olds.buildSid : undefined;
    const kept = await settle(getClient(), news, olds.releasedBuildSids ?? [], previous);
    return { outs: outputs(news, kept) };
  },

  async delete(_id, props) {
    const kept = await settle(getClient(), props, props.releasedBuildSids ?? []);
    for (const sid of kept) reportNote(messages.releasedBuildLeft(sid));
  },
};
