/**
 * The live suite's ServerlessProject (test/live/scenarios.ts): `app/` holds one public Function,
 * `/hello`, which answers the `GREETING` Variable of `app/.env`, and no Asset. The `project`
 * scenario edits `.env` between updates; the `failing-build` scenario edits package.json.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ServerlessProject } from "pulumi-twilio-serverless";

const config = new pulumi.Config();

const app = new ServerlessProject("app", {
  dir: path.join(__dirname, "app"),
  serviceName: config.require("serviceName"),
  environment: "dev",
});

export const domainName = app.domainName;
export const functions = app.functionUrls;
/** For the scenario's change made outside Pulumi. */
export const serviceSid = app.build.serviceSid;
export const environmentSid = app.environment.sid;
