/**
 * Finding the resources a path names, or the 404 Twilio answers. A Service is named by SID or by
 * unique name (the spec documents it for the Service path; we accept it for sub-resources too).
 */
import type { Ctx } from "./context";
import { notFound } from "./errors";
import type { Kind, Records, ServiceRec } from "./store/records";
import { isSid, PREFIX, type Prefix } from "./sids";

export function findService(ctx: Ctx, ref: string = ctx.params.ServiceSid ?? ctx.params.Sid): ServiceRec {
  const store = ctx.app.store;
  const service = isSid(ref, PREFIX.service) ? store.get("services", ref) : store.find("services", (s) => s.uniqueName === ref);
  if (!service) throw notFound(ctx.path);
  return service;
}

/** A record of `kind` with this SID, that `owned` says belongs where the path puts it. */
export function findOwned<K extends Kind>(
  ctx: Ctx,
  kind: K,
  sid: string,
  prefix: Prefix,
  owned: (rec: Records[K]) => boolean,
): Records[K] {
  const rec = isSid(sid, prefix) ? ctx.app.store.get(kind, sid) : undefined;
  if (!rec || !owned(rec)) throw notFound(ctx.path);
  return rec;
}

/** Lists the path's service's records of a kind (for list routes). */
export function ofService<K extends "environments" | "functions" | "assets" | "builds">(kind: K) {
  return (ctx: Ctx): Records[K][] => {
    const service = findService(ctx);
    return ctx.app.store.filter(kind, (r) => r.serviceSid === service.sid);
  };
}

export function serviceUrl(base: string, serviceSid: string): string {
  return `${base}/v1/Services/${serviceSid}`;
}

export function environmentUrl(base: string, serviceSid: string, environmentSid: string): string {
  return `${serviceUrl(base, serviceSid)}/Environments/${environmentSid}`;
}
