/**
 * Log (NO).
 *   ListLog   GET /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Logs
 *   FetchLog  GET /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Logs/{Sid}
 * The logs of Function executions: their console output and their failures (functions/host.ts).
 * Filters: FunctionSid, StartDate (default a day ago), EndDate (default now), kept in the meta
 * URLs as Twilio does.
 */
import type { Ctx, Route } from "../context";
import { environmentUrl, findOwned } from "../lookup";
import { listRoute } from "../paging";
import type { LogRec } from "../store/records";
import { PREFIX } from "../sids";
import { findEnvironment } from "./environments";

const BASE = "/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Logs";
const DAY_MS = 24 * 60 * 60 * 1000;

export function renderLog(base: string, l: LogRec, accountSid: string) {
  return {
    sid: l.sid,
    account_sid: accountSid,
    service_sid: l.serviceSid,
    environment_sid: l.environmentSid,
    build_sid: l.buildSid,
    deployment_sid: l.deploymentSid,
    function_sid: l.functionSid,
    request_sid: l.requestSid,
    level: l.level,
    message: l.message,
    date_created: l.dateCreated,
    url: `${environmentUrl(base, l.serviceSid, l.environmentSid)}/Logs/${l.sid}`,
  };
}

function logsOf(ctx: Ctx): LogRec[] {
  const functionSid = ctx.query.sid("FunctionSid", PREFIX.function);
  const start = ctx.query.date("StartDate")?.getTime() ?? Date.now() - DAY_MS;
  const end = ctx.query.date("EndDate")?.getTime() ?? Date.now();
  const environment = findEnvironment(ctx);
  return ctx.app.store.filter("logs", (l) => {
    const at = Date.parse(l.dateCreated);
    return l.environmentSid === environment.sid && at >= start && at <= end && (!functionSid || l.functionSid === functionSid);
  });
}

/** The filters given, in the order Twilio's meta URLs show them. */
function filtersOf(ctx: Ctx): [string, string][] {
  const filters: [string, string][] = [];
  for (const name of ["StartDate", "EndDate", "FunctionSid"]) {
    const value = ctx.query.raw(name);
    if (value !== undefined) filters.push([name, value]);
  }
  return filters;
}

export const routes: Route[] = [
  listRoute(BASE, "ListLog", "logs", logsOf, (ctx, l) => renderLog(ctx.base, l, ctx.app.creds.accountSid), filtersOf),
  {
    method: "GET",
    template: `${BASE}/{Sid}`,
    operationId: "FetchLog",
    handler: (ctx) => {
      const environment = findEnvironment(ctx);
      const log = findOwned(ctx, "logs", ctx.params.Sid, PREFIX.log, (l) => l.environmentSid === environment.sid);
      return { status: 200, body: renderLog(ctx.base, log, ctx.app.creds.accountSid) };
    },
  },
];
