/**
 * Version paths that Twilio refuses: too long, empty, whitespace or a forbidden character, judged
 * by `pathProblem()` (provider/src/limits.ts), the provider's own check, with this rule's length
 * limit.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { FIELD_LIMITS, FORBIDDEN_PATH_CHARACTERS, normalizePath, pathProblem } from "../../provider/src/limits";
import { configSchema, readSettings, Settings } from "./config";
import { messages, subject } from "./messages";
import { kindOf } from "./resources";

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
    `Checks that each asset and function version path is one Twilio accepts: at most ` +
    `${FIELD_LIMITS.path} characters, no whitespace and none of ${FORBIDDEN_PATH_CHARACTERS}.`,
  enforcementLevel: "mandatory",
  configSchema: configSchema(PATH_SETTINGS),
  validateResource: (args, reportViolation) => {
    const kind = kindOf(args.type);
    if (kind !== "AssetVersion" && kind !== "FunctionVersion") return;
    const raw = args.props.path;
    if (typeof raw !== "string") return;
    const who = subject(kind, args.name);
    const path = raw.length === 0 ? raw : normalizePath(raw);
    const { maxPathLength } = readSettings(args, PATH_SETTINGS);
    const problem = pathProblem(path, maxPathLength);
    if (problem) reportViolation(messages.pathRefused(who, path, problem));
  },
};
