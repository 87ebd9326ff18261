import type { Mem0Client, operations } from "@eventkit/mem0";
import type { OperationData } from "@eventkit/runtime";
import { fieldsOf, Reading, withWarnings } from "../adapt.js";
import type { EventStatus, Mem0Event } from "../event.js";
import type { EventSource } from "../source.js";

export type Mem0RawEvent = NonNullable<OperationData<operations["events_list"]>["results"]>[number];

const STATUS = {
  PENDING: "pending",
  RUNNING: "running",
  FAILED: "failure",
  SUCCEEDED: "success",
} as const satisfies Record<NonNullable<Mem0RawEvent["status"]>, EventStatus>;

/** Mem0 memory operations (ADD, SEARCH, ...): no actor, no tags; the status is the operation's progress. */
export function adaptMem0(raw: Mem0RawEvent): Mem0Event {
  const r = new Reading();
  const e = fieldsOf(raw, r);
  const type = r.text(e.event_type) ?? "unknown";
  const id = r.id(e.id, "id", raw);
  void (r.time(e.created_at, "iso", "created_at") || r.time(e.started_at, "iso", "started_at") || r.time(e.updated_at, "iso", "updated_at") || r.noTime("created_at"));
  const status = r.status(e.status, STATUS, "status", "warn");
  return withWarnings<Mem0Event>({ vendor: "mem0", id, type, occurredAt: r.occurredAt, timestamp: r.timestamp, status: r.settle(status), title: type, tags: [], raw }, r);
}

/**
 * Mem0 takes no query parameters at all: no time filter and no documented order, so every page is
 * read and the hub filters and sorts (see the README on what that costs).
 */
export function mem0Source(client: Mem0Client): EventSource {
  return {
    vendor: "mem0",
    name: "mem0",
    order: "none",
    filtersByTime: false,
    async *pages(_window, { signal }) {
      for await (const page of client.pages.eventsList({}, { signal })) yield page.items.map(adaptMem0);
    },
  };
}
