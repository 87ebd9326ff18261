/**
 * Each vendor's event reader, compiled from its package's `x-eventkit-feed` exactly as the hub
 * compiles it: the tests give raw events and want events, as they did of the hand-written adapters.
 */
import {
  compileFeed,
  type Event,
  type EventOf,
  type RawEventOf,
  VENDOR_REGISTRY,
  type VendorName,
} from "../../src/index.js";

export type Mem0RawEvent = RawEventOf<"mem0">;
export type OpalRawEvent = RawEventOf<"opal">;
export type DatadogV2RawEvent = RawEventOf<"datadog", "listEvents">;
export type DatadogV1RawEvent = RawEventOf<"datadog", "listEventsV1">;
export type TrieveRawEvent = RawEventOf<"trieve">;
export type CapillaryRawEvent = RawEventOf<"capillary">;

function adapter<V extends VendorName>(vendor: V, feedName?: string): (raw: unknown, idPrefix?: string) => EventOf<V> {
  const pkg = VENDOR_REGISTRY.find((p) => p.vendor === vendor)!;
  const { feed } = pkg.feeds.find((f) => feedName === undefined || f.feed.name === feedName)!;
  const api = pkg.feeds.length > 1 ? feed.name : undefined;
  const readers = new Map<string, (raw: unknown) => Event>();
  return (raw, idPrefix = "") => {
    let read = readers.get(idPrefix);
    if (!read) {
      read = compileFeed(feed, { vendor, ...(api !== undefined ? { api } : {}), idPrefix });
      readers.set(idPrefix, read);
    }
    return read(raw) as EventOf<V>;
  };
}

export const adaptMem0 = adapter("mem0");
export const adaptOpal = adapter("opal");
export const adaptDatadogV2 = adapter("datadog", "v2");
export const adaptDatadogV1 = adapter("datadog", "v1");
export const adaptTrieve = adapter("trieve");
export const adaptCapillary = adapter("capillary");
