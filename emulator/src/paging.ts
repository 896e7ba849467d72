/**
 * Twilio's list envelope (serverless-api.md §4): `{ <key>: [...], meta: { page, page_size,
 * first_page_url, previous_page_url, next_page_url, url, key } }` with absolute URLs that keep
 * the list's filters. `PageSize` is 1–1000 (default 50). `PageToken` is opaque to clients; ours
 * names the last item of the previous page, so paging stays stable when items before it go away.
 * `Page` is "simply for client state" (spec): a page past the first is reached only through its
 * token, and `Page` alone past 0 is refused (our strict reading, README "Differences from Twilio").
 */
import { invalid, MESSAGES } from "./errors";
import type { Ctx, Route } from "./context";
import type { Params } from "./forms";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  pageSize: number;
  page: number;
  /** Index of the first item of this page. */
  start: (items: readonly { sid: string }[]) => number;
}

interface Token {
  /** Offset of the page's first item. */
  o: number;
  /** SID of the item just before the page, when there is one. */
  a?: string;
}

function encodeToken(token: Token): string {
  return "PT" + Buffer.from(JSON.stringify(token)).toString("base64url");
}

function decodeToken(value: string): Token {
  try {
    if (!value.startsWith("PT")) throw new Error("prefix");
    const token = JSON.parse(Buffer.from(value.slice(2), "base64url").toString("utf8")) as Token;
    if (!Number.isInteger(token.o) || token.o < 0 || (token.a !== undefined && typeof token.a !== "string")) throw new Error("shape");
    return token;
  } catch {
    throw invalid(MESSAGES.invalidPageToken(value));
  }
}

export function parsePageRequest(query: Params): PageRequest {
  const sizeRaw = query.raw("PageSize");
  let pageSize = DEFAULT_PAGE_SIZE;
  if (sizeRaw !== undefined) {
    pageSize = /^\d+$/.test(sizeRaw) ? Number(sizeRaw) : NaN;
    if (!(pageSize >= 1 && pageSize <= MAX_PAGE_SIZE)) throw invalid(MESSAGES.invalidPageSize(sizeRaw));
  }
  const pageRaw = query.raw("Page");
  let page = 0;
  if (pageRaw !== undefined) {
    page = /^\d+$/.test(pageRaw) ? Number(pageRaw) : NaN;
    if (!Number.isSafeInteger(page)) throw invalid(MESSAGES.invalidPage(pageRaw));
  }
  const tokenRaw = query.raw("PageToken");
  const token = tokenRaw === undefined || tokenRaw === "" ? undefined : decodeToken(tokenRaw);
  if (!token && page > 0) throw invalid(MESSAGES.pageWithoutToken(String(page)));
  return {
    pageSize,
    page,
    start: (items) => {
      if (!token) return 0;
      if (token.a !== undefined) {
        const anchor = items.findIndex((item) => item.sid === token.a);
        if (anchor !== -1) return anchor + 1;
      }
      return token.o;
    },
  };
}

/**
 * Builds one page of `items`. `listUrl` is the absolute URL of the list without a query;
 * `filters` are the list's own query parameters, repeated in every meta URL before the paging ones.
 */
export function page<T extends { sid: string }, J>(
  key: string,
  items: readonly T[],
  request: PageRequest,
  listUrl: string,
  render: (item: T) => J,
  filters: [string, string][] = [],
): Record<string, unknown> {
  const { pageSize, page: pageNumber } = request;
  const start = Math.min(request.start(items), items.length);
  const slice = items.slice(start, start + pageSize);
  const url = (p: number, token?: Token) => {
    const q = new URLSearchParams(filters);
    q.set("PageSize", String(pageSize));
    q.set("Page", String(p));
    if (token) q.set("PageToken", encodeToken(token));
    return `${listUrl}?${q.toString()}`;
  };
  const hasNext = start + pageSize < items.length;
  const hasPrevious = start > 0;
  const previousStart = Math.max(0, start - pageSize);
  return {
    [key]: slice.map(render),
    meta: {
      page: pageNumber,
      page_size: pageSize,
      first_page_url: url(0),
      previous_page_url: hasPrevious
        ? previousStart === 0
          ? url(0)
          : url(Math.max(1, pageNumber - 1), { o: previousStart, a: items[previousStart - 1].sid })
        : null,
      url: start === 0 ? url(pageNumber) : url(pageNumber, { o: start, a: items[start - 1].sid }),
      next_page_url: hasNext ? url(pageNumber + 1, { o: start + pageSize, a: items[start + pageSize - 1].sid }) : null,
      key,
    },
  };
}

/**
 * Lists Twilio answers newest first (by creation, the store's order reversed): Builds
 * (twilio-video-app-react PR #602's redeploy script: "first build will always return latest"),
 * Deployments and Function and Asset Versions (RJPearson94/terraform-provider-twilio: "The twilio
 * api return the latest version as the first element in the array", read as such by its
 * acceptance tests `TestAccTwilioServerlessFunction_update` and
 * `TestAccTwilioServerlessDeployment_createBeforeDestroy`, 2020–2025). Other lists stay in creation
 * order: no record says.
 */
export function newestFirst<T>(items: (ctx: Ctx) => readonly T[]): (ctx: Ctx) => readonly T[] {
  return (ctx) => [...items(ctx)].reverse();
}

/**
 * A list operation: `items` picks the records (after checking the path's parents exist), `render`
 * writes one, `filters` names the list's own query parameters to keep in the meta URLs.
 */
export function listRoute<T extends { sid: string }>(
  template: string,
  operationId: string,
  key: string,
  items: (ctx: Ctx) => readonly T[],
  render: (ctx: Ctx, item: T) => unknown,
  filters?: (ctx: Ctx) => [string, string][],
): Route {
  return {
    method: "GET",
    template,
    operationId,
    handler: (ctx) => {
      const request = parsePageRequest(ctx.query);
      return { status: 200, body: page(key, items(ctx), request, ctx.base + ctx.path, (item) => render(ctx, item), filters?.(ctx)) };
    },
  };
}
