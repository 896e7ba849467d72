/**
 * Version paths that Twilio refuses: too long, empty, whitespace or a forbidden character. The
 * characters are judged by `pathProblem()` (provider/src/limits.ts), the provider's own check;
 * the length limit is this rule's setting.
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

/**
 * `pathProblem()` applied to pieces short enough for its own length check to stay quiet, so that
 * only the characters are judged here.
 */
function characterProblem(path: string): string | undefined {
  if (path.length === 0) return pathProblem(path);
  const piece = FIELD_LIMITS.path - 1;
  for (let start = 0; start < path.length; start += piece) {
    const problem = pathProblem(path.slice(start, start + piece));
    if (problem) return problem;
  }
  return undefined;
}

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
    if (path.length > maxPathLength) {
      reportViolation(messages.pathTooLong(who, path, maxPathLength));
      return;
    }
    const problem = characterProblem(path);
    if (problem) reportViolation(messages.pathRefused(who, path, problem));
  },
};
