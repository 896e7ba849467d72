/**
 * ServerlessProject: a Serverless Toolkit project (functions/, assets/, .env, package.json,
 * .twilioserverlessrc) deployed as `twilio serverless:deploy` deploys it.
 *
 * The project is read when the program runs (`toolkit/project.ts`; every problem is thrown then,
 * before anything is written). Each Function file becomes a Function and a FunctionVersion, named
 * `<component name>/<folder>/<path in the folder>`; the assets are one AssetBundle (or, with
 * `resourcePerFile: true`, an Asset and an AssetVersion each, named like the Functions), as in
 * AssetFolder (`siteAssets.ts`). An edited file uploads only itself; each env-file
 * entry becomes a Variable (its value a secret); all versions go into one Build with the
 * package.json Dependencies and the runtime, deployed to the Environment by one Deployment once
 * the Variables are set.
 */
import * as nodePath from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Asset } from "../resources/asset";
import type { AssetBundle } from "../resources/assetBundle";
import type { AssetCleanup } from "../resources/assetCleanup";
import type { AssetVersion } from "../resources/assetVersion";
import { Build } from "../resources/build";
import { BuildCleanup } from "../resources/buildCleanup";
import { declaring } from "./declarationError";
import { Deployment } from "../resources/deployment";
import { Environment } from "../resources/environment";
import { Function as TwilioFunction } from "../resources/function";
import { FunctionVersion } from "../resources/functionVersion";
import { type Runtime, servedPathOf, type Visibility } from "../core/limits";
import { projectMessages } from "../core/messages";
import { Service, type ServiceResource } from "../resources/service";
import type { Release } from "../core/release";
import { buildFiles, cleanupAfter, declareSiteAssets, siteRelease, versionSidOf } from "./siteAssets";
import { SERVERLESS_PROJECT_TOKEN } from "../core/kinds";
import { readToolkitProject, type ToolkitProject } from "../toolkit/project";
import type { ProjectFile } from "../toolkit/projectFiles";
import { IGNORED_SETTINGS } from "../toolkit/rcFile";
import { Variable } from "../resources/variable";

export { readToolkitProject, type ToolkitProject, type ReadProjectOptions } from "../toolkit/project";
export { type ProjectFile, toolkitPathOf } from "../toolkit/projectFiles";

export interface ServerlessProjectArgs {
  /** The toolkit project's directory (relative to the program's working directory, or absolute). */
  dir: string;
  /**
   * The Service: a `Service` resource or its SID (ZS…). Default: the rc file's `serviceSid`, else
   * a new Service named as the toolkit names it (the rc file's `serviceName`, else package.json's `name`).
   */
  service?: ServiceResource | pulumi.Input<string>;
  /** The uniqueName of the Service the component creates (the toolkit's `--service-name`). Default: the rc file's `serviceName`, else package.json's `name`. */
  serviceName?: string;
  /**
   * Where to deploy: an `Environment` resource, or the toolkit's `--environment` value, a domain
   * suffix ("" for the environment without one), for an Environment the component creates as the
   * toolkit would (`<suffix>-environment`, or `production`). Default: the rc file's `environment`,
   * else "dev". The rc file's `environments[...]` overrides follow this value ("dev" when omitted,
   * none when an Environment resource is given).
   */
  environment?: Environment | string;
  /** The build's runtime, e.g. `node22`. Default: the rc file's `runtime`, else Twilio's. */
  runtime?: Runtime;
  /** The rc file, relative to `dir` (the toolkit's `--config`). Default: found as the toolkit finds it. */
  config?: string;
  /**
   * The assets' layout, as in `AssetFolder`. `false` (the default): all assets in one `AssetBundle`
   * resource, whose preview names the files that change. `true`: an Asset and an AssetVersion
   * resource per file. Functions are always one resource each. Switching keeps the project's
   * Assets and uploads nothing that is already there.
   */
  resourcePerFile?: boolean;
}

/** One Function or Asset of the project, by its path. */
export interface ProjectEntry {
  /** The file, relative to the project: `functions/sms/reply.protected.js`. */
  file: string;
  /** Who may fetch it: `public` (anyone), `protected` (requests with a valid X-Twilio-Signature) or `private` (never served, only packaged with the build). */
  visibility: Visibility;
  /** False for private entries, which Twilio never serves. */
  served: boolean;
  /** `https://{domain}{path}`; absent for private entries. */
  url?: string;
}

function entries(files: ProjectFile[], folder: string | undefined, project: ToolkitProject, url: pulumi.Output<string>): pulumi.Output<Record<string, ProjectEntry>> {
  const prefix = folder ? `${nodePath.relative(project.dir, folder).split(nodePath.sep).join("/")}/` : "";
  return url.apply((base) =>
    Object.fromEntries(
      files.map((f) => {
        const served = f.visibility !== "private";
        const entry: ProjectEntry = { file: prefix + f.file, visibility: f.visibility, served, ...(served ? { url: base + f.path } : {}) };
        return [f.path, entry];
      }),
    ),
  );
}

/**
 * A Serverless Toolkit project (`twilio serverless:init`, `twilio-run`) deployed as `twilio
 * serverless:deploy` deploys it: a Function per `.js` file under functions/, an Asset per file
 * under assets/, a Variable per `.env` entry, package.json's dependencies, and the rc file's
 * settings.
 */
export class ServerlessProject extends pulumi.ComponentResource {
  static readonly __pulumiType = SERVERLESS_PROJECT_TOKEN;

  /** The project as read when the program ran. */
  readonly project: ToolkitProject;
  /** The Service the component made, when it was given none and the rc file names none. */
  readonly service?: Service;
  /** The Environment the site is deployed to: the one the component made, or the one it was given. */
  readonly environment: Environment;
  /** By the Function's path (`/sms/reply`). */
  readonly functions: Record<string, TwilioFunction> = {};
  /** By the Function's path (`/sms/reply`). */
  readonly functionVersions: Record<string, FunctionVersion> = {};
  /** By the Asset's path (`/logo.png`). */
  readonly assets: Record<string, Asset> = {};
  /** By the Asset's path (`/logo.png`). */
  readonly assetVersions: Record<string, AssetVersion> = {};
  /** With `resourcePerFile: false`: the resource holding every asset, and the one deleting removed assets' Assets. */
  readonly bundle?: AssetBundle;
  /** With `resourcePerFile: false`: deletes removed assets' Assets once the new Deployment is live. */
  readonly cleanup?: AssetCleanup;
  /** By key. */
  readonly variables: Record<string, Variable> = {};
  /** The Build of the project's Functions and assets, with its dependencies. */
  readonly build: Build;
  /** The Deployment of the build to the environment. */
  readonly deployment: Deployment;
  /** Deletes the builds this project let go of while another environment served them, once none does. */
  readonly buildCleanup: BuildCleanup;
  /** The build this project made and deployed, with what it serves, for a `Promotion` elsewhere. */
  readonly release: pulumi.Output<Release>;
  /** The environment's URL, `https://{domain}`. */
  readonly url: pulumi.Output<string>;
  /** The environment's domain, `{domainBase}[-{domainSuffix}].twil.io`. */
  readonly domainName: pulumi.Output<string>;
  /** Function path → file, visibility and URL (known once the deployment is). */
  readonly functionUrls: pulumi.Output<Record<string, ProjectEntry>>;
  /** Asset path → file, visibility and URL (known once the deployment is). */
  readonly assetUrls: pulumi.Output<Record<string, ProjectEntry>>;

  constructor(name: string, args: ServerlessProjectArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SERVERLESS_PROJECT_TOKEN, name, {}, opts);
    const child = { parent: this };
    const environmentArg = pulumi.Resource.isInstance(args.environment) ? undefined : (args.environment as string | undefined);
    const project = declaring(this, () =>
      readToolkitProject(
        args.dir,
        { environment: environmentArg, runtime: args.runtime, config: args.config, serviceName: args.serviceName, serviceGiven: args.service !== undefined },
        name,
      ),
    );
    this.project = project;
    for (const key of project.ignoredSettings) {
      void pulumi.log.warn(projectMessages.ignoredSetting(name, key, project.rcFile ?? "", IGNORED_SETTINGS[key]), this);
    }

    let serviceSid: pulumi.Input<string>;
    if (args.service !== undefined) {
      serviceSid = pulumi.CustomResource.isInstance(args.service) ? (args.service as ServiceResource).sid : (args.service as pulumi.Input<string>);
    } else if (project.serviceSid !== undefined) {
      serviceSid = project.serviceSid;
    } else {
      if (project.serviceName === undefined) throw new pulumi.ResourceError(projectMessages.problems(name, [projectMessages.noServiceName()]), this, true);
      // As the toolkit creates it: the name as unique and friendly name, credentials included.
      this.service = new Service(name, { uniqueName: project.serviceName, friendlyName: project.serviceName, includeCredentials: true }, child);
      serviceSid = this.service.sid;
    }
    // What an interrupted update left may be taken over only in a Service of the stack's own.
    const adoptOrphans = this.service !== undefined || pulumi.CustomResource.isInstance(args.service) ? true : undefined;

    this.environment = pulumi.Resource.isInstance(args.environment)
      ? (args.environment as Environment)
      : new Environment(
          name,
          { serviceSid, uniqueName: project.environmentUniqueName, domainSuffix: project.domainSuffix === "" ? undefined : project.domainSuffix },
          child,
        );

    // `<name>/functions/sms/reply.protected.js`: each file's resources by its path in the project.
    const prefixOf = (folder: string | undefined) => `${name}/${nodePath.basename(folder ?? "")}/`;
    for (const f of project.functions) {
      const resourceName = prefixOf(project.functionsDir) + f.file;
      const fn = new TwilioFunction(resourceName, { serviceSid, friendlyName: f.path, adoptOrphans }, child);
      this.functions[f.path] = fn;
      this.functionVersions[f.path] = new FunctionVersion(
        resourceName,
        { serviceSid, functionSid: fn.sid, path: f.path, visibility: f.visibility, contentFile: f.absolutePath },
        child,
      );
    }
    // The live build's Assets are the project's when the environment or the Service is the stack's own.
    const ownEnvironment = !pulumi.Resource.isInstance(args.environment);
    const site = declareSiteAssets(
      project.assets,
      {
        serviceSid,
        adoptOrphans,
        // By SID, as in AssetFolder: never an environment of the same name another stack or tool made.
        takeOverFrom: ownEnvironment || adoptOrphans ? this.environment.sid : undefined,
        resourcePerFile: args.resourcePerFile ?? false,
        resourcePrefix: prefixOf(project.assetsDir),
        bundleName: name,
      },
      this,
    );
    this.bundle = site.bundle;
    for (const f of project.assets) {
      if (site.assets[f.file]) this.assets[f.path] = site.assets[f.file];
      if (site.versions[f.file]) this.assetVersions[f.path] = site.versions[f.file];
    }

    for (const [key, value] of Object.entries(project.variables)) {
      this.variables[key] = new Variable(
        `${name}/${key}`,
        { serviceSid, environmentSid: this.environment.sid, key, value: pulumi.secret(value) },
        child,
      );
    }

    const hasDependencies = Object.keys(project.dependencies).length > 0;
    this.build = new Build(
      name,
      {
        serviceSid,
        // By path: the Build's diff then names the files whose version changed.
        ...buildFiles(site),
        functionVersions: Object.values(this.functionVersions).map((v) => v.sid),
        dependencies: hasDependencies ? project.dependencies : undefined,
        runtime: project.runtime,
      },
      child,
    );
    // Live only once the Variables are set, as the toolkit sets them before it activates the build.
    this.deployment = new Deployment(
      name,
      { serviceSid, environmentSid: this.environment.sid, buildSid: this.build.sid },
      { ...child, dependsOn: Object.values(this.variables) },
    );
    this.cleanup = cleanupAfter(site, name, serviceSid, this.deployment, this);
    this.buildCleanup = new BuildCleanup(name, { serviceSid, environmentSid: this.environment.sid, buildSid: this.build.sid }, child);
    this.release = siteRelease(
      serviceSid,
      this.deployment.buildSid,
      this.environment.uniqueName,
      project.assets.map((f) => ({ servedPath: servedPathOf(f.path), visibility: f.visibility, size: f.size, version: versionSidOf(site, f.file) })),
      project.functions.map((f) => ({ servedPath: f.path, visibility: f.visibility, size: f.size, version: this.functionVersions[f.path].sid })),
    );

    this.url = this.environment.url;
    this.domainName = this.environment.domainName;
    const live = pulumi.all([this.environment.url, this.deployment.sid]).apply(([url]) => url);
    this.functionUrls = entries(project.functions, project.functionsDir, project, live);
    this.assetUrls = entries(project.assets, project.assetsDir, project, live);
    this.registerOutputs({ url: this.url, domainName: this.domainName, functions: this.functionUrls, assets: this.assetUrls, release: this.release });
  }
}
