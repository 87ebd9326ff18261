import type { components, DatadogClient } from "@eventkit/datadog";
import { fieldsOf, firstLine, objectAt, Reading, unique, withWarnings } from "../adapt.js";
import type { DatadogEvent, EventStatus } from "../event.js";
import type { EventSource, PageSizes } from "../source.js";

type Schemas = components["schemas"];
export type DatadogV2RawEvent = Schemas["EventResponse"];
export type DatadogV1RawEvent = Schemas["V1Event"];

/** Which Datadog endpoint the hub lists: v2 by default; `both` lists the two and prefixes ids with `v1:`/`v2:`. */
export type DatadogApi = "v1" | "v2" | "both";

const V2_STATUS = {
  failure: "failure",
  error: "failure",
  warning: "warning",
  info: "info",
  success: "success",
  user_update: "info",
  recommendation: "info",
  snapshot: "info",
} as const satisfies Record<NonNullable<Schemas["EventStatusType"]>, EventStatus>;

const V1_ALERT_TYPE = {
  error: "failure",
  warning: "warning",
  info: "info",
  success: "success",
  user_update: "info",
  recommendation: "info",
  snapshot: "info",
} as const satisfies Record<NonNullable<Schemas["EventAlertType"]>, EventStatus>;

/**
 * Datadog v2 events (monitors, deploys, integrations). Only alert events carry a status, so its
 * absence means a plain event, `info`. The type is the source (`monitor alert`, `deployment`), as
 * in v1, so that filtering by type works the same on both endpoints.
 */
export function adaptDatadogV2(raw: DatadogV2RawEvent, idPrefix = ""): DatadogEvent {
  const r = new Reading();
  const e = fieldsOf(raw, r);
  const outer = objectAt(e.attributes);
  const inner = objectAt(outer.attributes);
  const evt = objectAt(inner.evt);
  const type = r.text(inner.source_type_name) ?? r.text(inner.sourcecategory) ?? r.text(evt.type) ?? "event";
  const message = r.text(outer.message);
  const id = idPrefix + r.id(e.id, "id", raw);
  void (
    r.time(outer.timestamp, "iso", "attributes.timestamp") ||
    r.time(inner.timestamp, "epoch-ms", "attributes.attributes.timestamp") ||
    r.time(inner.date_happened, "epoch-s", "attributes.attributes.date_happened") ||
    r.noTime("attributes.timestamp")
  );
  const status = r.status(inner.status, V2_STATUS, "attributes.attributes.status", "info");
  return withWarnings<DatadogEvent>(
    {
      vendor: "datadog",
      api: "v2",
      id,
      type,
      occurredAt: r.occurredAt,
      timestamp: r.timestamp,
      status: r.settle(status),
      title: r.text(inner.title) ?? r.text(evt.name) ?? r.text(inner.event_object) ?? firstLine(message) ?? type,
      ...(message !== undefined ? { message } : {}),
      tags: unique(r.strings(outer.tags).concat(r.strings(inner.tags))),
      raw,
    },
    r,
  );
}

/** Datadog v1 events: `id` is an int64 that JavaScript rounds, so `id_str` is the id. */
export function adaptDatadogV1(raw: DatadogV1RawEvent, idPrefix = ""): DatadogEvent {
  const r = new Reading();
  const e = fieldsOf(raw, r);
  let id = r.text(e.id_str);
  if (id === undefined && typeof e.id === "number" && Number.isSafeInteger(e.id)) {
    r.note("missing id_str; id taken from the integer id");
    id = String(e.id);
  }
  const type = r.text(e.source_type_name) ?? "event";
  const message = r.text(e.text);
  const fullId = idPrefix + r.id(id, "id_str", raw);
  void (r.time(e.date_happened, "epoch-s", "date_happened") || r.noTime("date_happened"));
  const status = r.status(e.alert_type, V1_ALERT_TYPE, "alert_type", "info");
  return withWarnings<DatadogEvent>(
    { vendor: "datadog", api: "v1", id: fullId, type, occurredAt: r.occurredAt, timestamp: r.timestamp, status: r.settle(status), title: r.text(e.title) ?? firstLine(message) ?? type, ...(message !== undefined ? { message } : {}), tags: r.strings(e.tags), raw },
    r,
  );
}

/** v2 sorts server-side (sort=-timestamp) and filters by filter[from]/filter[to] in milliseconds. */
export function datadogV2Source(client: DatadogClient, sizes: PageSizes = {}, idPrefix = ""): EventSource {
  return {
    vendor: "datadog",
    name: idPrefix ? "datadog v2" : "datadog",
    order: "newest-first",
    filtersByTime: true,
    async *pages(window, { signal }) {
      const query = {
        sort: "-timestamp" as const,
        // Without filter[from] Datadog lists only the last 15 minutes: an open window starts at the epoch.
        "filter[from]": String(window.since ?? 0),
        ...(window.until !== undefined ? { "filter[to]": String(window.until) } : {}),
      };
      const pages = client.pages.listEvents({ params: { query } }, { pageSize: sizes.pageSize ?? 1000, signal });
      for await (const page of pages) yield page.items.map((raw) => adaptDatadogV2(raw, idPrefix));
    },
  };
}

/** Datadog lets v1 events be stamped up to two hours ahead of the clock. */
const V1_FUTURE_S = 2 * 3600;

/**
 * v1 needs `start` and `end` (seconds) on every call and pages (1000 events, newest first) only
 * with `unaggregated=true`.
 */
export function datadogV1Source(client: DatadogClient, idPrefix = ""): EventSource {
  return {
    vendor: "datadog",
    name: idPrefix ? "datadog v1" : "datadog",
    order: "newest-first",
    filtersByTime: true,
    async *pages(window, { signal }) {
      const start = window.since !== undefined ? Math.floor(window.since / 1000) : 0;
      const end = window.until !== undefined ? Math.ceil(window.until / 1000) : Math.ceil(Date.now() / 1000) + V1_FUTURE_S;
      const pages = client.pages.listEventsV1({ params: { query: { start, end, unaggregated: true } } }, { signal });
      for await (const page of pages) yield page.items.map((raw) => adaptDatadogV1(raw, idPrefix));
    },
  };
}

export function datadogSources(client: DatadogClient, api: DatadogApi, sizes: PageSizes = {}): EventSource[] {
  if (api === "v1") return [datadogV1Source(client)];
  if (api === "v2") return [datadogV2Source(client, sizes)];
  return [datadogV2Source(client, sizes, "v2:"), datadogV1Source(client, "v1:")];
}
