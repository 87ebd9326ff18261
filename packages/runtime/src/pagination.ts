import { untilAborted } from "./abort.js";
import { getPath, setPath } from "./dotted-path.js";
import { PaginationError, type PaginationErrorReason } from "./errors.js";
import { pagingStyle } from "./paging-style.js";
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
  readonly pageSize?: number;
  readonly maxPages?: number;
  readonly maxItems?: number;
  readonly signal?: AbortSignal;
}

export interface PaginateArgs<Data> {
  readonly vendor: string;
  readonly operationId: string;
  readonly spec: PaginationSpec;
  readonly baseUrl: string;
  readonly first: { readonly query: Record<string, unknown>; readonly body: unknown };
  readonly fetchPage: (req: PageRequest) => Promise<{ data: Data; response: Response }>;
  readonly options?: PaginateOptions;
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
  if (style === "cursor") {
    const resumedFrom = readParam(request, spec.cursorParam!);
    if (!isAbsent(resumedFrom)) seen.add(JSON.stringify(resumedFrom));
  }
  let received = 0;
  let previousItems: string | undefined;

  for (let index = 0; ; index++) {
    if (maxPages !== undefined && index >= maxPages) return;
    if (maxItems !== undefined && received >= maxItems) return;
    signal?.throwIfAborted();
    const { data, response } = await untilAborted(args.fetchPage(request), signal);
    const items = getPath(data, spec.resultsPath ?? "");
    if (!Array.isArray(items)) {
      const where = spec.resultsPath ? `at \`${spec.resultsPath}\`` : "as its body";
      throw fail("invalid-response", `page ${index + 1} has no array ${where}`);
    }
    yield { items: items as Item[], data, response, index };
    signal?.throwIfAborted();
    received += items.length;
    if (style === "single" || items.length === 0) return;

    switch (style) {
      case "cursor": {
        const cursor = getPath(data, spec.cursorPath!);
        if (isAbsent(cursor)) return;
        const key = JSON.stringify(cursor);
        if (seen.has(key)) throw fail("repeated-cursor", `page ${index + 1} returned a cursor already followed`);
        seen.add(key);
        request = withParam(request, spec.cursorParam!, cursor);
        break;
      }
      case "next-url": {
        const next = getPath(data, spec.nextUrlPath!);
        if (isAbsent(next)) return;
        // The page just fetched counts as followed: a `next` pointing back at it is a loop.
        if (response.url) seen.add(response.url);
        const url = typeof next === "string" ? parseUrl(next, args.baseUrl) : undefined;
        if (!url) throw fail("invalid-response", `page ${index + 1} has no URL at \`${spec.nextUrlPath}\``);
        if (url.origin !== origin) {
          throw fail("foreign-origin", `page ${index + 1} links to ${url.origin}, not ${origin}`);
        }
        if (seen.has(url.href)) {
          throw fail("repeated-url", `page ${index + 1} links to ${url.pathname} with a query already followed`);
        }
        seen.add(url.href);
        request = { query: {}, body: request.body, url: url.href };
        break;
      }
      case "page":
      case "offset": {
        if (fullPage !== undefined && items.length < fullPage) return;
        // A server that ignores the page parameter would otherwise return page one forever.
        const fingerprint = JSON.stringify(items);
        if (fingerprint === previousItems) {
          throw fail("invalid-response", `page ${index + 1} repeats the items of page ${index}`);
        }
        previousItems = fingerprint;
        const param = style === "page" ? spec.pageParam! : spec.pageOffsetParam!;
        const current = toNumber(readParam(request, param)) ?? (style === "page" ? (spec.pageStart ?? 0) : 0);
        request = withParam(request, param, current + (style === "page" ? 1 : items.length));
        break;
      }
    }
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
