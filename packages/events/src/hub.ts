import { ConfigurationError } from "@eventkit/runtime";
import { type HubClients, type HubConfig, positiveInteger, setupVendors, type VendorSetup } from "./config.js";
import { type Event, isVendorName, type VendorName } from "./event.js";
import { runListing } from "./listing.js";
import { ListReport } from "./report.js";
import type { Window } from "./source.js";
import { runSync, type SyncOptions, type SyncRun, type SyncState } from "./sync.js";
import { resolveTime, type TimeInput } from "./time.js";

export interface ListOptions {
  /** Inclusive. A Date, epoch ms, ISO 8601 (zone-less is UTC), or a duration ago (`24h`, `30m`, `7d`). Default: no lower bound. */
  readonly since?: TimeInput;
  /** Exclusive; same forms as `since`. Default: no upper bound. */
  readonly until?: TimeInput;
  /** Default: every configured vendor. */
  readonly vendors?: readonly VendorName[];
  /** Keep only events whose `type` is one of these (exact match). */
  readonly types?: readonly string[];
  /** Stop after this many events; requests still running are aborted. */
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

/**
 * The events of one listing, newest first across vendors; iterate it once. `report` fills in as
 * the listing runs and is complete when iteration ends.
 */
export class EventFeed implements AsyncIterable<Event> {
  readonly report = new ListReport();
  private iterated = false;

  /** @internal */
  constructor(private readonly run: (report: ListReport) => AsyncGenerator<Event, void, undefined>) {}

  [Symbol.asyncIterator](): AsyncGenerator<Event, void, undefined> {
    if (this.iterated) throw new TypeError("an EventFeed is iterated once; call hub.list() again for a new listing");
    this.iterated = true;
    return this.run(this.report);
  }

  /** Every event in memory: for small windows and tests. */
  async toArray(): Promise<Event[]> {
    const events: Event[] = [];
    for await (const event of this) events.push(event);
    return events;
  }
}

export interface EventHub {
  /** The vendors configured, in a fixed order. */
  readonly vendors: readonly VendorName[];
  /** The per-vendor clients, for whatever the feed does not cover. */
  readonly clients: HubClients;
  list(options?: ListOptions): EventFeed;
  /**
   * The events newer than each vendor's checkpoint in `state`, streamed in batches, each with the
   * state to save once it is delivered (and to pass next time). Checks `state` at once (throws).
   */
  sync(state?: SyncState, options?: SyncOptions): SyncRun;
}

export const DEFAULTS = {
  prefetchPages: 2,
  maxBufferedEvents: 2000,
  overlapMs: 5 * 60_000,
} as const;

/** Only the vendors present in `config` take part; each keeps its own credentials and server options. */
export function createEventHub(config: HubConfig): EventHub {
  const setups = setupVendors(config);
  const clients = Object.fromEntries(setups.map((s) => [s.vendor, s.client])) as HubClients;
  const prefetchPages = positiveInteger(config.prefetchPages ?? DEFAULTS.prefetchPages, "prefetchPages");
  const maxBufferedEvents = positiveInteger(
    config.maxBufferedEvents ?? DEFAULTS.maxBufferedEvents,
    "maxBufferedEvents",
  );
  const overlapMs = config.overlapMs ?? DEFAULTS.overlapMs;

  const select = (vendors: readonly string[] | undefined): VendorSetup[] => {
    if (vendors === undefined) return setups;
    for (const name of vendors) {
      if (!isVendorName(name)) throw new ConfigurationError(`unknown vendor "${name}"`);
      if (!setups.some((s) => s.vendor === name)) throw new ConfigurationError(`${name} is not configured in this hub`);
    }
    return setups.filter((s) => vendors.includes(s.vendor));
  };

  return {
    vendors: setups.map((s) => s.vendor),
    clients,
    list(options = {}) {
      const now = Date.now();
      const window: Window = {
        ...(options.since !== undefined ? { since: resolveTime(options.since, now, "since") } : {}),
        ...(options.until !== undefined ? { until: resolveTime(options.until, now, "until") } : {}),
      };
      if (window.since !== undefined && window.until !== undefined && window.since > window.until) {
        throw new RangeError(
          `since (${new Date(window.since).toISOString()}) is after until (${new Date(window.until).toISOString()})`,
        );
      }
      if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit >= 0))
        throw new RangeError("limit must be a whole number ≥ 0");
      const plan = {
        setups: select(options.vendors),
        windowOf: () => window,
        ...(options.types ? { types: new Set(options.types) } : {}),
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        prefetchPages,
        maxBufferedEvents,
      };
      return new EventFeed((report) => runListing(plan, report));
    },
    sync(state, options = {}) {
      return runSync({ setups: select(options.vendors), maxBufferedEvents, overlapMs }, state, options);
    },
  };
}
