/**
 * A folder becomes a Twilio site: one Service, and one AssetFolder that publishes `site/` to a
 * `dev` environment. Each file is an Asset with one AssetVersion (`*.protected.*` and `*.private.*`
 * set the visibility and leave the served path), `index.html` is served at the root, and one Build
 * of everything is deployed.
 *
 * Edit a file and `pulumi preview --diff` shows that file's AssetVersion, the Build and the
 * Deployment being replaced, and nothing else; `pulumi up` then uploads that one file.
 *
 * Config `static-site:resourcePerFile false` puts every file in one AssetBundle resource instead
 * (for big folders); `pulumi preview --diff` then lists the changed files in the bundle's diff.
 * Config `static-site:visibility` (JSON, e.g. `{"config/settings.json": "public"}`) overrides the
 * visibility that file names give.
 *
 * Credentials: `pulumi config set twilio:accountSid AC…` and `pulumi config set --secret
 * twilio:authToken …` (or the TWILIO_* environment variables); see provider/README.md. The
 * repository's root Pulumi.yaml runs this program too (`npm run demo`).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AssetFolder, Service, type Visibility } from "pulumi-twilio-serverless";

const config = new pulumi.Config();
const environment = config.get("environment") ?? "dev";

const service = new Service("service", {
  uniqueName: config.get("serviceName") ?? "static-site-demo",
  friendlyName: "Static site example",
});

const site = new AssetFolder("site", {
  service,
  environment: { uniqueName: environment, domainSuffix: environment },
  // Next to this file, wherever the program is run from (the example or the repository root).
  dir: path.join(__dirname, "site"),
  rootPage: "index.html",
  runtime: "node22",
  resourcePerFile: config.getBoolean("resourcePerFile") ?? true,
  visibility: config.getObject<Record<string, Visibility>>("visibility"),
});

export const serviceSid = service.sid;
export const domainName = site.domainName;
export const url = site.url;
export const files = site.files;
