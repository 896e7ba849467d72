/**
 * The benchmark's Pulumi program: the generated folder published as one site with `AssetFolder`
 * (one Asset and one AssetVersion per file, one Build, one Deployment), in a Service of its own.
 * Visibility comes from Twilio's file-name convention (`x.protected.ext`, `x.private.ext`), as with
 * the toolkit. Config: `bench:dir` (absolute), `bench:serviceName`, and `bench:resourcePerFile`
 * (default true; false puts every file in one AssetBundle resource); `bench:environment` (the
 * Environment's uniqueName and domainSuffix, default `dev-environment` and `dev`); `bench:adoptServiceSid` and
 * `bench:adoptEnvironmentSid`, the recovery step after an interrupted update that created the
 * Service or the Environment (bench/interrupt.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { AssetFolder, Service } from "pulumi-twilio-serverless";

const config = new pulumi.Config();

const service = new Service("service", { uniqueName: config.require("serviceName"), adoptSid: config.get("adoptServiceSid") });
const site = new AssetFolder("site", {
  service,
  environment: {
    uniqueName: config.get("environment") ?? "dev-environment",
    domainSuffix: config.get("environment") ?? "dev",
    adoptSid: config.get("adoptEnvironmentSid"),
  },
  dir: config.require("dir"),
  runtime: "node22",
  resourcePerFile: config.getBoolean("resourcePerFile") ?? true,
});

export const url = site.url;
export const buildSid = site.build.sid;
