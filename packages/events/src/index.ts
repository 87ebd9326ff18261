export { createEventHub, EventFeed, type EventHub, type ListOptions } from "./hub.js";
export type { HubClients, HubConfig, HubOptions, VendorConfig, VendorExtra } from "./config.js";
export {
  type Actor,
  type Event,
  type EventFields,
  type EventOf,
  type EventStatus,
  isVendorName,
  newestFirst,
  type VendorName,
  VENDORS,
} from "./event.js";
export { compileFeed, type FeedIdentity, type ReadEvent } from "./feed/read.js";
export type { ClientOf, ClientOptionsOf, FeedNameOf, FeedOperationOf, RawEventOf } from "./registry.js";
export { VENDOR_REGISTRY, type VendorPackage } from "./registry.js";
export { BufferLimitError, ListReport, type VendorReport, type VendorStatus } from "./report.js";
export {
  checkState,
  emptySyncState,
  type SyncBatch,
  type SyncOptions,
  type SyncResult,
  SyncRun,
  type SyncState,
  type VendorCheckpoint,
} from "./sync.js";
export { parseDuration, resolveTime, type TimeInput } from "./time.js";
