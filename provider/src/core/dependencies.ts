/**
 * What can be known of a build's npm dependencies before Twilio resolves them at CreateBuild (it
 * answers 400/20001 "Some dependencies could not be validated…"): that each name is an npm package
 * name, and that each version is an npm version, range or dist-tag. Used by the Build's `check`
 * and, when the program runs, by ServerlessProject (its Build is checked only after the uploads).
 */
import semver from "semver";
import validateNpmPackageName from "validate-npm-package-name";
import { problems } from "./messages";

/** An npm dist-tag: what npm accepts as a tag name that is not also a version range. */
const DIST_TAG = /^[A-Za-z][A-Za-z0-9._-]*$/;

export interface DependencyProblem {
  /** `dependencies` (a bad name) or `dependencies.<name>` (a bad version). */
  field: string;
  value: string;
  problem: string;
}

/** The problem with one dependency's name, then with its version (`unknown` versions are skipped). */
export function dependencyProblems(name: string, version: string | undefined): DependencyProblem[] {
  const found: DependencyProblem[] = [];
  const verdict = validateNpmPackageName(name);
  if (!verdict.validForOldPackages) found.push({ field: "dependencies", value: name, problem: problems.dependencyName(verdict.errors ?? verdict.warnings ?? []) });
  if (version !== undefined && semver.validRange(version) === null && !DIST_TAG.test(version)) {
    found.push({ field: `dependencies.${name}`, value: version, problem: problems.dependencyVersion() });
  }
  return found;
}
