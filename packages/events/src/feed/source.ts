import type { FeedFilter, FeedSpec } from "@eventkit/runtime";
import { formatTime, toIso } from "@eventkit/runtime/time";
import type { Event, VendorName } from "../event.js";
import type { EventSource, ReadContext, Window } from "../source.js";
import { compilePath, setPath } from "@eventkit/runtime/spec";
import { compileFeed } from "./read.js";
import { readInSlices } from "./slices.js";

export interface FeedSourceOptions {
  readonly vendor: VendorName;
  /** The client method of the operation that carries the feed. */
  readonly operation: string;
  readonly feed: FeedSpec;
  readonly client: object;
  /** Names the endpoint in warnings (`datadog v2` when several are read). */
  readonly name: string;
  /** Set on events as `api` (the feed's name, for a vendor with several). */
  readonly api?: string;
  readonly idPrefix: string;
  /** The caller's page size, where the feed lets the caller choose. */
  readonly pageSize?: number;
  /** The page size the server keeps to where the caller cannot choose (the operation's `x-pagination`). */
  readonly fixedPageSize?: number;
  /** Config values by name (`datasetId`), already resolved from options and environment. */
  readonly config: Readonly<Record<string, string>>;
  /** Events a time slice may hold, for vendors read in slices; default `defaultSliceEvents` of the page size. */
  readonly sliceEvents?: number;
}

/**
 * What a time slice may hold by default: five pages, at least 500 and at most 2000 events. A slice
 * is read whole and held until the merge has taken it, so its events outlive V8's young generation
 * (they are promoted, and old space grows with them between full GCs) the more it holds; and it
 * costs about one request beyond its events' pages (a slice targets half of this: two or three
 * pages and a short one), so a cap of a few pages keeps that share small. At the vendors' default
 * page sizes (500, 1000) this is 2000; at pages of 100, 500; at Trieve's fixed pages of 10, 500.
 */
export function defaultSliceEvents(pageSize: number | undefined): number {
  return Math.min(2000, Math.max(500, 5 * (pageSize ?? 0)));
}

interface Init {
  params: { query: Record<string, unknown>; header: Record<string, unknown>; path: Record<string, unknown> };
  body?: Record<string, unknown>;
}

type Pager = (init: Init, options: { pageSize?: number; signal: AbortSignal }) => AsyncIterable<{ items: unknown[] }>;
type Call = (init: Init & { signal: AbortSignal }) => Promise<unknown>;

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * One vendor endpoint read as its `x-eventkit-feed` says: requests (time filters, sort, extra
 * parameters, page size) and events are built from the data alone. Endpoints in no documented order
 * that filter by time are read in time slices, so that every source streams.
 */
export function feedSource(options: FeedSourceOptions): EventSource {
  const { feed, client, operation } = options;
  const read = compileFeed(feed, {
    vendor: options.vendor,
    ...(options.api !== undefined ? { api: options.api } : {}),
    idPrefix: options.idPrefix,
  });
  const pager = (client as { pages?: Record<string, Pager> }).pages?.[operation];
  const call = (client as Record<string, Call>)[operation]!;
  const items = compilePath(feed.items ?? "");
  const pageSize = feed.pageSize ? (options.pageSize ?? feed.pageSize.default) : undefined;
  const filtersByTime = feed.since !== undefined || feed.until !== undefined;
  const sliced = feed.order === "none" && filtersByTime;

  const initFor = (window: Window): Init => {
    const init: Init = { params: { query: {}, header: {}, path: {} } };
    const set = (name: string, where: "query" | "header" | "path" | "body", value: unknown) => {
      if (where === "body")
        init.body = setPath(init.body, name.slice("body.".length), value) as Record<string, unknown>;
      else init.params[where][name] = value;
    };
    const located = (name: string) => (name.startsWith("body.") ? "body" : "query");
    for (const p of feed.params ?? []) set(p.name, p.in, p.config !== undefined ? options.config[p.config] : p.value);
    if (feed.sort) set(feed.sort.param, located(feed.sort.param), feed.sort.value);
    const since = filterValue(feed.since, window.since, false);
    if (since !== undefined) set(feed.since!.param, located(feed.since!.param), since);
    const until = filterValue(feed.until, window.until, true);
    if (until !== undefined) set(feed.until!.param, located(feed.until!.param), until);
    if (pageSize !== undefined && feed.pageSize?.param)
      set(feed.pageSize.param, located(feed.pageSize.param), pageSize);
    return init;
  };

  /** Every response of the window, as pages of events; `stop` ends the reading after a page. */
  async function* responses(window: Window, context: ReadContext): AsyncGenerator<Event[], void, undefined> {
    const init = initFor(window);
    if (pager) {
      const size = pageSize !== undefined && !feed.pageSize?.param ? { pageSize } : {};
      for await (const page of pager(init, { ...size, signal: context.signal })) {
        context.countPage();
        yield page.items.map(read);
      }
      return;
    }
    const body = await call({ ...init, signal: context.signal });
    context.countPage();
    const found = items(body);
    yield Array.isArray(found) ? found.map(read) : [];
  }

  return {
    vendor: options.vendor,
    name: options.name,
    order: feed.order === "newest-first" || sliced ? "newest-first" : "none",
    filtersByTime,
    slices: sliced,
    pages(window, context) {
      if (!sliced) return responses(window, context);
      // One response per slice where the operation does not page: a full one may have left events out.
      const single = !pager;
      const cap = single
        ? (pageSize ?? Number.POSITIVE_INFINITY)
        : (options.sliceEvents ?? defaultSliceEvents(pageSize ?? options.fixedPageSize));
      const granularity = Math.max(granularityOf(feed.since), granularityOf(feed.until));
      return readInSlices(window, {
        cap,
        granularity,
        now: Date.now,
        onTruncated: (slice) =>
          context.warn(
            `${options.name}: more than ${cap} events at ${toIso(slice.since ?? 0)}; some may be missing${single ? " (raise pageSize)" : ""}`,
          ),
        read: async (slice, enough) => {
          const events: Event[] = [];
          for await (const page of responses(slice, context)) {
            for (const event of page) events.push(event);
            if (single) return { events, full: events.length >= cap };
            if (enough(events)) return { events, full: true };
          }
          return { events, full: false };
        },
      });
    },
  };
}

/** A window's bound as the filter takes it; an open bound is sent only when the feed says what stands for it. */
function filterValue(filter: FeedFilter | undefined, bound: number | undefined, end: boolean): unknown {
  if (!filter) return undefined;
  if (bound !== undefined) return formatTime(bound, filter.format, end);
  if (filter.open === undefined) return undefined;
  if (filter.open === "epoch") return formatTime(0, filter.format, end);
  const m = /^now(?:\+(\d+)(ms|s|m|h|d|w))?$/.exec(filter.open)!;
  return formatTime(Date.now() + (m[1] ? Number(m[1]) * DURATION_MS[m[2]!]! : 0), filter.format, end);
}

function granularityOf(filter: FeedFilter | undefined): number {
  return filter?.format === "epoch-s" || filter?.format === "sql" ? 1000 : 1;
}
