/**
 * A Serverless Toolkit project read at program time, as `twilio serverless:deploy` would deploy
 * it: the rc file's settings (`rcFile.ts`), the Functions and Assets (`projectFiles.ts`), the
 * Variables (`envFile.ts`), the Dependencies and the default service name (`packageJson.ts`).
 * Every problem is collected and thrown as one error before any resource exists.
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { DeclarationError } from "../components/declarationError";
import { DOMAIN_LABEL_PATTERN, FIELD_LIMITS, LIMITS, MAX_VERSION_BYTES, pathProblem, RUNTIMES, type Runtime } from "../core/limits";
import { problems as phrase, projectMessages as msg } from "../core/messages";
import { readEnvFile } from "./envFile";
import { readPackageJson } from "./packageJson";
import { ASSET_FOLDERS, assetFiles, findFolder, FUNCTION_FOLDERS, functionFiles, type ProjectFile } from "./projectFiles";
import { readRcFile } from "./rcFile";

/** The toolkit's `--environment` default. */
export const DEFAULT_ENVIRONMENT = "dev";

export interface ReadProjectOptions {
  /** The toolkit's `--environment`: a domain suffix, "" for none. Default: the rc file's, else "dev". */
  environment?: string;
  /** Beats the rc file's. */
  runtime?: string;
  /** The toolkit's `--service-name`: beats the rc file's `serviceName` and package.json's `name`. */
  serviceName?: string;
  /** The Service is given (a resource or a SID): the project's service name is not used, so not checked. */
  serviceGiven?: boolean;
  /** The rc file to read, relative to the project (the toolkit's `--config`). Default: found as the toolkit finds it. */
  config?: string;
}

export interface ToolkitProject {
  /** Absolute. */
  dir: string;
  /** The rc file read, relative to `dir`. */
  rcFile?: string;
  /** Settings of the rc file that the component does not follow (it warns about each). */
  ignoredSettings: string[];
  serviceName?: string;
  serviceSid?: string;
  /** "" for the environment without a suffix. */
  domainSuffix: string;
  /** As the toolkit names environments: `<suffix>-environment`, or `production`. */
  environmentUniqueName: string;
  functionsDir?: string;
  assetsDir?: string;
  functions: ProjectFile[];
  assets: ProjectFile[];
  envFile?: string;
  variables: Record<string, string>;
  dependencies: Record<string, string>;
  runtime?: Runtime;
}

const SID = /^ZE[0-9a-fA-F]{32}$/;

function isRuntime(value: string): value is Runtime {
  return (RUNTIMES as readonly string[]).includes(value);
}

/** Paths Twilio refuses, two files at one path, files over their size limit, more files than a build holds. */
function checkFiles(project: ToolkitProject, problems: string[]): void {
  const all = [
    ...project.functions.map((f) => ({ ...f, shown: `${nodePath.relative(project.dir, project.functionsDir!)}/${f.file}` })),
    ...project.assets.map((f) => ({ ...f, shown: `${nodePath.relative(project.dir, project.assetsDir!)}/${f.file}` })),
  ];
  const byPath = new Map<string, string[]>();
  for (const f of all) {
    const problem = pathProblem(f.path);
    if (problem) problems.push(msg.badPath(f.shown, f.path, problem));
    if (f.size > MAX_VERSION_BYTES[f.visibility]) problems.push(msg.fileTooLarge(f.shown, f.size, MAX_VERSION_BYTES[f.visibility], f.visibility));
    byPath.set(f.path, [...(byPath.get(f.path) ?? []), f.shown]);
  }
  for (const [path, files] of byPath) if (files.length > 1) problems.push(msg.duplicatePath(path, files));
  const privateAssets = project.assets.filter((f) => f.visibility === "private").length;
  const limits: Array<[number, number, string]> = [
    [project.functions.length, LIMITS.functionVersionsPerBuild, "Functions"],
    [project.assets.length - privateAssets, LIMITS.publicAssetVersionsPerBuild, "public and protected Assets"],
    [privateAssets, LIMITS.privateAssetVersionsPerBuild, "private Assets"],
  ];
  for (const [count, limit, what] of limits) if (count > limit) problems.push(msg.tooMany(count, limit, what));
}

/**
 * The service name and the domain suffix become part of the domain: checked here, since their
 * resources are checked only once the ones they wait for exist (an Environment waits for its Service).
 */
function checkNames(project: ToolkitProject, serviceGiven: boolean, problems: string[]): void {
  const names: Array<[string, string | undefined, number]> = [
    ["serviceName", serviceGiven || project.serviceSid !== undefined ? undefined : project.serviceName, FIELD_LIMITS.serviceUniqueName],
    ["environment", project.domainSuffix, FIELD_LIMITS.domainSuffix],
  ];
  for (const [field, value, limit] of names) {
    if (!value || SID.test(value)) continue;
    if (value.length > limit) problems.push(msg.badName(field, value, phrase.tooLong(value.length, limit)));
    else if (!DOMAIN_LABEL_PATTERN.test(value)) problems.push(msg.badName(field, value, phrase.domainLabel()));
  }
}

/** Reads the project at `dir`; throws one error (prefixed `ServerlessProject "<label>"`) listing every problem. */
export function readToolkitProject(dir: string, options: ReadProjectOptions = {}, label: string = dir): ToolkitProject {
  const root = nodePath.resolve(dir);
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new DeclarationError(msg.problems(label, [msg.missingProject(root)]));
  const problems: string[] = [];
  if (options.environment !== undefined && SID.test(options.environment)) problems.push(msg.environmentSid(options.environment));

  // The toolkit picks the per-environment overrides by its --environment flag ("dev" unless given; "*" for "").
  const overridesKey = options.environment === undefined ? DEFAULT_ENVIRONMENT : options.environment === "" ? "*" : options.environment;
  let rc: ReturnType<typeof readRcFile>;
  try {
    rc = readRcFile(root, overridesKey, options.config);
  } catch (err) {
    throw new DeclarationError(msg.problems(label, [(err as Error).message]));
  }
  const settings = rc.settings;
  const domainSuffix = options.environment ?? settings.environment ?? DEFAULT_ENVIRONMENT;
  if (options.environment === undefined && SID.test(domainSuffix)) problems.push(msg.environmentSid(domainSuffix));

  const functionsDir = findFolder(root, FUNCTION_FOLDERS, settings.functionsFolder, "functionsFolder", problems);
  const assetsDir = findFolder(root, ASSET_FOLDERS, settings.assetsFolder, "assetsFolder", problems);
  const pkg = readPackageJson(root, problems);
  const env = readEnvFile(root, settings.env, problems);

  const runtimeValue = options.runtime ?? settings.runtime;
  let runtime: Runtime | undefined;
  if (runtimeValue !== undefined) {
    if (isRuntime(runtimeValue)) runtime = runtimeValue;
    else problems.push(msg.badRuntime(options.runtime !== undefined ? "runtime" : `runtime in ${JSON.stringify(rc.file)}`, runtimeValue, RUNTIMES));
  }

  const project: ToolkitProject = {
    dir: root,
    rcFile: rc.file,
    ignoredSettings: rc.ignored,
    serviceName: options.serviceName ?? settings.serviceName ?? pkg.name,
    serviceSid: settings.serviceSid,
    domainSuffix,
    environmentUniqueName: domainSuffix === "" ? "production" : `${domainSuffix}-environment`,
    functionsDir,
    assetsDir,
    functions: functionsDir && settings.functions !== false ? functionFiles(functionsDir, problems) : [],
    assets: assetsDir && settings.assets !== false ? assetFiles(assetsDir, problems) : [],
    envFile: env.file,
    variables: env.variables,
    dependencies: pkg.dependencies,
    runtime,
  };
  if (project.functions.length + project.assets.length === 0 && problems.length === 0) problems.push(msg.noFiles(root));
  checkFiles(project, problems);
  checkNames(project, options.serviceGiven === true, problems);
  if (problems.length) throw new DeclarationError(msg.problems(label, problems));
  return project;
}
