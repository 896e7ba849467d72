/** FunctionVersion: the handler shared with AssetVersion (`version.ts`); the class is in `../functionVersion.ts`. */
import { functionVersionsApi } from "../client/functionVersions";
import { versionHandler } from "./version";

export const functionVersionHandler = versionHandler({
  kind: "FunctionVersion",
  parentField: "functionSid",
  parentLabel: "Function",
  api: functionVersionsApi,
  defaultContentType: "application/javascript",
});
