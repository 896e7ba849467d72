/**
 * Twilio's retention policy: versions that no Build includes and Builds that no Deployment serves
 * are deleted after a week, so a stack that keeps them will find them gone. Advisory: a version
 * may be uploaded ahead of the Build that will include it.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { messages, subject } from "./messages";
import { BUILD_ASSET_VERSIONS, StackView } from "./resources";

export const versionIncludedInBuild: StackValidationPolicy = {
  name: "version-included-in-build",
  description: "Checks that every asset and function version is included in a Build, since Twilio deletes unbuilt versions.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    const view = new StackView(args.resources);
    const orphans = [
      ...view.unreferenced("AssetVersion", "Build", BUILD_ASSET_VERSIONS).map((r) => ({ r, kind: "AssetVersion" })),
      ...view.unreferenced("FunctionVersion", "Build", "functionVersions").map((r) => ({ r, kind: "FunctionVersion" })),
    ];
    for (const { r, kind } of orphans) reportViolation(messages.versionInNoBuild(subject(kind, r.name)), r.urn);
    // A bundle's versions are its files': a Build includes them all through the bundle, or none.
    for (const r of view.unreferenced("AssetBundle", "Build", BUILD_ASSET_VERSIONS)) {
      reportViolation(messages.bundleInNoBuild(subject("AssetBundle", r.name)), r.urn);
    }
  },
};

export const buildServedByDeployment: StackValidationPolicy = {
  name: "build-served-by-deployment",
  description: "Checks that every Build is served by a Deployment, since Twilio deletes builds that no deployment serves.",
  enforcementLevel: "advisory",
  validateStack: (args, reportViolation) => {
    const view = new StackView(args.resources);
    for (const build of view.unreferenced("Build", "Deployment", "buildSid")) {
      reportViolation(messages.buildInNoDeployment(subject("Build", build.name)), build.urn);
    }
  },
};
