export { createEventHub, EventFeed, type EventHub, type ListOptions } from "./hub.js";
export type { DatadogExtra, HubClients, HubConfig, HubOptions, TrieveExtra, VendorConfig } from "./config.js";
export {
  type Actor,
  type CapillaryEvent,
  type DatadogEvent,
  type Event,
  type EventOf,
  type EventStatus,
  isVendorName,
  type Mem0Event,
  newestFirst,
  type OpalEvent,
  type TrieveEvent,
  type VendorName,
  VENDORS,
} from "./event.js";
export { BufferLimitError, ListReport, type VendorReport, type VendorStatus } from "./report.js";
export { checkState, emptySyncState, type SyncOptions, type SyncResult, type SyncState, type VendorCheckpoint } from "./sync.js";
export { parseDuration, resolveTime, type TimeInput } from "./time.js";
export { adaptCapillary, type CapillaryRawEvent } from "./vendors/capillary.js";
export { adaptDatadogV1, adaptDatadogV2, type DatadogApi, type DatadogV1RawEvent, type DatadogV2RawEvent } from "./vendors/datadog.js";
export { adaptMem0, type Mem0RawEvent } from "./vendors/mem0.js";
export { adaptOpal, type OpalRawEvent } from "./vendors/opal.js";
export { adaptTrieve, type TrieveRawEvent } from "./vendors/trieve.js";
