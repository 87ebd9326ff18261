import { setImmediate as nextTurn } from "node:timers/promises";
import { type Event, newestFirst } from "./event.js";
import { PageQueue } from "./queue.js";
import type { VendorReport } from "./report.js";
import { SpillSort } from "./spill.js";
import { hasNoTime } from "./feed/read.js";
import { inWindow, type EventSource, type Window } from "./source.js";

export interface LaneOptions {
  readonly prefetchPages: number;
  readonly maxBufferedEvents: number;
  readonly types?: ReadonlySet<string>;
  /** Settles the vendor's report when its last lane ends. */
  readonly onEnd: (lane: Lane) => void;
}

/**
 * One endpoint being read for one listing: a background task that fetches pages into a queue the
 * merge takes them from. Streaming (newest-first) lanes hold at most `prefetchPages` pages ahead
 * of the merge, lanes read in time slices one slice (the next is read once it is taken); the
 * others sort the whole window (in memory up to `maxBufferedEvents`, beyond it on disk), since
 * their newest event may come last, and hand it over a page at a time.
 */
export class Lane {
  private readonly queue: PageQueue<Event[]>;
  private started = false;
  private lastTurn = 0;
  status: "running" | "ok" | "stopped" | "failed" = "running";

  constructor(
    readonly source: EventSource,
    readonly window: Window,
    readonly report: VendorReport,
    private readonly options: LaneOptions,
  ) {
    this.queue = new PageQueue(
      source.order === "newest-first" && !source.slices ? Math.max(1, options.prefetchPages) : 1,
    );
  }

  /** Resolves when the lane has ended, whatever the outcome (it never rejects). */
  start(listing: AbortSignal, startedAt: number): Promise<void> {
    if (this.started) throw new Error("a lane is read once");
    this.started = true;
    // A signal of its own: the listing's then carries one listener per lane, not one per request in
    // flight across all lanes (which trips Node's listener-leak warning with six lanes).
    const own = new AbortController();
    const stop = (): void => {
      own.abort(listing.reason);
      // A producer waiting for room in the queue would otherwise wait for a consumer that has gone.
      this.queue.close();
    };
    if (listing.aborted) stop();
    else listing.addEventListener("abort", stop, { once: true });
    return this.pump(own.signal, startedAt).finally(() => listing.removeEventListener("abort", stop));
  }

  /** The next non-empty page, newest first, or undefined when this lane has no more. */
  next(): Promise<Event[] | undefined> {
    return this.queue.shift();
  }

  /**
   * A source that answers without I/O (a cache, an in-process fetch) would otherwise run a whole
   * listing as one chain of microtasks: timers and signal handlers (progress, Ctrl-C) would starve,
   * and V8 would keep every WeakRef target made meanwhile (AbortSignal.any makes two per request)
   * until the chain ends, so memory would grow with pages. Real HTTP gives a turn per response.
   */
  private async breathe(): Promise<void> {
    const now = performance.now();
    if (now - this.lastTurn < BREATHE_MS) return;
    await nextTurn();
    this.lastTurn = performance.now();
  }

  private keep(page: readonly Event[]): Event[] {
    const { types } = this.options;
    const kept: Event[] = [];
    for (const event of page) {
      if (!inWindow(event.timestamp, this.window)) {
        // Dropped for a time that could not be read, not for one outside the window: reported.
        if (hasNoTime(event)) this.report.unreadableTimes++;
        continue;
      }
      if (types && !types.has(event.type)) continue;
      if (event.warnings) this.report.eventWarnings++;
      kept.push(event);
    }
    return kept;
  }

  private async pump(signal: AbortSignal, startedAt: number): Promise<void> {
    const warn = (message: string): void => {
      if (!this.report.warnings.includes(message)) this.report.warnings.push(message);
    };
    try {
      const pages = this.source.pages(this.window, { signal, warn, countPage: () => void this.report.pages++ });
      if (this.source.order === "newest-first") await this.stream(pages, warn);
      else await this.buffer(pages);
      this.status = "ok";
    } catch (error) {
      if (signal.aborted) this.status = "stopped";
      else {
        this.status = "failed";
        this.report.errors.push(error instanceof Error ? error : new Error(String(error)));
      }
    } finally {
      this.queue.close();
      this.report.durationMs = Math.max(this.report.durationMs, performance.now() - startedAt);
      this.options.onEnd(this);
    }
  }

  private async stream(pages: AsyncIterable<readonly Event[]>, warn: (message: string) => void): Promise<void> {
    let oldest: Event | undefined;
    for await (const page of pages) {
      await this.breathe();
      const kept = this.keep(page);
      if (kept.length === 0) continue;
      // Cheap when the vendor kept its promise (already sorted), and it makes each page right when not.
      if (!isSorted(kept)) kept.sort(newestFirst);
      if (oldest && newestFirst(kept[0]!, oldest) < 0) {
        warn(`${this.source.name}: the vendor returned events out of order; the merged feed may be too`);
      }
      oldest = kept[kept.length - 1];
      await this.queue.push(kept);
    }
  }

  /** Held to be sorted, in bounded memory: beyond `maxBufferedEvents` sorted runs go to temporary files. */
  private async buffer(pages: AsyncIterable<readonly Event[]>): Promise<void> {
    const sort = new SpillSort(this.options.maxBufferedEvents);
    try {
      for await (const page of pages) {
        await this.breathe();
        for (const event of this.keep(page)) await sort.add(event);
      }
    } catch (error) {
      for await (const _ of sort.drain()) break;
      throw error;
    }
    for await (const sorted of sort.drain()) await this.queue.push(sorted);
  }
}

/** A turn of the event loop at least this often while reading, whatever the source (see `breathe`). */
const BREATHE_MS = 10;

function isSorted(events: readonly Event[]): boolean {
  for (let i = 1; i < events.length; i++) if (newestFirst(events[i - 1]!, events[i]!) > 0) return false;
  return true;
}
