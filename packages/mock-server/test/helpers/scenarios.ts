/** Scenarios for a test file, started through the control API of the global setup, and how to list them. */
import { afterAll, inject } from "vitest";
import { getPath } from "@eventkit/runtime/spec";
import { scenarioControl, type RemoteScenario, type RemoteScenarioOptions } from "../../src/remote.js";
import type { FeedOperation } from "../../src/scenario/feeds.js";
import { formatTime, parseTime } from "../../src/scenario/times.js";
import { requiredInit, setParam, type Init } from "./requests.js";
import type { VendorOperation } from "./vendors.js";

/**
 * Starts scenarios for this file; after it, each must have seen no spec violation (a response the
 * spec forbids fails the file that caused it) and is closed.
 */
export function useScenarios(): (options: RemoteScenarioOptions) => Promise<RemoteScenario> {
  const control = scenarioControl(inject("eventkitMocks").control);
  const started: RemoteScenario[] = [];
  afterAll(async () => {
    try {
      for (const s of started) await s.expectNoViolations();
    } finally {
      await Promise.all(started.map((s) => s.close()));
    }
  });
  return async (options) => {
    const scenario = await control.start(options);
    started.push(scenario);
    return scenario;
  };
}

/** How many events make `pages` pages of an operation, and the page size that takes. */
export interface ListingPlan {
  readonly events: number;
  /** Sent as the client's `pageSize` (operations with a limit parameter). */
  readonly clientPageSize?: number;
  /** The scenario's default page size (operations whose size neither the client nor the spec sets). */
  readonly scenarioPageSize?: number;
  readonly perPage: number;
}

export function listingPlan(feed: FeedOperation, pages: number): ListingPlan {
  const p = feed.pagination;
  if (p?.pageSize !== undefined && !p.limitParam) {
    return { events: p.pageSize * (pages - 1) + Math.ceil(p.pageSize / 2), perPage: p.pageSize };
  }
  const perPage = 7;
  const events = perPage * (pages - 1) + 3;
  return p?.limitParam ? { events, clientPageSize: perPage, perPage } : { events, scenarioPageSize: perPage, perPage };
}

export function eventTime(feed: FeedOperation, event: unknown): number {
  const time = feed.feed.timePath ? parseTime(getPath(event, feed.feed.timePath), feed.feed.timeFormat) : undefined;
  if (time === undefined) throw new Error(`${feed.operation.operationId}: event without a readable time`);
  return time;
}

export function eventId(feed: FeedOperation, event: unknown): unknown {
  return feed.feed.idPath ? getPath(event, feed.feed.idPath) : event;
}

/**
 * The operation's required data, its `when` condition (so that it pages) and its since/until
 * parameters set to `[from, to]` (default: every event).
 */
export function listingInit(
  op: VendorOperation,
  events: readonly unknown[],
  range?: { from: number; to: number },
): Init {
  const feed = op.feed!;
  const init = requiredInit(op.operation);
  for (const [name, value] of Object.entries(feed.pagination?.when?.[0] ?? {})) setParam(init, name, value);
  // Only a feed with since/until parameters needs its events' times (a paginated listing may have none).
  if (!feed.feed.since && !feed.feed.until) return init;
  const times = events.map((e) => eventTime(feed, e));
  const from = range?.from ?? Math.min(...times);
  const to = range?.to ?? Math.max(...times);
  if (feed.feed.since) setParam(init, feed.feed.since.param, formatTime(from, feed.feed.since.format));
  if (feed.feed.until) setParam(init, feed.feed.until.param, formatTime(to, feed.feed.until.format));
  return init;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

/**
 * Events as the generated client hands them out: the fields its operation reads as int64
 * (`int64Paths` under the results, x-eventkit-int64) become strings of their digits.
 */
export function asClientReads(op: VendorOperation, events: readonly unknown[]): unknown[] {
  const prefix = `${op.feed?.resultsPath ? `${op.feed.resultsPath}.` : ""}*.`;
  const paths = (op.spec.int64Paths ?? [])
    .filter((p) => p.startsWith(prefix))
    .map((p) => p.slice(prefix.length).split("."));
  if (!paths.length) return [...events];
  const stringAt = (value: unknown, path: readonly string[]): unknown => {
    if (value === null || typeof value !== "object") return value;
    const [key, ...rest] = path as [string, ...string[]];
    const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
    for (const k of key === "*" ? Object.keys(copy) : Object.hasOwn(copy, key) ? [key] : []) {
      copy[k] = rest.length ? stringAt(copy[k], rest) : typeof copy[k] === "number" ? String(copy[k]) : copy[k];
    }
    return copy;
  };
  return events.map((event) => paths.reduce(stringAt, event));
}
