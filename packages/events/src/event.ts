import type { CapillaryRawEvent } from "./vendors/capillary.js";
import type { DatadogV1RawEvent, DatadogV2RawEvent } from "./vendors/datadog.js";
import type { Mem0RawEvent } from "./vendors/mem0.js";
import type { OpalRawEvent } from "./vendors/opal.js";
import type { TrieveRawEvent } from "./vendors/trieve.js";

export const VENDORS = ["mem0", "opal", "datadog", "trieve", "capillary"] as const;

export type VendorName = (typeof VENDORS)[number];

export type EventStatus = "success" | "failure" | "pending" | "running" | "info" | "warning" | "unknown";

/** Who did it, as far as the vendor says. */
export interface Actor {
  readonly id?: string;
  readonly name?: string;
  readonly email?: string;
  readonly ip?: string;
}

interface EventFields<V extends VendorName, Raw> {
  readonly vendor: V;
  /** Unique per vendor (not across vendors): dedupe by (vendor, id). */
  readonly id: string;
  /** The vendor's own event kind, e.g. `USERS_CREATED`, `view`, `Group_User_Event`. */
  readonly type: string;
  /** ISO 8601 in UTC, always ending in `Z`. */
  readonly occurredAt: string;
  /** `occurredAt` as epoch milliseconds, for sorting and arithmetic. */
  readonly timestamp: number;
  readonly status: EventStatus;
  readonly actor?: Actor;
  /** One line for humans; never empty (falls back to `type`). */
  readonly title: string;
  readonly message?: string;
  readonly tags: readonly string[];
  /** Structured detail the vendor sends as text (Capillary's `inputRequest`, parsed). */
  readonly details?: unknown;
  /** What did not match the vendor's spec in this event; absent when nothing. */
  readonly warnings?: readonly string[];
  /** The vendor's event as received. */
  readonly raw: Raw;
}

export type Mem0Event = EventFields<"mem0", Mem0RawEvent>;
export type OpalEvent = EventFields<"opal", OpalRawEvent>;
/** `api` tells which Datadog endpoint the event came from, and so the shape of `raw`. */
export type DatadogEvent = (EventFields<"datadog", DatadogV2RawEvent> & { readonly api: "v2" }) | (EventFields<"datadog", DatadogV1RawEvent> & { readonly api: "v1" });
export type TrieveEvent = EventFields<"trieve", TrieveRawEvent>;
export type CapillaryEvent = EventFields<"capillary", CapillaryRawEvent>;

/** One event of any vendor; `vendor` (and for Datadog `api`) discriminates `raw`. */
export type Event = Mem0Event | OpalEvent | DatadogEvent | TrieveEvent | CapillaryEvent;

export type EventOf<V extends VendorName> = Extract<Event, { vendor: V }>;

export function isVendorName(value: string): value is VendorName {
  return (VENDORS as readonly string[]).includes(value);
}

/** Newest first; ties broken by vendor then id so that every run orders the same events the same way. */
export function newestFirst(a: Event, b: Event): number {
  if (a.timestamp !== b.timestamp) return b.timestamp - a.timestamp;
  if (a.vendor !== b.vendor) return a.vendor < b.vendor ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
