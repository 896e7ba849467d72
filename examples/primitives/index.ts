/**
 * The primitive resources, used directly: a Service with one Environment; one Asset and one
 * AssetVersion per file under `site/` (the subfolder `public/`, `protected/` or `private/` gives
 * the visibility, the rest of the file's path its URL path); one Build of all the versions; one
 * Deployment of that build to the environment.
 *
 * Edit one file and `pulumi preview --diff` shows that file's AssetVersion, the Build and the
 * Deployment being replaced, and nothing else; `pulumi up` then uploads that one file.
 *
 * Credentials: `pulumi config set twilio:accountSid AC…` and `pulumi config set --secret
 * twilio:authToken …` (or the TWILIO_* environment variables); see provider/README.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Asset, AssetVersion, Build, Deployment, Environment, Service, type Visibility } from "pulumi-twilio-serverless";

const config = new pulumi.Config();
const siteDir = path.resolve(config.get("siteDir") ?? "site");
const VISIBILITIES: Visibility[] = ["public", "protected", "private"];

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

const service = new Service("service", {
  uniqueName: config.require("uniqueName"),
  friendlyName: "Primitives example",
});

const environment = new Environment("environment", {
  serviceSid: service.sid,
  uniqueName: "dev-environment",
  domainSuffix: config.get("domainSuffix") ?? "dev",
});

const versions: AssetVersion[] = [];
const paths: Record<Visibility, string[]> = { public: [], protected: [], private: [] };
for (const visibility of VISIBILITIES) {
  for (const file of filesUnder(path.join(siteDir, visibility))) {
    const urlPath = `/${file}`;
    const asset = new Asset(file, { serviceSid: service.sid, friendlyName: urlPath });
    versions.push(
      new AssetVersion(file, {
        serviceSid: service.sid,
        assetSid: asset.sid,
        path: urlPath,
        visibility,
        contentFile: path.join(siteDir, visibility, file),
      }),
    );
    paths[visibility].push(urlPath);
  }
}

const build = new Build("build", {
  serviceSid: service.sid,
  assetVersions: versions.map((v) => v.sid),
  runtime: "node22",
});

const deployment = new Deployment("deployment", {
  serviceSid: service.sid,
  environmentSid: environment.sid,
  buildSid: build.sid,
});

export const serviceSid = service.sid;
export const environmentSid = environment.sid;
export const domainName = environment.domainName;
export const url = environment.url;
export const buildSid = build.sid;
export const deploymentSid = deployment.sid;
export const publicPaths = paths.public;
export const protectedPaths = paths.protected;
export const privatePaths = paths.private;
