/** Function (ZH): the routes shared with Assets (containers.ts), with the Function names. */
import { MESSAGES } from "../errors";
import { containerRoutes, type ContainerKind } from "./containers";

export const FUNCTION_KIND: ContainerKind = {
  kind: "functions",
  versionKind: "functionVersions",
  segment: "Functions",
  singular: "Function",
  versionsLink: "function_versions",
  inUseMessage: MESSAGES.functionInUse,
};

export const routes = containerRoutes(FUNCTION_KIND);
