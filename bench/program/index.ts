/**
 * The benchmark's Pulumi program: the generated folder published as one site with `AssetFolder`
 * (its files in one AssetBundle, one Build, one Deployment), in a Service of its own. Visibility
 * comes from Twilio's file-name convention (`x.protected.ext`, `x.private.ext`), as with the
 * toolkit. It is a TypeScript program as `pulumi new typescript` makes one (its template's
 * tsconfig.json, run by ts-node). Config: `bench:dir` (absolute), `bench:serviceName`, and
 * `bench:resourcePerFile` (unset: the component's default; true: an Asset and an AssetVersion
 * resource per file); `bench:environment` (the
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
  resourcePerFile: config.getBoolean("resourcePerFile"),
});

export const url = site.url;
export const buildSid = site.build.sid;
