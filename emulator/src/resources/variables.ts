/**
 * Variable (ZV).
 *   ListVariable    GET    /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables
 *   CreateVariable  POST   /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables
 *   FetchVariable   GET    /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables/{Sid}
 *   UpdateVariable  POST   /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables/{Sid}
 *   DeleteVariable  DELETE /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables/{Sid}
 * Keys are unique per environment (409), Value is at most 450 bytes.
 */
import { isoDate, type Ctx, type Reply, type Route } from "../context";
import { conflict, MESSAGES } from "../errors";
import { FIELD_LENGTHS } from "../facts";
import { environmentUrl, findOwned } from "../lookup";
import { listRoute } from "../paging";
import { del, put, type VariableRec } from "../store/records";
import { newSid, PREFIX } from "../sids";
import { findEnvironment, ofEnvironment } from "./environments";

const BASE = "/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Variables";

export function renderVariable(base: string, v: VariableRec, accountSid: string) {
  return {
    sid: v.sid,
    account_sid: accountSid,
    service_sid: v.serviceSid,
    environment_sid: v.environmentSid,
    key: v.key,
    value: v.value,
    date_created: v.dateCreated,
    date_updated: v.dateUpdated,
    url: `${environmentUrl(base, v.serviceSid, v.environmentSid)}/Variables/${v.sid}`,
  };
}

function reply(ctx: Ctx, status: number, v: VariableRec): Reply {
  return { status, body: renderVariable(ctx.base, v, ctx.app.creds.accountSid) };
}

function findVariable(ctx: Ctx): VariableRec {
  const environment = findEnvironment(ctx);
  return findOwned(ctx, "variables", ctx.params.Sid, PREFIX.variable, (v) => v.environmentSid === environment.sid);
}

function keyTaken(ctx: Ctx, environmentSid: string, key: string, except?: string): boolean {
  return !!ctx.app.store.find("variables", (v) => v.environmentSid === environmentSid && v.key === key && v.sid !== except);
}

async function create(ctx: Ctx): Promise<Reply> {
  const form = await ctx.form();
  const environment = findEnvironment(ctx);
  const key = form.string("Key", { required: true, max: FIELD_LENGTHS.variableKey });
  const value = form.string("Value", { required: true, maxBytes: FIELD_LENGTHS.variableValueBytes });
  if (keyTaken(ctx, environment.sid, key)) throw conflict(MESSAGES.duplicateVariable);
  const now = isoDate();
  const variable: VariableRec = {
    sid: newSid(PREFIX.variable),
    serviceSid: environment.serviceSid,
    environmentSid: environment.sid,
    key,
    value,
    dateCreated: now,
    dateUpdated: now,
  };
  await ctx.app.store.commit([put("variables", variable)]);
  return reply(ctx, 201, variable);
}

async function update(ctx: Ctx): Promise<Reply> {
  const form = await ctx.form();
  const variable = findVariable(ctx);
  const key = form.string("Key", { max: FIELD_LENGTHS.variableKey }) || variable.key;
  const value = form.string("Value", { maxBytes: FIELD_LENGTHS.variableValueBytes }) ?? variable.value;
  if (keyTaken(ctx, variable.environmentSid, key, variable.sid)) throw conflict(MESSAGES.duplicateVariable);
  const updated: VariableRec = { ...variable, key, value, dateUpdated: isoDate() };
  await ctx.app.store.commit([put("variables", updated)]);
  return reply(ctx, 200, updated);
}

export const routes: Route[] = [
  listRoute(
    BASE,
    "ListVariable",
    "variables",
    ofEnvironment("variables"),
    (ctx, v) => renderVariable(ctx.base, v, ctx.app.creds.accountSid),
  ),
  { method: "POST", template: BASE, operationId: "CreateVariable", handler: create },
  { method: "GET", template: `${BASE}/{Sid}`, operationId: "FetchVariable", handler: (ctx) => reply(ctx, 200, findVariable(ctx)) },
  { method: "POST", template: `${BASE}/{Sid}`, operationId: "UpdateVariable", handler: update },
  {
    method: "DELETE",
    template: `${BASE}/{Sid}`,
    operationId: "DeleteVariable",
    handler: async (ctx) => {
      const variable = findVariable(ctx);
      await ctx.app.store.commit([del("variables", variable.sid)]);
      return { status: 204 };
    },
  },
];
