/**
 * What a scenario serves for each operation, read from the spec alone: `x-pagination` (how it
 * pages), `x-eventkit-feed` (which fields are an event's id and time, how the vendor filters by
 * time) and the success response's schema. Nothing here names a vendor.
 */
import { operationsOf, schemaAt, successResponse, typeOf, isObject, type Operation, type Schema } from "../openapi.js";
import type { OpenApiDocument } from "../specs.js";
import {
  pagingStyle as styleOfCall,
  pagingStyleOf,
  resultsPaths,
  type PaginationSpec,
  type PagingStyle,
} from "@eventkit/runtime/spec";
import { TIME_FORMATS, type TimeFormat } from "./times.js";

/** The `x-pagination` vocabulary, as the generated clients' runtime reads it. */
export type PaginationRule = PaginationSpec;

export type { PagingStyle };

export interface TimeFilter {
  readonly param: string;
  readonly format: TimeFormat;
}

export interface FeedRule {
  readonly idPath?: string | undefined;
  readonly timePath?: string;
  readonly timeFormat: TimeFormat;
  readonly since?: TimeFilter;
  readonly until?: TimeFilter;
  readonly sort?: { readonly param: string; readonly value: unknown };
}

export interface LimitRule {
  readonly param: string;
  readonly default?: number;
  readonly maximum?: number;
}

export interface FeedOperation {
  readonly operation: Operation;
  readonly status: number;
  readonly responseSchema: Schema;
  /** Where the list of events sits in the response body. */
  readonly resultsPath: string;
  readonly itemSchema: Schema;
  readonly pagination?: PaginationRule;
  readonly feed: FeedRule;
  readonly limit?: LimitRule;
}

/** Parameter names that cap how many items one response holds, when the spec has no `x-pagination`. */
const LIMIT_NAMES = new Set([
  "limit",
  "page_size",
  "pagesize",
  "per_page",
  "perpage",
  "size",
  "count",
  "max_results",
  "maxresults",
  "page[limit]",
]);

export function describeFeeds(doc: OpenApiDocument): { feeds: FeedOperation[]; others: Operation[] } {
  const feeds: FeedOperation[] = [];
  const others: Operation[] = [];
  for (const operation of operationsOf(doc)) {
    const feed = describeFeed(operation);
    if (feed) feeds.push(feed);
    else others.push(operation);
  }
  return { feeds, others };
}

function describeFeed(operation: Operation): FeedOperation | undefined {
  const success = successResponse(operation);
  if (!success?.schema) return undefined;
  const pagination = isObject(operation.raw["x-pagination"])
    ? (operation.raw["x-pagination"] as unknown as PaginationRule)
    : undefined;
  const rawFeed = isObject(operation.raw["x-eventkit-feed"]) ? operation.raw["x-eventkit-feed"] : undefined;
  if (!pagination && !rawFeed) return undefined;
  // The first candidate of each list is what the vendor writes today (see FeedSpec in @eventkit/runtime/spec).
  const idPath = firstPath(rawFeed?.id);
  // The mock writes the first declared shape the schema describes (an envelope before a bare array).
  const resultsPath = pagination
    ? resultsPaths(pagination).find((path) => typeOf(schemaAt(success.schema, path)) === "array")
    : typeof rawFeed?.items === "string"
      ? rawFeed.items
      : findResultsPath(success.schema, idPath);
  if (resultsPath === undefined) return undefined;
  const list = schemaAt(success.schema, resultsPath);
  const itemSchema = isObject(list?.items) ? (list.items as Schema) : {};
  const time = Array.isArray(rawFeed?.time) ? rawFeed.time[0] : rawFeed?.time;
  const format = isObject(time) ? (Array.isArray(time.format) ? time.format[0] : time.format) : undefined;
  const timeFormat = TIME_FORMATS.includes(format as TimeFormat) ? (format as TimeFormat) : "iso";
  const feed: FeedRule = {
    idPath: idPath ?? (schemaAt(itemSchema, "id") ? "id" : undefined),
    ...(isObject(time) && typeof time.path === "string" ? { timePath: time.path } : {}),
    timeFormat,
    ...timeFilter("since", rawFeed?.since, timeFormat),
    ...timeFilter("until", rawFeed?.until, timeFormat),
    ...(isObject(rawFeed?.sort) && typeof rawFeed.sort.param === "string"
      ? { sort: { param: rawFeed.sort.param, value: rawFeed.sort.value } }
      : {}),
  };
  return {
    operation,
    status: success.status,
    responseSchema: success.schema,
    resultsPath,
    itemSchema,
    ...(pagination ? { pagination } : {}),
    feed,
    ...limitOf(operation, pagination),
  };
}

function firstPath(candidates: unknown): string | undefined {
  const first = Array.isArray(candidates) ? candidates[0] : candidates;
  if (typeof first === "string") return first;
  return isObject(first) && typeof first.path === "string" ? first.path : undefined;
}

function timeFilter(
  key: "since" | "until",
  raw: unknown,
  fallback: TimeFormat,
): Partial<Record<"since" | "until", TimeFilter>> {
  if (!isObject(raw) || typeof raw.param !== "string") return {};
  const format = TIME_FORMATS.includes(raw.format as TimeFormat) ? (raw.format as TimeFormat) : fallback;
  return { [key]: { param: raw.param, format } };
}

/** The array in the response whose items carry the event id (the first array when no id is known). */
function findResultsPath(schema: Schema, idPath: string | undefined): string | undefined {
  const queue: { schema: Schema; path: string; depth: number }[] = [{ schema, path: "", depth: 0 }];
  let firstArray: string | undefined;
  while (queue.length) {
    const { schema: node, path, depth } = queue.shift()!;
    for (const [name, child] of Object.entries(isObject(node.properties) ? node.properties : {})) {
      if (!isObject(child)) continue;
      const childPath = path ? `${path}.${name}` : name;
      if (typeOf(child) === "array" && isObject(child.items)) {
        if (idPath === undefined || schemaAt(child.items as Schema, idPath)) return childPath;
        firstArray ??= childPath;
      } else if (typeOf(child) === "object" && depth < 3) {
        queue.push({ schema: child, path: childPath, depth: depth + 1 });
      }
    }
  }
  return idPath === undefined ? firstArray : undefined;
}

function limitOf(operation: Operation, pagination: PaginationRule | undefined): { limit?: LimitRule } {
  const name = pagination?.limitParam;
  const parameter = name
    ? operation.parameters.find((p) => p.name === name)
    : pagingStyleOf(pagination) !== "single"
      ? undefined
      : operation.parameters.find(
          (p) =>
            p.in === "query" &&
            LIMIT_NAMES.has(p.name.toLowerCase()) &&
            /integer|number/.test(String(typeOf(p.schema))),
        );
  const param = name ?? parameter?.name;
  if (!param) return {};
  const schema =
    parameter?.schema ??
    (param.startsWith("body.") ? schemaAt(operation.requestBody?.schema, param.slice(5)) : undefined);
  return {
    limit: {
      param,
      ...(typeof schema?.default === "number" ? { default: schema.default } : {}),
      ...(typeof schema?.maximum === "number" ? { maximum: schema.maximum } : {}),
    },
  };
}

/** How a request to this operation pages, decided as the clients' runtime decides it. */
export function pagingStyle(feed: FeedOperation, read: (name: string) => unknown): PagingStyle {
  return styleOfCall(feed.pagination, read);
}
