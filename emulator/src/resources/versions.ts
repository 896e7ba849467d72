/**
 * Function Versions and Asset Versions (ZN): one set of routes bound to each kind below
 * (`FUNCTION_VERSION_KIND`, `ASSET_VERSION_KIND`), plus the content of a Function Version.
 *   List{X}Version    GET  /v1/Services/{ServiceSid}/{Xs}/{XSid}/Versions
 *   Create{X}Version  POST /v1/Services/{ServiceSid}/{Xs}/{XSid}/Versions   (upload, multipart)
 *   Fetch{X}Version   GET  /v1/Services/{ServiceSid}/{Xs}/{XSid}/Versions/{Sid}
 * The create is Twilio's upload endpoint (serverless-upload.twilio.com, serverless-api.md §5),
 * served on the same port: fields Path and Visibility, and Content as a file part.
 *   FetchFunctionVersionContent  GET /v1/Services/{ServiceSid}/Functions/{FunctionSid}/Versions/{Sid}/Content
 * returns a Function Version's uploaded source as a string; Asset Versions have no content endpoint (spec).
 */
import { isoDate, type Ctx, type EmulatorLimits, type Reply, type Route } from "../context";
import { invalid, missing, MESSAGES, PATH_PROBLEMS } from "../errors";
import { FIELD_LENGTHS, FORBIDDEN_PATH_CHARACTERS, isVisibility, VISIBILITIES, type Visibility } from "../facts";
import { findOwned } from "../lookup";
import { readUpload, type UploadedContent, type UploadLimits } from "../multipart";
import { listRoute, newestFirst } from "../paging";
import { put, type VersionRec } from "../store/records";
import { newSid, PREFIX } from "../sids";
import { ASSET_KIND, containerUrl, findContainer, FUNCTION_KIND, type ContainerKind } from "./containers";

export interface VersionKind {
  /** The Function or Asset kind: it names the store kind (`versionKind`) and the list key (`versionsLink`). */
  container: ContainerKind;
  /** The parent's SID field: "function_sid" / "asset_sid". */
  parentField: string;
  /** Function Versions link their content; Asset Versions have no links (spec). */
  contentLink: boolean;
}

export const FUNCTION_VERSION_KIND: VersionKind = { container: FUNCTION_KIND, parentField: "function_sid", contentLink: true };
export const ASSET_VERSION_KIND: VersionKind = { container: ASSET_KIND, parentField: "asset_sid", contentLink: false };

export function versionUrl(base: string, k: VersionKind, v: VersionRec): string {
  return `${containerUrl(base, k.container, v.serviceSid, v.parentSid)}/Versions/${v.sid}`;
}

export function renderVersion(base: string, k: VersionKind, v: VersionRec, accountSid: string) {
  const url = versionUrl(base, k, v);
  return {
    sid: v.sid,
    account_sid: accountSid,
    service_sid: v.serviceSid,
    [k.parentField]: v.parentSid,
    path: v.path,
    visibility: v.visibility,
    date_created: v.dateCreated,
    url,
    ...(k.contentLink ? { links: { function_version_content: `${url}/Content` } } : {}),
  };
}

export function uploadLimits(limits: EmulatorLimits): UploadLimits {
  return {
    maxContent: Math.max(...Object.values(limits.maxVersionBytes)),
    forVisibility: (v) => (isVisibility(v) ? limits.maxVersionBytes[v] : undefined),
  };
}

export function findVersion(ctx: Ctx, k: VersionKind): VersionRec {
  const parent = findContainer(ctx, k.container);
  return findOwned(ctx, k.container.versionKind, ctx.params.Sid, PREFIX.version, (v) => v.parentSid === parent.sid);
}

/**
 * Why Twilio would refuse a version path (already given its leading slash), or undefined. The
 * Asset Version page forbids `;,?:@+&$()'"` and fragments and asks for "URL friendly" paths. The
 * rest is our strict reading of "URL friendly": a path that a browser would request differently
 * (whitespace and control characters, `\` which URLs read as `/`, `.` and `..` segments which
 * they remove, `//`, and `%`, which is either an escape or invalid) could never be served.
 */
export function pathProblem(path: string): string | undefined {
  if (path.length > FIELD_LENGTHS.path) return PATH_PROBLEMS.tooLong(path.length, FIELD_LENGTHS.path);
  for (const ch of path) {
    if (/\s/.test(ch)) return PATH_PROBLEMS.whitespace;
    if (/\p{Cc}/u.test(ch)) return PATH_PROBLEMS.control;
    if (FORBIDDEN_PATH_CHARACTERS.includes(ch)) return PATH_PROBLEMS.forbidden(ch);
    if (ch === "#") return PATH_PROBLEMS.fragment;
    if (ch === "\\") return PATH_PROBLEMS.backslash;
    if (ch === "%") return PATH_PROBLEMS.percent;
  }
  if (path.includes("//")) return PATH_PROBLEMS.emptySegment;
  if (path.split("/").some((segment) => segment === "." || segment === "..")) return PATH_PROBLEMS.dotSegment;
  return undefined;
}

/** "All paths begin with a forward slash"; one without is "prepended with one" (Asset Version page). */
function withLeadingSlash(path: string): string {
  return path.startsWith("/") ? path : `/${path}`;
}

/** Checks the upload's fields and content; throws the 400 Twilio would answer. */
function validateUpload(
  fields: Map<string, string>,
  content: UploadedContent | undefined,
): { path: string; visibility: Visibility; content: UploadedContent } {
  const rawPath = fields.get("Path");
  if (!rawPath) throw missing("Path");
  const path = withLeadingSlash(rawPath);
  const problem = pathProblem(path);
  if (problem) throw invalid(MESSAGES.invalidPath(rawPath, problem));
  const visibility = fields.get("Visibility");
  if (!visibility) throw missing("Visibility");
  if (!isVisibility(visibility)) throw invalid(MESSAGES.invalidEnum("Visibility", visibility, VISIBILITIES));
  if (!content) throw missing("Content");
  return { path, visibility, content };
}

function versionRoutes(k: VersionKind): Route[] {
  const base = `/v1/Services/{ServiceSid}/${k.container.segment}/{${k.container.singular}Sid}/Versions`;
  const render = (ctx: Ctx, v: VersionRec) => renderVersion(ctx.base, k, v, ctx.app.creds.accountSid);

  async function upload(ctx: Ctx): Promise<Reply> {
    findContainer(ctx, k.container);
    const { app } = ctx;
    const upload = await readUpload(ctx.req, app.blobs, uploadLimits(app.limits));
    try {
      const { path, visibility, content } = validateUpload(upload.fields, upload.content);
      // Looked up again: the parent may have been deleted while the content was arriving.
      const parent = findContainer(ctx, k.container);
      const version: VersionRec = {
        sid: newSid(PREFIX.version),
        serviceSid: parent.serviceSid,
        parentSid: parent.sid,
        path,
        visibility,
        contentType: content.contentType,
        size: content.size,
        sha256: content.sha256,
        dateCreated: isoDate(),
      };
      await app.store.commit([put(k.container.versionKind, version)]);
      app.stats.uploads += 1;
      app.stats.uploadBytes += content.size;
      return { status: 201, body: render(ctx, version) };
    } catch (err) {
      app.scheduleGc();
      throw err;
    } finally {
      upload.content?.release();
    }
  }

  return [
    listRoute(
      base,
      `List${k.container.singular}Version`,
      k.container.versionsLink,
      newestFirst((ctx) => {
        const parent = findContainer(ctx, k.container);
        return ctx.app.store.filter(k.container.versionKind, (v) => v.parentSid === parent.sid);
      }),
      render,
    ),
    { method: "POST", template: base, operationId: `Create${k.container.singular}Version`, handler: upload },
    {
      method: "GET",
      template: `${base}/{Sid}`,
      operationId: `Fetch${k.container.singular}Version`,
      handler: (ctx) => ({ status: 200, body: render(ctx, findVersion(ctx, k)) }),
    },
  ];
}

/** FetchFunctionVersionContent: the uploaded source of a Function Version, as a string. */
const functionVersionContent: Route = {
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
};

/** The Function Version and Asset Version routes. */
export const routes: Route[] = [...versionRoutes(FUNCTION_VERSION_KIND), functionVersionContent, ...versionRoutes(ASSET_VERSION_KIND)];
