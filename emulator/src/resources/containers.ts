/**
 * Functions and Assets (ZH): both are a FriendlyName whose content lives in versions, so one set of
 * routes serves both, bound below to each kind's names (`FUNCTION_KIND`, `ASSET_KIND`).
 *   List{X}    GET    /v1/Services/{ServiceSid}/{Xs}
 *   Create{X}  POST   /v1/Services/{ServiceSid}/{Xs}
 *   Fetch{X}   GET    /v1/Services/{ServiceSid}/{Xs}/{Sid}
 *   Update{X}  POST   /v1/Services/{ServiceSid}/{Xs}/{Sid}
 *   Delete{X}  DELETE /v1/Services/{ServiceSid}/{Xs}/{Sid}
 * Deleting is refused while one of its versions is part of a build an environment serves (Twilio's
 * rule for Functions, serverless-toolkit#148; by analogy for Assets), and takes the versions with it.
 */
import { isoDate, type Ctx, type Reply, type Route } from "../context";
import { conflict, MESSAGES } from "../errors";
import { FIELD_LENGTHS } from "../facts";
import { findOwned, findService, ofService, serviceUrl } from "../lookup";
import { listRoute } from "../paging";
import { del, put, type Change, type ContainerRec } from "../store/records";
import { newSid, PREFIX } from "../sids";

export interface ContainerKind {
  /** Store kind, which is also the list key. */
  kind: "functions" | "assets";
  /** Store kind of its versions, which is also the build's field holding its copies of them. */
  versionKind: "functionVersions" | "assetVersions";
  /** Path segment and operationId stem: "Functions"/"Function", "Assets"/"Asset". */
  segment: string;
  singular: string;
  /** Key of the versions link, also the list key of its versions: "function_versions" / "asset_versions". */
  versionsLink: string;
  inUseMessage: string;
}

export const FUNCTION_KIND: ContainerKind = {
  kind: "functions",
  versionKind: "functionVersions",
  segment: "Functions",
  singular: "Function",
  versionsLink: "function_versions",
  inUseMessage: MESSAGES.functionInUse,
};

export const ASSET_KIND: ContainerKind = {
  kind: "assets",
  versionKind: "assetVersions",
  segment: "Assets",
  singular: "Asset",
  versionsLink: "asset_versions",
  inUseMessage: MESSAGES.assetInUse,
};

export function containerUrl(base: string, k: ContainerKind, serviceSid: string, sid: string): string {
  return `${serviceUrl(base, serviceSid)}/${k.segment}/${sid}`;
}

export function renderContainer(base: string, k: ContainerKind, c: ContainerRec, accountSid: string) {
  const url = containerUrl(base, k, c.serviceSid, c.sid);
  return {
    sid: c.sid,
    account_sid: accountSid,
    service_sid: c.serviceSid,
    friendly_name: c.friendlyName,
    date_created: c.dateCreated,
    date_updated: c.dateUpdated,
    url,
    links: { [k.versionsLink]: `${url}/Versions` },
  };
}

/** The Function/Asset a path names (`{FunctionSid}`/`{AssetSid}`, or `{Sid}`), under its service. */
export function findContainer(ctx: Ctx, k: ContainerKind): ContainerRec {
  const service = findService(ctx);
  const sid = ctx.params[`${k.singular}Sid`] ?? ctx.params.Sid;
  return findOwned(ctx, k.kind, sid, PREFIX.function, (c) => c.serviceSid === service.sid);
}

/** Whether a build that some environment serves includes a version of this Function/Asset. */
function inActiveBuild(ctx: Ctx, k: ContainerKind, c: ContainerRec): boolean {
  const { store } = ctx.app;
  for (const env of store.filter("environments", (e) => e.serviceSid === c.serviceSid && e.buildSid !== null)) {
    const build = store.get("builds", env.buildSid as string);
    if (build && build[k.versionKind].some((v) => v.parentSid === c.sid)) return true;
  }
  return false;
}

function containerRoutes(k: ContainerKind): Route[] {
  const base = `/v1/Services/{ServiceSid}/${k.segment}`;
  const reply = (ctx: Ctx, status: number, c: ContainerRec): Reply => ({
    status,
    body: renderContainer(ctx.base, k, c, ctx.app.creds.accountSid),
  });

  async function create(ctx: Ctx): Promise<Reply> {
    const form = await ctx.form();
    const service = findService(ctx);
    const friendlyName = form.string("FriendlyName", { required: true, max: FIELD_LENGTHS.friendlyName });
    const now = isoDate();
    const rec: ContainerRec = { sid: newSid(PREFIX.function), serviceSid: service.sid, friendlyName, dateCreated: now, dateUpdated: now };
    await ctx.app.store.commit([put(k.kind, rec)]);
    return reply(ctx, 201, rec);
  }

  async function update(ctx: Ctx): Promise<Reply> {
    const form = await ctx.form();
    const rec = findContainer(ctx, k);
    const friendlyName = form.string("FriendlyName", { required: true, max: FIELD_LENGTHS.friendlyName });
    const updated: ContainerRec = { ...rec, friendlyName, dateUpdated: isoDate() };
    await ctx.app.store.commit([put(k.kind, updated)]);
    return reply(ctx, 200, updated);
  }

  async function remove(ctx: Ctx): Promise<Reply> {
    const rec = findContainer(ctx, k);
    if (inActiveBuild(ctx, k, rec)) throw conflict(k.inUseMessage);
    const changes: Change[] = [del(k.kind, rec.sid)];
    for (const v of ctx.app.store.filter(k.versionKind, (v) => v.parentSid === rec.sid)) changes.push(del(k.versionKind, v.sid));
    await ctx.app.store.commit(changes);
    ctx.app.scheduleGc();
    return { status: 204 };
  }

  return [
    listRoute(
      base,
      `List${k.singular}`,
      k.kind,
      ofService(k.kind),
      (ctx, c) => renderContainer(ctx.base, k, c, ctx.app.creds.accountSid),
    ),
    { method: "POST", template: base, operationId: `Create${k.singular}`, handler: create },
    { method: "GET", template: `${base}/{Sid}`, operationId: `Fetch${k.singular}`, handler: (ctx) => reply(ctx, 200, findContainer(ctx, k)) },
    { method: "POST", template: `${base}/{Sid}`, operationId: `Update${k.singular}`, handler: update },
    { method: "DELETE", template: `${base}/{Sid}`, operationId: `Delete${k.singular}`, handler: remove },
  ];
}

/** The Function and Asset routes. */
export const routes: Route[] = [...containerRoutes(FUNCTION_KIND), ...containerRoutes(ASSET_KIND)];
