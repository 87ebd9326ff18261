import { ConfigurationError } from "@eventkit/runtime";
import type { VendorSetup } from "./config.js";
import { type Event, isVendorName, type VendorName } from "./event.js";
import { ListReport } from "./report.js";
import type { Window } from "./source.js";
import { syncVendor, type VendorBatch } from "./sync-vendor.js";
import { resolveTime, type TimeInput } from "./time.js";

export interface VendorCheckpoint {
  /** Every event of this vendor before it (less the overlap) has been delivered. ISO 8601 UTC. */
  readonly checkpoint: string;
  /** Ids delivered within the overlap window before the checkpoint, so that reading it again repeats nothing. */
  readonly seen: readonly string[];
}

/** What `sync` needs from one run to the next; JSON as it stands. */
export interface SyncState {
  readonly version: 1;
  readonly vendors: Partial<Record<VendorName, VendorCheckpoint>>;
}

export interface SyncOptions {
  /** Where vendors without a checkpoint start (same forms as `list`'s `since`); default: no lower bound. */
  readonly since?: TimeInput;
  /** Default: now. Each vendor read to the end has this as its checkpoint (never earlier than it was). */
  readonly until?: TimeInput;
  /** How far before each checkpoint to read again, for events the vendor makes visible late; default the hub's (5 minutes). */
  readonly overlapMs?: number;
  readonly vendors?: readonly VendorName[];
  readonly signal?: AbortSignal;
  /** Filled in while the run goes (to show progress) and kept as `run.report`; default a new one. */
  readonly report?: ListReport;
}

/** One step of a sync run: a vendor's next events, and the state that is true once they are delivered. */
export interface SyncBatch {
  readonly vendor: VendorName;
  /** This vendor's new events, oldest first (at most `maxBufferedEvents`); empty when only its checkpoint moved. */
  readonly events: Event[];
  /** Every vendor's checkpoint after this batch: save it once `events` are safely delivered. */
  readonly state: SyncState;
}

/** A whole run in memory: what `SyncRun.collect()` gives. */
export interface SyncResult {
  /** New events in the order they were delivered: each vendor's oldest first, vendors interleaved. */
  readonly events: Event[];
  readonly state: SyncState;
  readonly report: ListReport;
}

/**
 * One sync run, streamed: iterate it once; each batch is delivered, then its `state` saved. The
 * run reads each vendor in time slices from its checkpoint and holds at most a slice's buffer per
 * vendor, so a long history is synced in bounded memory, and a run that fails or is killed after
 * some batches resumes from the last state saved, losing nothing and repeating nothing.
 */
export class SyncRun implements AsyncIterable<SyncBatch> {
  private iterated = false;
  /** The state after the last batch taken (the given state before any). */
  state: SyncState;

  /** @internal */
  constructor(
    given: SyncState,
    /** Fills in as the run goes; complete when iteration ends. */
    readonly report: ListReport,
    private readonly run: (run: SyncRun) => AsyncGenerator<SyncBatch, void, undefined>,
  ) {
    this.state = given;
  }

  [Symbol.asyncIterator](): AsyncGenerator<SyncBatch, void, undefined> {
    if (this.iterated) throw new TypeError("a SyncRun is iterated once; call hub.sync() again for another run");
    this.iterated = true;
    return this.run(this);
  }

  /** Every batch in memory, for small windows and tests; throws (delivering nothing) if the run is aborted. */
  async collect(): Promise<SyncResult> {
    const events: Event[] = [];
    for await (const batch of this) events.push(...batch.events);
    return { events, state: this.state, report: this.report };
  }
}

export interface SyncContext {
  readonly setups: readonly VendorSetup[];
  readonly maxBufferedEvents: number;
  readonly overlapMs: number;
}

export function emptySyncState(): SyncState {
  return { version: 1, vendors: {} };
}

/**
 * One incremental run. Each vendor is read from its checkpoint less the overlap up to `until`, in
 * time slices from the oldest; events already in `seen` are skipped. Each batch carries the state
 * that holds once it is delivered. A vendor that fails delivers nothing more and keeps the
 * checkpoint of its last batch, so the next run reads on from there. An aborted run throws from
 * the iteration; the batches taken before stand. The state is checked here, before anything is read.
 */
export function runSync(context: SyncContext, given: SyncState | undefined, options: SyncOptions): SyncRun {
  const state = checkState(given ?? emptySyncState());
  const overlapMs = options.overlapMs ?? context.overlapMs;
  if (!Number.isFinite(overlapMs) || overlapMs < 0) throw new RangeError("overlapMs must be ≥ 0");
  const now = Date.now();
  const until = options.until !== undefined ? resolveTime(options.until, now, "until") : now;
  const initialSince = options.since !== undefined ? resolveTime(options.since, now, "since") : undefined;

  const windowOf = (vendor: VendorName): Window & { until: number } => {
    const previous = state.vendors[vendor];
    if (!previous) return { ...(initialSince !== undefined ? { since: initialSince } : {}), until };
    const checkpoint = Date.parse(previous.checkpoint);
    // A clock set back must not move a checkpoint back: events between would come again.
    return { since: checkpoint - overlapMs, until: Math.max(until, checkpoint) };
  };

  return new SyncRun(state, options.report ?? new ListReport(), async function* (run) {
    const ended = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, ended.signal]) : ended.signal;
    signal.throwIfAborted();
    const vendors = context.setups.map((setup) =>
      syncVendor({
        setup,
        window: windowOf(setup.vendor),
        previous: state.vendors[setup.vendor],
        overlapMs,
        maxBufferedEvents: context.maxBufferedEvents,
        signal,
        report: run.report.add(setup.vendor, setup.countsRetries),
      }),
    );
    // Each vendor reads on while the consumer takes another's batch: one batch ahead per vendor at
    // most. Not Promise.race over the vendors' next(): every race leaves a reaction on each vendor
    // still reading, and each reaction keeps that race's result (a batch) alive until the vendor
    // answers, so a slow vendor (Mem0 reading its one slice) would hold every batch of the others.
    const ready: { i: number; step: IteratorResult<VendorBatch, void> }[] = [];
    const reading = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    let wake: (() => void) | undefined;
    const pull = (i: number): void => {
      const step = vendors[i]!.next().then(
        (result) => void ready.push({ i, step: result }),
        (error: unknown) => {
          failure ??= { error };
        },
      );
      const settled = step.finally(() => {
        reading.delete(settled);
        wake?.();
      });
      reading.add(settled);
    };
    for (let i = 0; i < vendors.length; i++) pull(i);
    try {
      let active = vendors.length;
      while (active > 0) {
        while (ready.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (failure) throw failure.error;
        const { i, step } = ready.shift()!;
        if (step.done) {
          active--;
          continue;
        }
        // Made before the vendor reads on, which reuses what the batch is made from.
        const batch = step.value.take();
        pull(i);
        if (!batch) continue;
        const vendor = context.setups[i]!.vendor;
        run.state = { ...run.state, vendors: { ...run.state.vendors, [vendor]: batch.checkpoint } };
        yield { vendor, events: batch.events, state: run.state };
      }
      signal.throwIfAborted();
    } finally {
      ended.abort(new DOMException("the sync run ended", "AbortError"));
      // Every vendor settles (its requests aborted, its temporary files removed) before the run returns.
      while (reading.size > 0) await Promise.allSettled([...reading]);
      await Promise.allSettled(vendors.map((reader) => reader.return(undefined)));
    }
  });
}

/** Longest vendor event id a state may hold: ids are short keys, and a state file is hostile input. */
const MAX_ID_LENGTH = 4096;

/**
 * A state from a file is checked before it decides what is read: every field the library reads,
 * each error naming where it is (`vendors.opal.checkpoint`). Other top-level keys belong to the
 * caller (the CLI keeps its own there) and are left to it.
 */
export function checkState(value: unknown): SyncState {
  const fail = (where: string, why: string): never => {
    throw new ConfigurationError(`not an eventkit sync state: ${where ? `${where}: ` : ""}${why}`);
  };
  if (!isPlainObject(value)) return fail("", `expected a JSON object, got ${describeValue(value)}`);
  if (value.version !== 1)
    return fail("", `version ${JSON.stringify(value.version) ?? "missing"} (this eventkit reads version 1)`);
  if (!isPlainObject(value.vendors))
    return fail("vendors", `expected an object of checkpoints by vendor, got ${describeValue(value.vendors)}`);
  for (const [vendor, entry] of Object.entries(value.vendors)) {
    const at = `vendors.${vendor}`;
    if (!isVendorName(vendor)) return fail(at, `unknown vendor`);
    if (!isPlainObject(entry)) return fail(at, `expected { checkpoint, seen }, got ${describeValue(entry)}`);
    for (const key of Object.keys(entry))
      if (key !== "checkpoint" && key !== "seen") return fail(`${at}.${key}`, "unknown field");
    if (!isIsoInstant(entry.checkpoint))
      return fail(
        `${at}.checkpoint`,
        `expected an ISO 8601 UTC time such as 2025-01-01T12:00:00.000Z, got ${describeValue(entry.checkpoint)}`,
      );
    if (!Array.isArray(entry.seen))
      return fail(`${at}.seen`, `expected a list of event ids, got ${describeValue(entry.seen)}`);
    entry.seen.forEach((id, i) => {
      if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID_LENGTH)
        fail(`${at}.seen[${i}]`, `expected an event id (1 to ${MAX_ID_LENGTH} characters), got ${describeValue(id)}`);
    });
  }
  return value as unknown as SyncState;
}

/** What `toIso` writes, and nothing `Date.parse` merely tolerates (`2025`, `May 1`, Feb 31). */
export function isIsoInstant(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value)) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, value.length - 1) === value.slice(0, -1);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A hostile value, shown short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
