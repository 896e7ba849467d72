/** Asset (ZH): the routes shared with Functions (containers.ts), with the Asset names. */
import { MESSAGES } from "../errors";
import { containerRoutes, type ContainerKind } from "./containers";

export const ASSET_KIND: ContainerKind = {
  kind: "assets",
  versionKind: "assetVersions",
  segment: "Assets",
  singular: "Asset",
  versionsLink: "asset_versions",
  inUseMessage: MESSAGES.assetInUse,
};

export const routes = containerRoutes(ASSET_KIND);
