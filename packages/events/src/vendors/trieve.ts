import type { components, TrieveClient } from "@eventkit/trieve";
import { fieldsOf, Reading, withWarnings } from "../adapt.js";
import type { TrieveEvent } from "../event.js";
import type { EventSource } from "../source.js";
import { toIsoLocal } from "../time.js";

export type TrieveRawEvent = components["schemas"]["EventData"];

/** Trieve search analytics (views, clicks, purchases): no outcome, so `info`; the actor is the end user. */
export function adaptTrieve(raw: TrieveRawEvent): TrieveEvent {
  const r = new Reading();
  const e = fieldsOf(raw, r);
  const type = r.required(e.event_type, "event_type") ?? "unknown";
  const user = r.text(e.user_id);
  const name = r.required(e.event_name, "event_name");
  const id = r.id(e.id, "id", raw);
  // Trieve writes naive timestamps, which are UTC (VENDORS.md); a zone, if one ever appears, is honoured.
  void (r.time(e.created_at, "iso-local", "created_at") || r.time(e.updated_at, "iso-local", "updated_at") || r.noTime("created_at"));
  return withWarnings<TrieveEvent>(
    { vendor: "trieve", id, type, occurredAt: r.occurredAt, timestamp: r.timestamp, status: r.settle("info"), ...(user !== undefined ? { actor: { id: user } } : {}), title: name ?? type, tags: e.is_conversion === true ? ["conversion"] : [], raw },
    r,
  );
}

/**
 * Trieve pages in tens, numbered from 1 in the JSON body, and filters by `filter.date_range`
 * (zone-less UTC). Every call carries the dataset header the server requires.
 */
export function trieveSource(client: TrieveClient, datasetId: string): EventSource {
  return {
    vendor: "trieve",
    name: "trieve",
    order: "none",
    filtersByTime: true,
    async *pages(window, { signal }) {
      const dateRange = {
        ...(window.since !== undefined ? { gte: toIsoLocal(window.since) } : {}),
        ...(window.until !== undefined ? { lte: toIsoLocal(window.until) } : {}),
      };
      const body = { ...(Object.keys(dateRange).length ? { filter: { date_range: dateRange } } : {}), page: 1 };
      const pages = client.pages.getAllEvents({ params: { header: { "TR-Dataset": datasetId } }, body }, { signal });
      for await (const page of pages) yield page.items.map(adaptTrieve);
    },
  };
}
