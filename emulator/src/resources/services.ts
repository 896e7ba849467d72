/**
 * Service (ZS).
 *   ListService    GET    /v1/Services
 *   CreateService  POST   /v1/Services
 *   FetchService   GET    /v1/Services/{Sid}
 *   UpdateService  POST   /v1/Services/{Sid}
 *   DeleteService  DELETE /v1/Services/{Sid}
 * `{Sid}` may be the unique name. Deleting a Service removes everything under it, even while its
 * environments serve builds (a real run: plugin-rtc's delete command, run by its end-to-end test
 * after a deploy, deletes the live Service in one request).
 */
import { isoDate, type Ctx, type Reply, type Route } from "../context";
import { conflict, invalid, MESSAGES } from "../errors";
import { DOMAIN_LABEL, FIELD_LENGTHS } from "../facts";
import { findService, serviceUrl } from "../lookup";
import { listRoute } from "../paging";
import { del, KINDS, put, type Change, type ServiceRec } from "../store/records";
import { newSid, PREFIX, randomDigits } from "../sids";

export function renderService(base: string, s: ServiceRec, accountSid: string) {
  const url = serviceUrl(base, s.sid);
  return {
    sid: s.sid,
    account_sid: accountSid,
    friendly_name: s.friendlyName,
    unique_name: s.uniqueName,
    include_credentials: s.includeCredentials,
    ui_editable: s.uiEditable,
    domain_base: s.domainBase,
    date_created: s.dateCreated,
    date_updated: s.dateUpdated,
    url,
    links: {
      environments: `${url}/Environments`,
      functions: `${url}/Functions`,
      assets: `${url}/Assets`,
      builds: `${url}/Builds`,
    },
  };
}

function reply(ctx: Ctx, status: number, s: ServiceRec): Reply {
  return { status, body: renderService(ctx.base, s, ctx.app.creds.accountSid) };
}

/** `{unique name}-{4 digits}`, lower case (it is a host name), unused by any other service. */
function newDomainBase(ctx: Ctx, uniqueName: string): string {
  const taken = new Set(ctx.app.store.all("services").map((s) => s.domainBase));
  for (;;) {
    const base = `${uniqueName.toLowerCase()}-${randomDigits()}`;
    if (!taken.has(base)) return base;
  }
}

async function create(ctx: Ctx): Promise<Reply> {
  const form = await ctx.form();
  const uniqueName = form.string("UniqueName", { required: true, max: FIELD_LENGTHS.serviceUniqueName });
  if (!DOMAIN_LABEL.test(uniqueName)) throw invalid(MESSAGES.invalidName("UniqueName", uniqueName));
  const friendlyName = form.string("FriendlyName", { required: true, max: FIELD_LENGTHS.friendlyName });
  const includeCredentials = form.bool("IncludeCredentials") ?? true;
  const uiEditable = form.bool("UiEditable") ?? false;
  const { store, limits } = ctx.app;
  // Unique names become host names, so two that differ only in case would collide.
  if (store.find("services", (s) => s.uniqueName.toLowerCase() === uniqueName.toLowerCase())) {
    throw conflict(MESSAGES.duplicateService);
  }
  if (store.count("services") >= limits.servicesPerAccount) throw invalid(MESSAGES.servicesLimit(limits.servicesPerAccount));
  const now = isoDate();
  const service: ServiceRec = {
    sid: newSid(PREFIX.service),
    uniqueName,
    friendlyName,
    includeCredentials,
    uiEditable,
    domainBase: newDomainBase(ctx, uniqueName),
    dateCreated: now,
    dateUpdated: now,
  };
  await store.commit([put("services", service)]);
  return reply(ctx, 201, service);
}

async function update(ctx: Ctx): Promise<Reply> {
  const form = await ctx.form();
  const service = findService(ctx);
  const friendlyName = form.string("FriendlyName", { max: FIELD_LENGTHS.friendlyName });
  const includeCredentials = form.bool("IncludeCredentials");
  const uiEditable = form.bool("UiEditable");
  const updated: ServiceRec = {
    ...service,
    friendlyName: friendlyName || service.friendlyName,
    includeCredentials: includeCredentials ?? service.includeCredentials,
    uiEditable: uiEditable ?? service.uiEditable,
    dateUpdated: isoDate(),
  };
  await ctx.app.store.commit([put("services", updated)]);
  return reply(ctx, 200, updated);
}

/** Kinds that hang off a service (by `serviceSid`), deleted with it. */
const OWNED_KINDS = KINDS.filter((k) => k !== "services" && k !== "buildStarts");

async function remove(ctx: Ctx): Promise<Reply> {
  const service = findService(ctx);
  const { store } = ctx.app;
  const live = store.filter("environments", (e) => e.serviceSid === service.sid && e.buildSid !== null);
  for (const e of live) ctx.app.log(`Environment ${e.sid} (${e.domainName}) stops serving: its Service ${service.sid} is deleted`);
  const changes: Change[] = [del("services", service.sid)];
  for (const kind of OWNED_KINDS) {
    for (const rec of store.filter(kind, (r) => (r as { serviceSid: string }).serviceSid === service.sid)) {
      changes.push(del(kind, rec.sid));
    }
  }
  await store.commit(changes);
  ctx.app.scheduleGc();
  return { status: 204 };
}

export const routes: Route[] = [
  listRoute(
    "/v1/Services",
    "ListService",
    "services",
    (ctx) => ctx.app.store.all("services"),
    (ctx, s) => renderService(ctx.base, s, ctx.app.creds.accountSid),
  ),
  { method: "POST", template: "/v1/Services", operationId: "CreateService", handler: create },
  { method: "GET", template: "/v1/Services/{Sid}", operationId: "FetchService", handler: (ctx) => reply(ctx, 200, findService(ctx)) },
  { method: "POST", template: "/v1/Services/{Sid}", operationId: "UpdateService", handler: update },
  { method: "DELETE", template: "/v1/Services/{Sid}", operationId: "DeleteService", handler: remove },
];
