/**
 * BuildCleanup: check/diff/create/read/update/delete (the resource class, and when it runs, is in
 * `../buildCleanup.ts`). It only ever deletes builds this site made and let go of, and only once no
 * environment serves them: never one another stack or tool deployed since.
 */
import { randomUUID } from "node:crypto";
import type { TwilioClient } from "../client/client";
import { deleteBuild, fetchBuild } from "../client/builds";
import { assetsApi, functionsApi } from "../client/containers";
import { isApiError } from "../client/errors";
import type { BuildCleanupInputs, BuildCleanupOutputs } from "../../resources/buildCleanup";
import * as messages from "../messages";
import { reportNote } from "../progress";
import { getClient } from "../settings";
import { servingEnvironments } from "./build";
import { diffByRules } from "./diffing";
import { attemptUnlessGone, type Operation, operationError } from "./failures";
import { type Handler, type Hidden, withoutProvider } from "./handler";
import { Checker, isUnknown } from "./validation";

const KIND = "BuildCleanup";

function op(props: BuildCleanupInputs, sid: string): Operation {
  return { verb: "delete", kind: "Build", subject: sid, where: `Service ${props.serviceSid}` };
}

/**
 * Of `released`, the builds an environment still serves (kept), after deleting those none serves,
 * with the Assets and Functions they held that the site's current build does not: those a file's
 * removal left while another environment served them (`deleteContainerUnlessServed`). The current
 * build is never deleted here, even if an earlier release was taken over as it.
 * `previous`: the Build just replaced, which its own resource deletes later in this update (or,
 * if an environment serves it, leaves live with a note): kept if an environment other than the
 * site's (`own`: before and after this update) serves it, never deleted here.
 */
async function settle(client: TwilioClient, props: BuildCleanupInputs, released: readonly string[], own: readonly string[], previous?: string): Promise<string[]> {
  const candidates = released.filter((sid) => sid !== props.buildSid);
  // Nothing to look for: no request (a destroy of a site that released nothing makes none).
  if (candidates.length === 0 && !previous) return [];
  const serving = await servingEnvironments(client, props.serviceSid, previous ? [...candidates, previous] : candidates);
  const servedElsewhere = (sid: string) => (serving.get(sid) ?? []).some((env) => !own.includes(env.sid));
  const kept: string[] = [];
  let current: Set<string> | undefined;
  for (const sid of candidates) {
    if (serving.has(sid)) {
      kept.push(sid);
      continue;
    }
    const build = await attemptUnlessGone(op(props, sid), () => fetchBuild(client, props.serviceSid, sid));
    if (!build) continue;
    current ??= await containersOf(client, props);
    const left = (sids: string[]) => sids.filter((c) => !current!.has(c));
    await attemptUnlessGone(op(props, sid), () => deleteBuild(client, props.serviceSid, sid));
    const deleted =
      (await deleteLeftContainers(client, props.serviceSid, "Asset", left(build.assetSids))) +
      (await deleteLeftContainers(client, props.serviceSid, "Function", left(build.functionSids)));
    reportNote(messages.releasedBuildDeleted(sid, deleted));
  }
  if (previous && !kept.includes(previous) && servedElsewhere(previous)) kept.push(previous);
  return kept;
}

/** The Assets and Functions the site's current build holds (none when it is gone). */
async function containersOf(client: TwilioClient, props: BuildCleanupInputs): Promise<Set<string>> {
  const build = await attemptUnlessGone(op(props, props.buildSid), () => fetchBuild(client, props.serviceSid, props.buildSid));
  return new Set(build?.containerSids ?? []);
}

/**
 * Deletes what a released build held and the site no longer has; answers how many went. One gone
 * already is skipped, and so is one Twilio still refuses (409): a build still served elsewhere
 * holds it too, and it goes with that build.
 */
async function deleteLeftContainers(client: TwilioClient, serviceSid: string, kind: "Asset" | "Function", sids: readonly string[]): Promise<number> {
  const api = kind === "Asset" ? assetsApi : functionsApi;
  let deleted = 0;
  for (const sid of sids) {
    try {
      await api.remove(client, serviceSid, sid);
      deleted++;
    } catch (err) {
      if (!isApiError(err) || (err.status !== 404 && err.status !== 409)) {
        throw operationError({ verb: "delete", kind, subject: sid, where: `Service ${serviceSid}` }, err);
      }
    }
  }
  return deleted;
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
    const released = (olds.releasedBuildSids ?? []).filter((sid) => sid !== news.buildSid);
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
    const own = [olds.environmentSid, news.environmentSid];
    const kept = await settle(getClient(), news, olds.releasedBuildSids ?? [], own, previous);
    return { outs: outputs(news, kept) };
  },

  async delete(_id, props) {
    const kept = await settle(getClient(), props, props.releasedBuildSids ?? [], [props.environmentSid]);
    for (const sid of kept) reportNote(messages.releasedBuildLeft(sid));
  },
};
