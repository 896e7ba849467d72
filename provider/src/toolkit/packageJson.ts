/**
 * What the project's package.json decides, as twilio-run and serverless-api read it for `deploy`:
 * the service name (`name`), and the build's Dependencies (`dependencies`, every entry as it is,
 * an empty version becoming "*"; devDependencies are never deployed).
 *
 * Twilio's runtime handler, `@twilio/runtime-handler`, is not added by the toolkit's deploy: a
 * project declares it in `dependencies` (the toolkit's project templates do), and Twilio uses its
 * default handler when it is absent. The toolkit refuses to deploy a declared handler whose version
 * is not exact, or one declared only in devDependencies; so does this module.
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import * as semver from "semver";
import { dependencyProblems } from "../core/dependencies";
import { projectMessages as msg } from "../core/messages";

export const RUNTIME_HANDLER = "@twilio/runtime-handler";

export interface PackageJsonFacts {
  /** `name`, the toolkit's default service name. */
  name?: string;
  /** The build's Dependencies, package → version. */
  dependencies: Record<string, string>;
}

type Raw = Record<string, unknown>;

function objectField(pkg: Raw, field: string): Raw {
  const value = pkg[field];
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Raw) : {};
}

/** Reads package.json (none: no name and no Dependencies); problems go to `problems`. */
export function readPackageJson(projectDir: string, problems: string[]): PackageJsonFacts {
  const file = nodePath.join(projectDir, "package.json");
  if (!fs.existsSync(file)) return { dependencies: {} };
  let pkg: Raw;
  try {
    pkg = JSON.parse(fs.readFileSync(file, "utf8")) as Raw;
  } catch (err) {
    problems.push(msg.badPackageJson("package.json", (err as Error).message));
    return { dependencies: {} };
  }
  const dependencies: Record<string, string> = {};
  for (const [name, version] of Object.entries(objectField(pkg, "dependencies"))) {
    if (!version) dependencies[name] = "*";
    else if (typeof version === "string") dependencies[name] = version;
    else problems.push(msg.badDependency(name, version));
  }
  // Checked now: the Build that would refuse them is checked only after every file is uploaded.
  for (const [name, version] of Object.entries(dependencies)) {
    for (const p of dependencyProblems(name, version)) problems.push(msg.dependencyProblem(p.field, p.value, p.problem));
  }
  const handler = dependencies[RUNTIME_HANDLER];
  if (handler !== undefined && semver.parse(handler) === null) problems.push(msg.runtimeHandlerNotExact(handler));
  if (handler === undefined && objectField(pkg, "devDependencies")[RUNTIME_HANDLER] !== undefined) {
    problems.push(msg.runtimeHandlerInDevDependencies());
  }
  return { name: typeof pkg.name === "string" ? pkg.name : undefined, dependencies };
}
