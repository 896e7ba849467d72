/**
 * A folder becomes a Twilio site: one Service, and one AssetFolder that publishes `site/` to a
 * `dev` environment. Each file is an Asset with one version, all held by one AssetBundle
 * (`*.protected.*` and `*.private.*` set the visibility and leave the served path), `index.html` is
 * served at the root, and one Build of everything is deployed.
 *
 * Edit a file and `pulumi preview` names it on the AssetBundle's row (`--diff` shows that file's
 * properties, and its path in the Build being replaced with the Deployment, and nothing else);
 * `pulumi up` then uploads that one file.
 *
 * Next to the files, one public Function, `/greeting` (functions/greeting.js), reads the private
 * settings through `Runtime.getAssets()` and answers with JSON: it is in the same Build.
 *
 * Config `static-site:resourcePerFile true` makes each file an Asset and an AssetVersion resource
 * instead (the default before 0.2.0); `pulumi preview --diff` then shows the edited file's AssetVersion
 * replaced.
 * Config `static-site:visibility` (JSON, e.g. `{"config/settings.json": "public"}`) overrides the
 * visibility that file names give.
 *
 * Credentials: `pulumi config set twilio:accountSid AC…` and `pulumi config set --secret
 * twilio:authToken …` (or the TWILIO_* environment variables); see provider/README.md. The
 * repository's root Pulumi.yaml runs this program too (`npm run demo`).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AssetFolder, FunctionVersion, Service, Function as TwilioFunction, type Visibility } from "pulumi-twilio-serverless";

const config = new pulumi.Config();
const environment = config.get("environment") ?? "dev";

const service = new Service("service", {
  uniqueName: config.get("serviceName") ?? "static-site-demo",
  friendlyName: "Static site example",
});

const greetingFunction = new TwilioFunction("greeting", { serviceSid: service.sid, friendlyName: "greeting" });
const greeting = new FunctionVersion("greeting", {
  serviceSid: service.sid,
  functionSid: greetingFunction.sid,
  path: "/greeting",
  visibility: "public",
  contentFile: path.join(__dirname, "functions", "greeting.js"),
});

const site = new AssetFolder("site", {
  service,
  environment: { uniqueName: environment, domainSuffix: environment },
  // Next to this file, wherever the program is run from (the example or the repository root).
  dir: path.join(__dirname, "site"),
  rootPage: "index.html",
  functionVersions: [greeting],
  runtime: "node22",
  resourcePerFile: config.getBoolean("resourcePerFile"),
  visibility: config.getObject<Record<string, Visibility>>("visibility"),
});

export const serviceSid = service.sid;
export const domainName = site.domainName;
export const url = site.url;
export const files = site.files;
/** The Functions in the build, by path: what the demo calls next to the files. */
export const functions = { "/greeting": { url: pulumi.interpolate`${site.url}/greeting`, visibility: greeting.visibility } };
