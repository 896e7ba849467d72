/**
 * Version paths that Twilio refuses or that could never be fetched (too long, empty, a forbidden
 * character, a fragment, whitespace, `%`, `\`, `//`, dot segments), judged
 * by `pathProblem()` (provider/src/limits.ts), the provider's own check, with this rule's length
 * limit. An AssetBundle's paths are checked file by file.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { FIELD_LIMITS, FORBIDDEN_PATH_CHARACTERS, normalizePath, pathProblem } from "../../provider/src/limits";
import { assetFiles, versionFile } from "./assetFiles";
import { configSchema, readSettings, Settings } from "./config";
import { messages } from "./messages";
import { isKind } from "./resources";

const PATH_SETTINGS: Settings<"maxPathLength"> = {
  maxPathLength: {
    default: FIELD_LIMITS.path,
    minimum: 1,
    description: `Longest version path, in characters, counting the leading slash (Twilio: ${FIELD_LIMITS.path}).`,
  },
};

export const versionPathValid: ResourceValidationPolicy = {
  name: "version-path-valid",
  description:
    `Checks that each asset and function version path is one Twilio accepts and a browser can ` +
    `fetch: at most ${FIELD_LIMITS.path} characters, none of ${FORBIDDEN_PATH_CHARACTERS}, no fragment (#), ` +
    `no whitespace, control characters, %, \\, // or . and .. segments.`,
  enforcementLevel: "mandatory",
  configSchema: configSchema(PATH_SETTINGS),
  validateResource: (args, reportViolation) => {
    const versions = isKind(args, "FunctionVersion") ? [versionFile("FunctionVersion", args)] : assetFiles(args);
    const { maxPathLength } = readSettings(args, PATH_SETTINGS);
    for (const { who, props } of versions) {
      const raw = props.path;
      if (typeof raw !== "string") continue;
      const path = raw.length === 0 ? raw : normalizePath(raw);
      const problem = pathProblem(path, maxPathLength);
      if (problem) reportViolation(messages.pathRefused(who, path, problem));
    }
  },
};
