/**
 * The benchmark's Pulumi program: the generated folder published as one site with `AssetFolder`
 * (one Asset and one AssetVersion per file, one Build, one Deployment), in a Service of its own.
 * Visibility comes from Twilio's file-name convention (`x.protected.ext`, `x.private.ext`), as with
 * the toolkit. Config: `bench:dir` (absolute), `bench:serviceName`, and `bench:resourcePerFile`
 * (default true; false puts every file in one AssetBundle resource).
 */
import * as pulumi from "@pulumi/pulumi";
import { AssetFolder, Service } from "pulumi-twilio-serverless";

const config = new pulumi.Config();

const service = new Service("service", { uniqueName: config.require("serviceName") });
const site = new AssetFolder("site", {
  service,
  environment: { uniqueName: "dev-environment", domainSuffix: "dev" },
  dir: config.require("dir"),
  runtime: "node22",
  resourcePerFile: config.getBoolean("resourcePerFile") ?? true,
});

export const url = site.url;
export const buildSid = site.build.sid;
