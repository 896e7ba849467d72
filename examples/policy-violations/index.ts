/**
 * One program, many stacks: the `scenario` config picks a stack that breaks exactly one rule of the
 * policy pack (the scenario is named after the rule), a `compliant` stack that breaks none, or an
 * `advisory` stack that only earns warnings. Meant for `pulumi preview --policy-pack ../../policy
 * --policy-pack-config policy-config.json`: nothing here should ever be deployed.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  Asset,
  AssetVersion,
  Build,
  Deployment,
  Environment,
  Function as TwilioFunction,
  FunctionVersion,
  Service,
} from "pulumi-twilio-serverless";

type Visibility = "public" | "protected" | "private";

interface VersionSpec {
  path: string;
  visibility?: Visibility;
  /** A file under files/; otherwise `text` (default: the resource name) is the content. */
  file?: string;
  text?: string;
  /** The Asset this is a version of; default: a new Asset of its own. */
  asset?: Asset;
}

function service(name: string): Service {
  return new Service(name, { uniqueName: `policy-${name}` });
}

/** An AssetVersion (and, unless given, its own Asset) in `svc`. */
function version(svc: Service, name: string, spec: VersionSpec): AssetVersion {
  const asset = spec.asset ?? new Asset(name, { serviceSid: svc.sid, friendlyName: name });
  return new AssetVersion(`${name}-v`, {
    serviceSid: svc.sid,
    assetSid: asset.sid,
    path: spec.path,
    visibility: spec.visibility ?? "public",
    ...(spec.file ? { contentFile: `files/${spec.file}` } : { content: new pulumi.asset.StringAsset(spec.text ?? name) }),
  });
}

/** A Function with one version (its source is a tiny handler) in `svc`. */
function functionVersion(svc: Service, name: string): FunctionVersion {
  const fn = new TwilioFunction(name, { serviceSid: svc.sid, friendlyName: name });
  return new FunctionVersion(`${name}-v`, {
    serviceSid: svc.sid,
    functionSid: fn.sid,
    path: `/${name}`,
    visibility: "public",
    content: new pulumi.asset.StringAsset("exports.handler = (context, event, callback) => callback(null, 'ok');\n"),
  });
}

/** A Build of `versions`, deployed to an Environment of its own unless `deployed` is false. */
function build(svc: Service, name: string, versions: AssetVersion[], deployed = true, functions: FunctionVersion[] = []): Build {
  const b = new Build(name, {
    serviceSid: svc.sid,
    assetVersions: versions.map((v) => v.sid),
    functionVersions: functions.map((f) => f.sid),
  });
  if (deployed) {
    const environment = new Environment(`${name}-env`, { serviceSid: svc.sid, uniqueName: name });
    new Deployment(`${name}-deploy`, { serviceSid: svc.sid, environmentSid: environment.sid, buildSid: b.sid });
  }
  return b;
}

/** The compliant site: an HTML root page, a stylesheet and a private config, built and deployed. */
function site(svc: Service, extra: AssetVersion[] = []): Build {
  return build(svc, "site", [
    version(svc, "index", { path: "/assets/index.html", file: "index.html" }),
    version(svc, "style", { path: "/style.css", file: "style.css" }),
    version(svc, "settings", { path: "/settings.json", visibility: "private", text: '{"greeting":"hello"}' }),
    ...extra,
  ]);
}

const scenarios: Record<string, () => void> = {
  compliant: () => site(service("compliant")),

  advisory: () => {
    const svc = service("advisory");
    site(svc, [
      version(svc, "photo", { path: "/photo.jpg", file: "photo-with-gps.jpg" }),
      version(svc, "dotenv", { path: "/.env", text: "API_TOKEN=not-a-real-token\n" }),
    ]);
    version(svc, "draft", { path: "/draft.txt", visibility: "private" }); // in no Build
    build(svc, "unreleased", [version(svc, "next", { path: "/next.css", text: "p {}" })], false); // no Deployment
  },

  // policy-config.json lowers maxProtectedBytes to 1,000 (the provider's check itself refuses Twilio's 25 MB)
  "asset-version-size-limit": () => {
    const svc = service("size");
    site(svc, [version(svc, "big", { path: "/big.txt", visibility: "protected", text: "x".repeat(2000) })]);
  },

  // policy-config.json lowers maxPublicAssetVersions to 4; the site has 2
  "build-public-asset-version-limit": () => {
    const svc = service("public-count");
    site(svc, ["a", "b", "c"].map((n) => version(svc, n, { path: `/${n}.txt` })));
  },

  // policy-config.json lowers maxPrivateAssetVersions to 2; the site has 1
  "build-private-asset-version-limit": () => {
    const svc = service("private-count");
    site(svc, [version(svc, "p1", { path: "/p1.txt", visibility: "private" }), version(svc, "p2", { path: "/p2.txt", visibility: "private" })]);
  },

  // policy-config.json lowers maxFunctionVersions to 2
  "build-function-version-limit": () => {
    const svc = service("function-count");
    const functions = ["hello", "status", "webhook"].map((n) => functionVersion(svc, n));
    build(svc, "api", [version(svc, "index", { path: "/assets/index.html", file: "index.html" })], true, functions);
  },

  "build-unique-paths": () => {
    const svc = service("paths");
    site(svc, [version(svc, "style-copy", { path: "style.css", text: "body {}" })]);
  },

  "build-one-version-per-asset": () => {
    const svc = service("one-version");
    const logo = new Asset("logo", { serviceSid: svc.sid, friendlyName: "logo" });
    site(svc, [version(svc, "logo-1", { path: "/logo.png", file: "logo.png", asset: logo }), version(svc, "logo-2", { path: "/logo-2.png", file: "logo.png", asset: logo })]);
  },

  "service-environment-limit": () => {
    const svc = service("environments");
    site(svc); // one Environment
    for (let i = 1; i <= 25; i++) new Environment(`env-${i}`, { serviceSid: svc.sid, uniqueName: `env-${i}` });
  },

  "service-count-limit": () => {
    site(service("services"));
    for (let i = 1; i <= 50; i++) service(`extra-${i}`);
  },

  // policy-config.json lowers maxPathLength to 32 (the provider's check itself refuses what Twilio refuses)
  "version-path-valid": () => {
    const svc = service("path-length");
    site(svc, [version(svc, "deep", { path: "/a/very/deep/folder/structure/readme.txt" })]);
  },

  "asset-version-root-public": () => {
    const svc = service("root");
    site(svc, [version(svc, "home", { path: "/", visibility: "private", file: "index.html" })]);
  },

  "asset-version-root-index-html": () => {
    const svc = service("index-html");
    build(svc, "site", [version(svc, "index", { path: "/assets/index.html", file: "logo.png" })]); // a PNG
  },
};

const scenario = new pulumi.Config().require("scenario");
const make = scenarios[scenario];
if (!make) throw new Error(`unknown scenario "${scenario}"; expected one of: ${Object.keys(scenarios).join(", ")}`);
make();
