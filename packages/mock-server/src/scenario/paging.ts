/**
 * Which events one request gets: filtered by the feed's since/until parameters, ordered, and cut
 * into the page the request asks for in the operation's paging style.
 */
import type { Entry } from "./event-log.js";
import { pagingStyle, type FeedOperation, type PagingStyle } from "./feeds.js";
import { parseTime } from "./times.js";
import { getPath } from "@eventkit/runtime/spec";

export interface PageQuery {
  /** A parameter by its spec name; `body.a.b` names a field of the JSON body. */
  read(name: string): unknown;
}

export interface Page {
  readonly style: PagingStyle;
  readonly entries: readonly Entry[];
  /** From 1. */
  readonly number: number;
  /** The token of the next page (cursor, next-url and link-header styles), absent on the last page. */
  readonly nextToken?: string;
  /** Whether events follow this page: what `hasMorePath` says, and whether a next link is written. */
  readonly more: boolean;
  /** Events over all pages of this listing: what `totalPath` says. */
  readonly total: number;
}

/** Query parameter that carries the token in the next-page URLs the scenario writes. */
export const NEXT_URL_PARAM = "cursor";

export const DEFAULT_PAGE_SIZE = 10;

export function selectPage(
  feed: FeedOperation,
  all: readonly Entry[],
  query: PageQuery,
  defaultPageSize: number | undefined,
): Page {
  const style = pagingStyle(feed, query.read);
  const entries = ordered(feed, filtered(feed, all, query), query);
  const size = pageSize(feed, style, query, defaultPageSize);
  const p = feed.pagination;
  const page = (start: number, count: number, number: number, nextToken?: (last: Entry) => string): Page => {
    const slice = start < 0 ? [] : entries.slice(start, start + count);
    const more = start >= 0 && slice.length > 0 && start + slice.length < entries.length;
    const token = more && nextToken ? { nextToken: nextToken(slice[slice.length - 1]!) } : {};
    return { style, entries: slice, number, more, total: entries.length, ...token };
  };
  switch (style) {
    case "single":
      return page(0, size ?? entries.length, 1);
    case "cursor":
    case "next-url":
    case "link-header": {
      const token = decodeToken(query.read(style === "cursor" ? p!.cursorParam! : NEXT_URL_PARAM));
      const start = token ? entries.findIndex((e) => e.seq === token.after) + 1 : 0;
      const number = token?.page ?? 1;
      // A token for an event that is not listed (any more) ends the listing with an empty page.
      return page(token && start === 0 ? -1 : start, size ?? DEFAULT_PAGE_SIZE, number, (last) =>
        encodeToken({ after: last.seq, page: number + 1 }),
      );
    }
    case "item-cursor": {
      const perPage = size ?? DEFAULT_PAGE_SIZE;
      const after = query.read(p!.cursorParam!);
      const found =
        after === undefined || after === null || after === ""
          ? -1
          : entries.findIndex((e) => String(getPath(e.value, p!.cursorItemPath!)) === String(after));
      const start = after === undefined || after === null || after === "" ? 0 : found === -1 ? -1 : found + 1;
      return page(start, perPage, Math.floor(Math.max(0, start) / Math.max(1, perPage)) + 1);
    }
    case "page": {
      const first = p!.pageStart ?? 0;
      const number = toInteger(query.read(p!.pageParam!)) ?? first;
      const perPage = size ?? DEFAULT_PAGE_SIZE;
      return page(Math.max(0, number - first) * perPage, perPage, number - first + 1);
    }
    case "offset": {
      const offset = Math.max(0, toInteger(query.read(p!.pageOffsetParam!)) ?? 0);
      const perPage = size ?? DEFAULT_PAGE_SIZE;
      return page(offset, perPage, Math.floor(offset / Math.max(1, perPage)) + 1);
    }
  }
}

/**
 * Items per page: what the request asks for (capped at the spec's maximum); else the spec's fixed
 * page size; else the scenario's; else the limit parameter's default. A single page without any
 * of these holds every event.
 */
function pageSize(
  feed: FeedOperation,
  style: PagingStyle,
  query: PageQuery,
  defaultPageSize: number | undefined,
): number | undefined {
  const limit = feed.limit;
  const asked = limit ? toInteger(query.read(limit.param)) : undefined;
  if (asked !== undefined && asked > 0) return limit?.maximum !== undefined ? Math.min(asked, limit.maximum) : asked;
  if (feed.pagination?.pageSize !== undefined && !feed.pagination.limitParam) return feed.pagination.pageSize;
  if (defaultPageSize !== undefined) return defaultPageSize;
  if (limit?.default !== undefined) return limit.default;
  return style === "single" ? undefined : DEFAULT_PAGE_SIZE;
}

/** Since and until are both inclusive; a value the format cannot read filters nothing. */
function filtered(feed: FeedOperation, all: readonly Entry[], query: PageQuery): readonly Entry[] {
  const { since, until } = feed.feed;
  const from = since ? parseTime(query.read(since.param), since.format) : undefined;
  const to = until ? parseTime(query.read(until.param), until.format) : undefined;
  if (from === undefined && to === undefined) return all;
  return all.filter((e) => (from === undefined || e.time >= from) && (to === undefined || e.time <= to));
}

/** Newest first, unless the request asks the feed's sort parameter for another order. */
function ordered(feed: FeedOperation, entries: readonly Entry[], query: PageQuery): readonly Entry[] {
  const sort = feed.feed.sort;
  if (!sort) return entries;
  const asked = query.read(sort.param);
  return asked === undefined || asked === null || String(asked) === String(sort.value)
    ? entries
    : [...entries].reverse();
}

interface Token {
  readonly after: number;
  readonly page: number;
}

function encodeToken(token: Token): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

function decodeToken(value: unknown): Token | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  try {
    const token = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Partial<Token>;
    if (typeof token.after === "number" && typeof token.page === "number")
      return { after: token.after, page: token.page };
  } catch {
    // Not one of ours: treated as the end of the listing below.
  }
  return { after: -1, page: 1 };
}

function toInteger(value: unknown): number | undefined {
  const n =
    typeof value === "number" ? value : typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isInteger(n) ? n : undefined;
}
