import { setImmediate as nextTurn } from "node:timers/promises";
import type { Observer } from "@eventkit/runtime";
import type { VendorSetup } from "./config.js";
import type { Event } from "./event.js";
import { hasNoTime } from "./feed/read.js";
import type { VendorReport } from "./report.js";
import { type EventSource, inWindow, type Window } from "./source.js";
import { type SortedPage, SpillSort } from "./spill.js";
import { CheckpointTracker } from "./sync-checkpoint.js";
import type { VendorCheckpoint } from "./sync.js";

/**
 * A batch of one vendor's events, oldest first, made when taken: until then its events wait as
 * text outside V8's heap (a batch read ahead waits while other vendors' are delivered, long enough
 * for objects to be promoted).
 */
export interface VendorBatch {
  /**
   * Its events not delivered before, and the vendor's checkpoint once they are; undefined when it
   * has nothing to hand on. Called once, before the vendor is read on (it reuses the sort the
   * events are made from); never throws: a failure ends the vendor when it is read on.
   */
  take(): { readonly events: Event[]; readonly checkpoint: VendorCheckpoint } | undefined;
}

export interface VendorSyncPlan {
  readonly setup: VendorSetup;
  /** `until` is always set: a checkpoint needs an end. */
  readonly window: Window & { readonly until: number };
  readonly previous: VendorCheckpoint | undefined;
  readonly overlapMs: number;
  /** Events held in memory at once (beyond, a slice is sorted on disk), and the most a batch holds. */
  readonly maxBufferedEvents: number;
  readonly signal: AbortSignal;
  readonly report: VendorReport;
}

/** The first time slice of a vendor that filters by time; later ones take the width that held about half the buffer. */
const FIRST_SLICE_MS = 60 * 60_000;
const SECOND = 1000;

/**
 * One vendor's new events for `sync`, as batches in time order, never its whole window at once.
 * A vendor whose endpoints filter by time is read in time slices from the oldest: each slice is
 * read whole (into memory up to `maxBufferedEvents`, beyond it into sorted runs on disk), then
 * delivered oldest first in batches of at most `maxBufferedEvents`, each carrying the checkpoint
 * it makes true. A vendor that does not filter by time is one slice. A vendor that fails or is
 * aborted mid-slice delivers nothing more: its last batch's checkpoint stands, so the next run
 * reads on from there. Throws only when aborted; a failure is recorded in the report.
 */
export async function* syncVendor(plan: VendorSyncPlan): AsyncGenerator<VendorBatch, void, undefined> {
  const { setup, window, report, signal } = plan;
  const observer: Observer = {
    onRetry: () => {
      if (report.retries !== undefined) report.retries++;
    },
  };
  const startedAt = performance.now();
  const tracker = new CheckpointTracker(plan.previous, plan.overlapMs);
  const warn = (message: string): void => {
    if (!report.warnings.includes(message)) report.warnings.push(message);
  };
  const context = { signal, warn, countPage: () => void report.pages++ };
  try {
    const sources = setup.sources(observer);
    const sliced = window.since !== undefined && sources.every((s) => s.filtersByTime);
    let since = window.since;
    let width = FIRST_SLICE_MS;
    // One for every slice: a drained sort is empty again, and keeps its buffers.
    const sort = new SpillSort(plan.maxBufferedEvents, plan.maxBufferedEvents, "oldest-first");
    for (;;) {
      const until = sliced ? Math.min(window.until, alignUp(since! + width)) : window.until;
      const slice: Window = { ...(since !== undefined ? { since } : {}), until };
      const last = until >= window.until;
      let read = 0;
      try {
        for (const source of sources) read += await readSlice(source, slice, context, report, sort);
      } catch (error) {
        for await (const _ of sort.drain()) break;
        throw error;
      }
      let empty = true;
      for await (const page of sort.pages()) {
        empty = false;
        yield* batchOf(page, until, last);
      }
      // An empty slice moves the checkpoint to its end all the same.
      if (empty) yield* batchOf(NO_EVENTS, until, last);
      if (last) break;
      since = until;
      width = Math.max(
        SECOND,
        Math.min(width * 8, Math.floor((width * plan.maxBufferedEvents) / 2 / Math.max(1, read))),
      );
      // A vendor answered from memory would otherwise run as one chain of microtasks (see Lane.breathe).
      await nextTurn();
    }
    report.status = "ok";
  } catch (error) {
    if (signal.aborted) {
      report.status = "stopped";
      throw signal.reason;
    }
    report.status = "failed";
    report.errors.push(error instanceof Error ? error : new Error(String(error)));
  } finally {
    report.durationMs = performance.now() - startedAt;
    const n = report.unreadableTimes;
    if (n > 0)
      report.warnings.push(
        `${n} event${n === 1 ? "" : "s"} left out: ${n === 1 ? "its" : "their"} time could not be read`,
      );
  }

  /**
   * A page of a slice as a batch. Each batch but the slice's last ends at its newest event; the
   * last one at the slice's end, and is handed on only when it holds new events or ends the window.
   */
  function* batchOf(page: SortedPage, until: number, lastSlice: boolean): Generator<VendorBatch, void, undefined> {
    let failure: { error: unknown } | undefined;
    yield {
      take: () => {
        try {
          const events = tracker.take(page.take(), page.last ? until : undefined);
          if (page.last && events.length === 0 && !lastSlice) return undefined;
          for (const event of events) if (event.warnings) report.eventWarnings++;
          report.events += events.length;
          return { events, checkpoint: tracker.state()! };
        } catch (error) {
          failure = { error };
          return undefined;
        }
      },
    };
    if (failure) throw failure.error;
  }
}

/** The page of a slice that holds no events. */
const NO_EVENTS: SortedPage = { last: true, take: () => [] };

/** Reads one slice of one endpoint into `sort`; returns how many events it held. */
async function readSlice(
  source: EventSource,
  slice: Window,
  context: Parameters<EventSource["pages"]>[1],
  report: VendorReport,
  sort: SpillSort,
): Promise<number> {
  let read = 0;
  for await (const page of source.pages(slice, context)) {
    for (const event of page) {
      if (!inWindow(event.timestamp, slice)) {
        if (hasNoTime(event)) report.unreadableTimes++;
        continue;
      }
      read++;
      await sort.add(event);
    }
  }
  return read;
}

/** Slice ends on whole seconds: what every vendor's time filter can express. */
function alignUp(ms: number): number {
  return Math.ceil(ms / SECOND) * SECOND;
}
