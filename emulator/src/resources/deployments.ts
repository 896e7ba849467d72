/**
 * Deployment (ZD).
 *   ListDeployment    GET  /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Deployments (newest first)
 *   CreateDeployment  POST /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Deployments
 *   FetchDeployment   GET  /v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Deployments/{Sid}
 * A deployment makes the environment serve its build; one without BuildSid un-deploys it (the
 * way to stop serving, since deployments cannot be deleted). Asking for what the environment
 * already has is 409/20409, as on Twilio: the build already live (serverless-api#27), or no build
 * where none is live (twilio-cli#215).
 */
import { isoDate, type Ctx, type Reply, type Route } from "../context";
import { conflict, invalid, MESSAGES } from "../errors";
import { environmentUrl, findOwned } from "../lookup";
import { listRoute, newestFirst } from "../paging";
import { put, type DeploymentRec, type EnvironmentRec } from "../store/records";
import { newSid, PREFIX } from "../sids";
import { buildStatus } from "./builds";
import { findEnvironment, ofEnvironment } from "./environments";

const BASE = "/v1/Services/{ServiceSid}/Environments/{EnvironmentSid}/Deployments";

export function renderDeployment(base: string, d: DeploymentRec, accountSid: string) {
  return {
    sid: d.sid,
    account_sid: accountSid,
    service_sid: d.serviceSid,
    environment_sid: d.environmentSid,
    build_sid: d.buildSid,
    date_created: d.dateCreated,
    // Twilio leaves it null (RJPearson94/terraform-provider-twilio: TestCheckNoResourceAttr on a
    // deployment's date_updated in every acceptance test of the resource, 2020–2025).
    date_updated: null,
    url: `${environmentUrl(base, d.serviceSid, d.environmentSid)}/Deployments/${d.sid}`,
  };
}

/** Checks that `buildSid` may go live in `environment`; throws Twilio's refusal otherwise. */
function checkDeployable(ctx: Ctx, environment: EnvironmentRec, buildSid: string): void {
  const build = ctx.app.store.get("builds", buildSid);
  if (!build || build.serviceSid !== environment.serviceSid) throw invalid(MESSAGES.unknownBuild(buildSid));
  const status = buildStatus(build);
  if (status !== "completed") throw invalid(MESSAGES.buildNotDeployable(buildSid, status));
  if (environment.buildSid === buildSid) throw conflict(MESSAGES.alreadyDeployed);
}

async function create(ctx: Ctx): Promise<Reply> {
  const form = await ctx.form();
  const environment = findEnvironment(ctx);
  const buildSid = form.sid("BuildSid", PREFIX.build) ?? null;
  const isPlugin = form.bool("IsPlugin") ?? false;
  if (buildSid !== null) checkDeployable(ctx, environment, buildSid);
  else if (environment.buildSid === null) throw conflict(MESSAGES.alreadyUndeployed);
  const now = isoDate();
  const deployment: DeploymentRec = {
    sid: newSid(PREFIX.deployment),
    serviceSid: environment.serviceSid,
    environmentSid: environment.sid,
    buildSid,
    isPlugin,
    dateCreated: now,
    dateUpdated: now,
  };
  await ctx.app.store.commit([put("deployments", deployment), put("environments", { ...environment, buildSid, dateUpdated: now })]);
  if (buildSid === null) ctx.app.log(`Environment ${environment.sid} (${environment.domainName}) un-deployed`);
  return { status: 201, body: renderDeployment(ctx.base, deployment, ctx.app.creds.accountSid) };
}

export const routes: Route[] = [
  listRoute(
    BASE,
    "ListDeployment",
    "deployments",
    newestFirst(ofEnvironment("deployments")),
    (ctx, d) => renderDeployment(ctx.base, d, ctx.app.creds.accountSid),
  ),
  { method: "POST", template: BASE, operationId: "CreateDeployment", handler: create },
  {
    method: "GET",
    template: `${BASE}/{Sid}`,
    operationId: "FetchDeployment",
    handler: (ctx) => {
      const environment = findEnvironment(ctx);
      const d = findOwned(ctx, "deployments", ctx.params.Sid, PREFIX.deployment, (x) => x.environmentSid === environment.sid);
      return { status: 200, body: renderDeployment(ctx.base, d, ctx.app.creds.accountSid) };
    },
  },
];
