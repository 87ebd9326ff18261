import { type Event, newestFirst } from "../event.js";
import { inWindow, type Window } from "../source.js";
import { hasNoTime } from "./read.js";

/** What reading one slice gave: its events, and whether it stopped at the cap (`full`) before the slice's end. */
export interface SliceRead {
  readonly events: readonly Event[];
  readonly full: boolean;
}

export interface SliceOptions {
  /** Reads one slice; with `exhaustive` it reads the slice to its end whatever it holds. */
  readonly read: (slice: Window, exhaustive: boolean) => Promise<SliceRead>;
  /** Events a slice may hold; a slice found fuller is split. */
  readonly cap: number;
  /** The finest slice the vendor's time filter can tell apart (1000 for whole seconds). */
  readonly granularity: number;
  /** A slice that cannot be split further came back full: some of its events may be missing. */
  readonly onTruncated: (slice: Window) => void;
  readonly now: () => number;
}

/**
 * A vendor that filters by time but promises no order is read in time slices, newest first: each
 * slice is read whole, sorted and yielded before the next (older) one is asked for, so the feed
 * streams with at most one slice held. A slice that holds more than `cap` events is split, where
 * the events already seen say its newer part holds about half a slice, else in halves; later
 * slices take the width that the last one needed for half a slice, so few are read twice.
 * Events whose time cannot be read come last, after every slice.
 */
export async function* readInSlices(window: Window, options: SliceOptions): AsyncGenerator<Event[], void, undefined> {
  const { cap, granularity } = options;
  const stack: Window[] = [window];
  const untimed: Event[] = [];
  let width: number | undefined;
  while (stack.length) {
    let slice = stack.pop()!;
    // A slice much wider than the last one that held half a slice: its newer part first.
    if (
      width !== undefined &&
      slice.since !== undefined &&
      slice.until !== undefined &&
      slice.until - slice.since > 2 * width
    ) {
      stack.push({ since: slice.since, until: slice.until - width });
      slice = { since: slice.until - width, until: slice.until };
    }
    const splittable =
      slice.since === undefined || slice.until === undefined || slice.until - slice.since > granularity;
    const read = await readSlice(slice, splittable, untimed, options);
    if ("parts" in read) {
      stack.push(...read.parts);
      continue;
    }
    if (slice.since !== undefined && slice.until !== undefined) {
      const span = slice.until - slice.since;
      width = Math.max(granularity, Math.min(span * 8, Math.floor((span * cap) / 2 / Math.max(1, read.count))));
    }
    if (read.count === 0) continue;
    // Given up as it is yielded: a reference kept here would hold this slice while the next is read.
    yield read.take();
  }
  if (untimed.length) yield untimed;
}

/**
 * One slice read, filtered to it (events without a time set aside in `untimed`) and sorted; or the
 * two parts to read instead when it came back full and can be split. Out of the generator, whose
 * frame would otherwise keep the raw read alive while the next slice is read.
 */
async function readSlice(
  slice: Window,
  splittable: boolean,
  untimed: Event[],
  options: SliceOptions,
): Promise<{ parts: [Window, Window] } | { count: number; take: () => Event[] }> {
  const { events, full } = await options.read(slice, !splittable);
  if (full) {
    const parts = splittable ? split(slice, events, options.cap, options.now()) : undefined;
    if (parts) return { parts };
    options.onTruncated(slice);
  }
  let kept: Event[] | undefined = [];
  for (const event of events) {
    if (hasNoTime(event)) untimed.push(event);
    else if (inWindow(event.timestamp, slice)) kept.push(event);
  }
  kept.sort(newestFirst);
  const count = kept.length;
  return {
    count,
    take: () => {
      const taken = kept!;
      kept = undefined;
      return taken;
    },
  };
}

/** The two parts of a full slice, older first (the stack reads the newer one next); undefined when it cannot be split. */
function split(slice: Window, events: readonly Event[], cap: number, now: number): [Window, Window] | undefined {
  const times = events.filter((e) => !hasNoTime(e) && inWindow(e.timestamp, slice)).map((e) => e.timestamp);
  if (slice.until === undefined) {
    // Never narrowed from the open end (what is newer than anything seen is unknown): a bounded
    // part up to now, which can be split, and the future apart.
    const at = Math.max(now, ...times) + 1;
    if (slice.since !== undefined && at <= slice.since) return undefined;
    return [{ ...(slice.since !== undefined ? { since: slice.since } : {}), until: at }, { since: at }];
  }
  if (slice.since === undefined) {
    if (times.length === 0) return undefined;
    const oldest = Math.min(...times);
    return [{ until: oldest }, { since: oldest, until: slice.until }];
  }
  times.sort((a, b) => b - a);
  const middle = slice.since + Math.floor((slice.until - slice.since) / 2);
  const halfCap = times[Math.floor(cap / 2)];
  const at = Math.max(middle, halfCap !== undefined && halfCap < slice.until ? halfCap : middle);
  if (at <= slice.since || at >= slice.until) return undefined;
  return [
    { since: slice.since, until: at },
    { since: at, until: slice.until },
  ];
}
