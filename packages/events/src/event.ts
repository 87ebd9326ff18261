import type { FeedStatus } from "@eventkit/runtime";
import type { FeedNameAt, FeedNameOf, FeedOperationOf, RawEventOf, VendorName } from "./registry.js";

export { isVendorName, VENDORS, type VendorName } from "./registry.js";

export type EventStatus = FeedStatus;

/** Who did it, as far as the vendor says. */
export interface Actor {
  readonly id?: string;
  readonly name?: string;
  readonly email?: string;
  readonly ip?: string;
}

export interface EventFields<V extends VendorName, Raw> {
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
  /** Structured detail the vendor sends as text (declared `details: { json: true }`), parsed. */
  readonly details?: unknown;
  /** What did not match the vendor's spec in this event; absent when nothing. */
  readonly warnings?: readonly string[];
  /** The vendor's event as received. */
  readonly raw: Raw;
}

/**
 * One vendor's events. A vendor with several feeds (Datadog's v1 and v2 endpoints) adds `api`, the
 * feed's name, which tells the shape of `raw`.
 */
export type EventOf<V extends VendorName> = {
  [K in FeedOperationOf<V>]: [FeedNameOf<V>] extends [never]
    ? EventFields<V, RawEventOf<V, K>>
    : EventFields<V, RawEventOf<V, K>> & { readonly api: FeedNameAt<V, K> };
}[FeedOperationOf<V>];

/** One event of any vendor; `vendor` (and `api` where a vendor has several feeds) discriminates `raw`. */
export type Event = { [V in VendorName]: EventOf<V> }[VendorName];

/** What the feed's order reads of an event. */
export type OrderKey = Pick<Event, "timestamp" | "vendor" | "id">;

/** Newest first; ties broken by vendor then id so that every run orders the same events the same way. */
export function newestFirst(a: OrderKey, b: OrderKey): number {
  if (a.timestamp !== b.timestamp) return b.timestamp - a.timestamp;
  if (a.vendor !== b.vendor) return a.vendor < b.vendor ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
