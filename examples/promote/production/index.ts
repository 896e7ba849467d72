/**
 * Production's stack: it owns the production environment and what is deployed there, nothing
 * else. `pulumi up` here promotes the release the site's stack exported (the build live in dev):
 * one Deployment, no upload, no build. Run it when dev is tested; until then, production keeps
 * serving the build it promoted last, whatever dev deploys meanwhile.
 */
import * as pulumi from "@pulumi/pulumi";
import { Promotion, Variable } from "pulumi-twilio-serverless";

const config = new pulumi.Config();
const site = new pulumi.StackReference(config.get("siteStack") ?? "organization/promote-site/dev");
const production = new Promotion("production", {
  release: site.requireOutput("release"),
  environment: { uniqueName: "production", domainSuffix: "prod" },
});
new Variable("production-greeting", {
  serviceSid: site.requireOutput("serviceSid"),
  environmentSid: production.environment.sid,
  key: "GREETING",
  value: "hello from production",
});

export const url = production.url;
export const domainName = production.domainName;
export const buildSid = production.buildSid;
