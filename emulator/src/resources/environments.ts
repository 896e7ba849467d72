/**
 * Environment (ZE).
 *   ListEnvironment    GET    /v1/Services/{ServiceSid}/Environments
 *   CreateEnvironment  POST   /v1/Services/{ServiceSid}/Environments
 *   FetchEnvironment   GET    /v1/Services/{ServiceSid}/Environments/{Sid}
 *   DeleteEnvironment  DELETE /v1/Services/{ServiceSid}/Environments/{Sid}
 * `domain_name` is `{domain_base}[-{suffix}].twil.io`; UniqueName and DomainSuffix are unique per
 * service (no suffix counts as one value: it is the service's short domain). Deleting is allowed
 * while the environment serves a build, and takes its variables, deployments and logs with it.
 */
import { isoDate, type Ctx, type Reply, type Route } from "../context";
import { conflict, invalid, MESSAGES } from "../errors";
import { DOMAIN_LABEL, FIELD_LENGTHS, TWIL_IO } from "../facts";
import { environmentUrl, findOwned, findService, ofService } from "../lookup";
import { listRoute } from "../paging";
import { del, put, type Change, type EnvironmentRec, type Records } from "../store/records";
import { newSid, PREFIX } from "../sids";

export function renderEnvironment(base: string, e: EnvironmentRec, accountSid: string) {
  const url = environmentUrl(base, e.serviceSid, e.sid);
  return {
    sid: e.sid,
    account_sid: accountSid,
    service_sid: e.serviceSid,
    build_sid: e.buildSid,
    unique_name: e.uniqueName,
    domain_suffix: e.domainSuffix,
    domain_name: e.domainName,
    date_created: e.dateCreated,
    date_updated: e.dateUpdated,
    url,
    links: {
      variables: `${url}/Variables`,
      deployments: `${url}/Deployments`,
      logs: `${url}/Logs`,
    },
  };
}

/** The environment a path's `{EnvironmentSid}` (or `{Sid}`) names, under the path's service. */
export function findEnvironment(ctx: Ctx, sid: string = ctx.params.EnvironmentSid ?? ctx.params.Sid): EnvironmentRec {
  const service = findService(ctx);
  return findOwned(ctx, "environments", sid, PREFIX.environment, (e) => e.serviceSid === service.sid);
}

/** Lists the path's environment's records of a kind (for list routes). */
export function ofEnvironment<K extends "variables" | "deployments">(kind: K) {
  return (ctx: Ctx): Records[K][] => {
    const environment = findEnvironment(ctx);
    return ctx.app.store.filter(kind, (r) => r.environmentSid === environment.sid);
  };
}

function reply(ctx: Ctx, status: number, e: EnvironmentRec): Reply {
  return { status, body: renderEnvironment(ctx.base, e, ctx.app.creds.accountSid) };
}

async function create(ctx: Ctx): Promise<Reply> {
  const form = await ctx.form();
  const service = findService(ctx);
  const uniqueName = form.string("UniqueName", { required: true, max: FIELD_LENGTHS.environmentUniqueName });
  const suffix = form.string("DomainSuffix", { max: FIELD_LENGTHS.domainSuffix }) || null;
  if (suffix !== null && !DOMAIN_LABEL.test(suffix)) throw invalid(MESSAGES.invalidName("DomainSuffix", suffix));
  const { store, limits } = ctx.app;
  const siblings = store.filter("environments", (e) => e.serviceSid === service.sid);
  const lowerSuffix = suffix?.toLowerCase() ?? null;
  if (siblings.some((e) => e.uniqueName === uniqueName || (e.domainSuffix?.toLowerCase() ?? null) === lowerSuffix)) {
    throw conflict(MESSAGES.duplicateEnvironment);
  }
  if (siblings.length >= limits.environmentsPerService) throw invalid(MESSAGES.environmentsLimit(limits.environmentsPerService));
  const now = isoDate();
  const environment: EnvironmentRec = {
    sid: newSid(PREFIX.environment),
    serviceSid: service.sid,
    uniqueName,
    domainSuffix: suffix,
    domainName: `${service.domainBase}${lowerSuffix ? `-${lowerSuffix}` : ""}${TWIL_IO}`,
    buildSid: null,
    dateCreated: now,
    dateUpdated: now,
  };
  await store.commit([put("environments", environment)]);
  return reply(ctx, 201, environment);
}

async function remove(ctx: Ctx): Promise<Reply> {
  const environment = findEnvironment(ctx);
  const { store } = ctx.app;
  const changes: Change[] = [del("environments", environment.sid)];
  for (const kind of ["variables", "deployments", "logs"] as const) {
    for (const rec of store.filter(kind, (r) => r.environmentSid === environment.sid)) changes.push(del(kind, rec.sid));
  }
  await store.commit(changes);
  return { status: 204 };
}

export const routes: Route[] = [
  listRoute(
    "/v1/Services/{ServiceSid}/Environments",
    "ListEnvironment",
    "environments",
    ofService("environments"),
    (ctx, e) => renderEnvironment(ctx.base, e, ctx.app.creds.accountSid),
  ),
  { method: "POST", template: "/v1/Services/{ServiceSid}/Environments", operationId: "CreateEnvironment", handler: create },
  {
    method: "GET",
    template: "/v1/Services/{ServiceSid}/Environments/{Sid}",
    operationId: "FetchEnvironment",
    handler: (ctx) => reply(ctx, 200, findEnvironment(ctx)),
  },
  { method: "DELETE", template: "/v1/Services/{ServiceSid}/Environments/{Sid}", operationId: "DeleteEnvironment", handler: remove },
];
