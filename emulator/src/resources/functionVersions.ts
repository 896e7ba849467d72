/**
 * Function Version (ZN): the routes shared with Asset Versions (versions.ts), plus
 *   FetchFunctionVersionContent  GET /v1/Services/{ServiceSid}/Functions/{FunctionSid}/Versions/{Sid}/Content
 * which returns the uploaded source as a string.
 */
import type { Route } from "../context";
import { FUNCTION_KIND } from "./functions";
import { findVersion, versionRoutes, versionUrl, type VersionKind } from "./versions";

export const FUNCTION_VERSION_KIND: VersionKind = {
  container: FUNCTION_KIND,
  parentField: "function_sid",
  contentLink: true,
};

export const routes: Route[] = [
  ...versionRoutes(FUNCTION_VERSION_KIND),
  {
    method: "GET",
    template: "/v1/Services/{ServiceSid}/Functions/{FunctionSid}/Versions/{Sid}/Content",
    operationId: "FetchFunctionVersionContent",
    handler: async (ctx) => {
      const version = findVersion(ctx, FUNCTION_VERSION_KIND);
      const content = await ctx.app.blobs.read(version.sha256);
      return {
        status: 200,
        body: {
          sid: version.sid,
          account_sid: ctx.app.creds.accountSid,
          service_sid: version.serviceSid,
          function_sid: version.parentSid,
          content: content.toString("utf8"),
          url: `${versionUrl(ctx.base, FUNCTION_VERSION_KIND, version)}/Content`,
        },
      };
    },
  },
];
