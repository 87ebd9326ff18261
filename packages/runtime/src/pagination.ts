import { untilAborted } from "./abort.js";
import { getPath, isWholeValue, setPath } from "./dotted-path.js";
import { PaginationError, type PaginationErrorReason } from "./errors.js";
import { nextLink } from "./link-header.js";
import { sameJson } from "./same-json.js";
import { pagingStyle, resultsPaths, type PagingStyle } from "./paging-style.js";
import type { PaginationSpec } from "./spec.js";

export interface PageRequest {
  readonly query: Record<string, unknown>;
  readonly body: unknown;
  /** Set only when following a next-page URL: absolute, on the base URL's origin. */
  readonly url?: string;
}

export interface Page<Item, Data = unknown> {
  readonly items: Item[];
  readonly data: Data;
  readonly response: Response;
  /** From 0. */
  readonly index: number;
}

export interface PaginateOptions {
  /** Sent as the spec's `limitParam`; ignored when the operation has none. */
  readonly pageSize?: number | undefined;
  readonly maxPages?: number | undefined;
  readonly maxItems?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A page as fetched; `response` may be made only when read. */
export interface FetchedPage<Data> {
  readonly data: Data;
  readonly response: Response;
}

export interface PaginateArgs<Data> {
  readonly vendor: string;
  readonly operationId: string;
  readonly spec: PaginationSpec;
  readonly baseUrl: string;
  readonly first: { readonly query: Record<string, unknown>; readonly body: unknown };
  readonly fetchPage: (req: PageRequest) => Promise<FetchedPage<Data>>;
  readonly options?: PaginateOptions | undefined;
}

/** Parameter names with this prefix address a field of the JSON body, the rest the query. */
const BODY_PREFIX = "body.";

/**
 * Pages of an operation, fetched one at a time as the consumer pulls them. Every way out of the
 * loop is bounded: a server that repeats itself gets a `PaginationError`, never an endless listing.
 */
export async function* paginate<Item, Data = unknown>(
  args: PaginateArgs<Data>,
): AsyncGenerator<Page<Item, Data>, void, undefined> {
  const { spec, options = {} } = args;
  const { signal, maxPages, maxItems } = options;
  const fail = (reason: PaginationErrorReason, detail: string): PaginationError =>
    new PaginationError({ vendor: args.vendor, operationId: args.operationId, reason, detail });

  let request: PageRequest = { query: { ...args.first.query }, body: args.first.body };
  const style = pagingStyle(spec, (name) => readParam(request, name));
  if (spec.limitParam && options.pageSize !== undefined) {
    request = withParam(request, spec.limitParam, options.pageSize);
  }
  const requestedSize = spec.limitParam ? toNumber(readParam(request, spec.limitParam)) : undefined;
  const fullPage = requestedSize ?? spec.pageSize;
  const origin = new URL(args.baseUrl).origin;
  const seen = new Set<string>();
  if (style === "cursor" || style === "item-cursor") {
    const resumedFrom = readParam(request, spec.cursorParam!);
    if (!isAbsent(resumedFrom)) seen.add(JSON.stringify(resumedFrom));
  }
  const alternatives = resultsPaths(spec);
  let received = 0;
  let previousItems: unknown[] | undefined;

  for (let index = 0; ; index++) {
    if (maxPages !== undefined && index >= maxPages) return;
    if (maxItems !== undefined && received >= maxItems) return;
    signal?.throwIfAborted();
    const fetched = await untilAborted(args.fetchPage(request), signal);
    const data = fetched.data;
    const page = `page ${index + 1}`;
    const items = alternatives.map((path) => getPath(data, path)).find(Array.isArray);
    if (!items) throw fail("invalid-response", `${page} has no array ${alternatives.map(describePath).join(" or ")}`);
    yield new PageOf<Item, Data>(items as Item[], data, fetched, index);
    signal?.throwIfAborted();
    received += items.length;
    if (style === "single" || items.length === 0) return;
    // A bare array carries no paging fields: it is the whole listing (Mem0 answers either shape).
    if (Array.isArray(data) && readsBody(style, spec)) return;
    const more = spec.hasMorePath === undefined ? undefined : getPath(data, spec.hasMorePath);
    if (spec.hasMorePath !== undefined && typeof more !== "boolean") {
      throw fail("invalid-response", `${page} has no true or false at \`${spec.hasMorePath}\` (hasMorePath)`);
    }
    if (more === false) return;
    if (spec.totalPath !== undefined) {
      const total = toNumber(getPath(data, spec.totalPath));
      if (total === undefined)
        throw fail("invalid-response", `${page} has no number at \`${spec.totalPath}\` (totalPath)`);
      if (received >= total) return;
    }
    const endsWithout = (what: string): undefined => {
      if (more === true)
        throw fail(
          "invalid-response",
          `${page} says more pages exist (\`${spec.hasMorePath}\` is true) but has no ${what}`,
        );
      return undefined;
    };

    switch (style) {
      case "cursor":
      case "item-cursor": {
        const cursor =
          style === "cursor" ? getPath(data, spec.cursorPath!) : getPath(items[items.length - 1], spec.cursorItemPath!);
        if (isAbsent(cursor)) {
          if (style === "item-cursor")
            throw fail(
              "invalid-response",
              `the last item of ${page} has no \`${spec.cursorItemPath}\` (cursorItemPath)`,
            );
          return endsWithout(`cursor at \`${spec.cursorPath}\``);
        }
        const key = JSON.stringify(cursor);
        if (seen.has(key)) throw fail("repeated-cursor", `${page} returned a cursor already followed`);
        seen.add(key);
        request = withParam(request, spec.cursorParam!, cursor);
        break;
      }
      case "next-url":
      case "link-header": {
        const response = fetched.response;
        const next = style === "next-url" ? getPath(data, spec.nextUrlPath!) : nextLink(response.headers.get("link"));
        const where = style === "next-url" ? `at \`${spec.nextUrlPath}\`` : `in its Link header`;
        if (isAbsent(next)) return endsWithout(`next-page URL ${where}`);
        // The page just fetched counts as followed: a `next` pointing back at it is a loop.
        if (response.url) seen.add(response.url);
        // RFC 8288 resolves a Link target against the request; a body's `next` has always been read against the base URL.
        const url =
          typeof next === "string"
            ? parseUrl(next, style === "link-header" && response.url ? response.url : args.baseUrl)
            : undefined;
        if (!url) throw fail("invalid-response", `${page} has no URL ${where}`);
        if (url.origin !== origin) {
          throw fail("foreign-origin", `${page} links to ${url.origin}, not ${origin}`);
        }
        if (seen.has(url.href)) {
          throw fail("repeated-url", `${page} links to ${url.pathname} with a query already followed`);
        }
        seen.add(url.href);
        request = { query: {}, body: request.body, url: url.href };
        break;
      }
      case "page":
      case "offset": {
        const decided = more === true || spec.totalPath !== undefined;
        if (!decided && fullPage !== undefined && items.length < fullPage) return;
        // A server that ignores the page parameter would otherwise return page one forever.
        // Compared as their JSON would be, without writing it: two different pages differ in their first item.
        if (previousItems !== undefined && sameJson(items, previousItems)) {
          throw fail("invalid-response", `${page} repeats the items of page ${index}`);
        }
        previousItems = items;
        const param = style === "page" ? spec.pageParam! : spec.pageOffsetParam!;
        const current = toNumber(readParam(request, param)) ?? (style === "page" ? (spec.pageStart ?? 0) : 0);
        request = withParam(request, param, current + (style === "page" ? 1 : items.length));
        break;
      }
    }
  }
}

/**
 * A page as yielded: `response` a getter, so that the Response is made only for a consumer (or a
 * paging style) that reads it. Still an own enumerable property, in its place, as it was on the
 * object literal a page used to be; defined from one shared descriptor, as a literal with a getter
 * takes V8 about a microsecond to make.
 */
class PageOf<Item, Data> implements Page<Item, Data> {
  // Declared, not fields: set in the constructor in this order, `response` among them.
  declare readonly items: Item[];
  declare readonly data: Data;
  declare readonly response: Response;
  declare readonly index: number;
  readonly #fetched: FetchedPage<Data>;

  static readonly #response: PropertyDescriptor = {
    get(this: PageOf<unknown, unknown>) {
      return this.#fetched.response;
    },
    enumerable: true,
    configurable: true,
  };

  constructor(items: Item[], data: Data, fetched: FetchedPage<Data>, index: number) {
    this.items = items;
    this.data = data;
    this.#fetched = fetched;
    Object.defineProperty(this, "response", PageOf.#response);
    this.index = index;
  }
}

/** The items of every page in order, stopping at `maxItems` exactly. */
export async function* paginateItems<Item, Data = unknown>(
  args: PaginateArgs<Data>,
): AsyncGenerator<Item, void, undefined> {
  const { maxItems, signal } = args.options ?? {};
  let count = 0;
  if (maxItems !== undefined && maxItems <= 0) return;
  for await (const page of paginate<Item, Data>(args)) {
    for (const item of page.items) {
      signal?.throwIfAborted();
      yield item;
      if (maxItems !== undefined && ++count >= maxItems) return;
    }
  }
}

/** Whether the style or a stop rule reads a field of the body, which a bare array does not have. */
function readsBody(style: PagingStyle, spec: PaginationSpec): boolean {
  return style === "cursor" || style === "next-url" || spec.hasMorePath !== undefined || spec.totalPath !== undefined;
}

function describePath(path: string): string {
  return isWholeValue(path) ? "as its body" : `at \`${path}\``;
}

function readParam(request: PageRequest, name: string): unknown {
  return name.startsWith(BODY_PREFIX) ? getPath(request.body, name.slice(BODY_PREFIX.length)) : request.query[name];
}

function withParam(request: PageRequest, name: string, value: unknown): PageRequest {
  return name.startsWith(BODY_PREFIX)
    ? { query: request.query, body: setPath(request.body, name.slice(BODY_PREFIX.length), value) }
    : { query: { ...request.query, [name]: value }, body: request.body };
}

function parseUrl(url: string, base: string): URL | undefined {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
}

function isAbsent(value: unknown): value is null | undefined | "" {
  return value === undefined || value === null || value === "";
}

function toNumber(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
