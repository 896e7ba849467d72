/**
 * A Serverless Toolkit project, deployed unchanged: `app/` is laid out as `twilio serverless:init`
 * lays a project out (functions/, assets/, .env, package.json, .twilioserverlessrc), and one
 * ServerlessProject deploys what `twilio serverless:deploy` would deploy from it: a Function per
 * `.js` file under functions/, an Asset per file under assets/, a Variable per .env entry, the
 * package.json dependencies and the rc file's runtime in one Build, deployed to the `dev`
 * environment.
 *
 * Edit `app/functions/hello world.js` (served at /hello-world) and `pulumi preview --diff` shows that FunctionVersion, the
 * Build and the Deployment being replaced; `pulumi up` uploads that one file.
 *
 * Credentials: `pulumi config set twilio:accountSid AC…` and `pulumi config set --secret
 * twilio:authToken …` (or the TWILIO_* environment variables); see provider/README.md.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ServerlessProject } from "pulumi-twilio-serverless";

const config = new pulumi.Config();

const app = new ServerlessProject("app", {
  dir: path.join(__dirname, "app"),
  serviceName: config.get("serviceName") || undefined,
  environment: config.get("environment") ?? "dev",
  // `pulumi config set toolkit-project:resourcePerFile true`: an Asset and an AssetVersion resource per asset.
  resourcePerFile: config.getBoolean("resourcePerFile"),
});

export const url = app.url;
export const serviceSid = app.build.serviceSid;
export const environmentSid = app.environment.sid;
/** Path → file, visibility and URL; private entries are listed with served: false and no URL. */
export const functions = app.functionUrls;
export const assets = app.assetUrls;
