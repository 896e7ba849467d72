/** Asset Version (ZN): the routes shared with Function Versions (versions.ts). No content endpoint (spec). */
import { ASSET_KIND } from "./assets";
import { versionRoutes, type VersionKind } from "./versions";

export const ASSET_VERSION_KIND: VersionKind = {
  container: ASSET_KIND,
  parentField: "asset_sid",
  contentLink: false,
};

export const routes = versionRoutes(ASSET_VERSION_KIND);
