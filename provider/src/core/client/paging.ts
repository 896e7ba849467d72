/**
 * Walks a Twilio list: `{ <key>: [...], meta: { key, next_page_url } }`, following
 * `meta.next_page_url` verbatim until it is null. A failed page fails the whole walk (after the
 * client's retries): a partial list is never returned.
 */
import type { TwilioClient } from "./client";
import * as messages from "../messages";

interface ListPage {
  meta?: { key?: string; next_page_url?: string | null };
  [key: string]: unknown;
}

/** Upper bound on pages followed, so a server that loops its links cannot hang a deployment. */
const MAX_PAGES = 10_000;

export async function listAll<T>(client: TwilioClient, path: string, key: string, pageSize = 1000): Promise<T[]> {
  const items: T[] = [];
  let next: string | null | undefined = `${path}${path.includes("?") ? "&" : "?"}PageSize=${pageSize}`;
  for (let pages = 0; next; pages++) {
    if (pages >= MAX_PAGES) throw new Error(messages.unexpectedResponse("GET", path, `more than ${MAX_PAGES} pages`));
    const page: ListPage = await client.request<ListPage>({ method: "GET", path: next });
    const listKey = page?.meta?.key ?? key;
    const list = page?.[listKey];
    if (!Array.isArray(list)) {
      throw new Error(messages.unexpectedResponse("GET", next, `no "${listKey}" list in the page`));
    }
    items.push(...(list as T[]));
    next = page.meta?.next_page_url;
  }
  return items;
}

/**
 * Newest first: by `dateCreated`, then by SID, both descending. Twilio answers some lists newest
 * first and others in an order nobody promised, and a build's versions in no fixed order
 * (emulator/README.md), so "the latest" is found by sorting, never by taking the first or the last
 * item. Dates have a second's precision; the SID only makes ties come out the same every time.
 */
export function newestFirst<T extends { sid: string }>(items: readonly T[], dateCreated: (item: T) => string): T[] {
  const bySid = (a: T, b: T) => (a.sid < b.sid ? 1 : a.sid > b.sid ? -1 : 0);
  return [...items].sort((a, b) => Date.parse(dateCreated(b)) - Date.parse(dateCreated(a)) || bySid(a, b));
}
