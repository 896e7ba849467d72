/**
 * The site's stack: it owns the Service, the dev environment and every build. Each `pulumi up`
 * that changes a file makes one new build and deploys it to dev; the build is exported as
 * `release`, which the production stack promotes once it has been tested here
 * (../production/index.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { AssetFolder, Service, Variable } from "pulumi-twilio-serverless";

const config = new pulumi.Config();
const service = new Service("service", { uniqueName: config.get("serviceName") ?? "promote-demo", friendlyName: "Promotion example" });
const site = new AssetFolder("site", {
  service,
  dir: `${__dirname}/public`,
  rootPage: "index.html",
  environment: { uniqueName: "dev", domainSuffix: "dev" },
});
// Variables belong to an environment: dev has its own, production its own, and a promotion touches neither.
new Variable("dev-greeting", { serviceSid: service.sid, environmentSid: site.environment.sid, key: "GREETING", value: "hello from dev" });

export const serviceSid = service.sid;
export const url = site.url;
export const domainName = site.domainName;
/** What production promotes: the build deployed to dev, with what it serves. */
export const release = site.release;
