import { type Event, newestFirst } from "../event.js";
import { inWindow, type Window } from "../source.js";
import { hasNoTime } from "./read.js";

/** What reading one slice gave: its events, and whether it stopped at the cap (`full`) before the slice's end. */
export interface SliceRead {
  readonly events: readonly Event[];
  readonly full: boolean;
}

export interface SliceOptions {
  /**
   * Reads one slice, calling `enough` with what it has read after each response: when that says
   * so, it stops there and comes back `full`.
   */
  readonly read: (slice: Window, enough: (read: readonly Event[]) => boolean) => Promise<SliceRead>;
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
 * the events already seen say its newer part holds about half of what was read, else in halves;
 * later slices take the width that the last one needed for half a slice, so few are read twice.
 * The first read, while nothing is known of the density, stops early (after an eighth of the cap)
 * when what it read so far says the slice holds more than the cap: what a read found too full
 * cost is thrown away, and on a long window the first read always is.
 * Events whose time cannot be read come last, after every slice.
 */
export async function* readInSlices(window: Window, options: SliceOptions): AsyncGenerator<Event[], void, undefined> {
  const { cap, granularity } = options;
  const stack: Window[] = [window];
  const untimed: Event[] = [];
  let width: number | undefined;
  let probing = true;
  while (stack.length) {
    let slice = stack.pop()!;
    // A slice wider than the last one that held half a slice: its newer part first. Read whole,
    // one up to twice as wide would hold about a full slice, and be thrown away if a little more.
    if (
      width !== undefined &&
      slice.since !== undefined &&
      slice.until !== undefined &&
      slice.until - slice.since > WIDER * width
    ) {
      stack.push({ since: slice.since, until: slice.until - width });
      slice = { since: slice.until - width, until: slice.until };
    }
    const splittable =
      slice.since === undefined || slice.until === undefined || slice.until - slice.since > granularity;
    const enough = !splittable ? never : probing ? probe(slice, cap) : (read: readonly Event[]) => read.length > cap;
    probing = false;
    const read = await readSlice(slice, splittable, enough, untimed, options);
    if ("parts" in read) {
      stack.push(...read.parts);
      continue;
    }
    if (slice.since !== undefined && slice.until !== undefined) {
      // The density near the slice's older end, where the next slice lies: what is newer than its
      // newest event (an empty stretch up to a window's end) says nothing of it.
      const span = (read.count ? Math.min(slice.until, read.newest + 1) : slice.until) - slice.since;
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
  enough: (read: readonly Event[]) => boolean,
  untimed: Event[],
  options: SliceOptions,
): Promise<{ parts: Window[] } | { count: number; newest: number; take: () => Event[] }> {
  const { events, full } = await options.read(slice, enough);
  if (full) {
    const parts = splittable ? split(slice, events, options.cap, options.granularity, options.now()) : undefined;
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
    newest: count ? kept[0]!.timestamp : Number.NEGATIVE_INFINITY,
    take: () => {
      const taken = kept!;
      kept = undefined;
      return taken;
    },
  };
}

/** How much wider than the last width a slice may be and still be read whole. */
const WIDER = 1.5;

const never = (): boolean => false;

/**
 * When the first read of `slice` has read enough: more than the cap, or, past an eighth of it,
 * more than the cap by the estimate of what the slice holds. Events read so far that cover a
 * fraction of the slice, from either end, say that it holds about as many over that fraction
 * (the vendor sends them in some order of time, as most do); events from all over it say nothing
 * (an estimate of what was read), and the read goes on to the cap as any other.
 */
function probe(slice: Window, cap: number): (read: readonly Event[]) => boolean {
  const { since, until } = slice;
  if (since === undefined || until === undefined) return (read) => read.length > cap;
  const least = Math.max(1, Math.floor(cap / 8));
  let seen = 0;
  let timed = 0;
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  return (read) => {
    for (; seen < read.length; seen++) {
      const event = read[seen]!;
      if (hasNoTime(event) || !inWindow(event.timestamp, slice)) continue;
      timed++;
      if (event.timestamp < oldest) oldest = event.timestamp;
      if (event.timestamp > newest) newest = event.timestamp;
    }
    if (read.length > cap) return true;
    if (read.length <= least || timed === 0) return false;
    return (timed * (until - since)) / covered(since, until, oldest, newest) > cap;
  };
}

/**
 * The part of a slice that events read from it cover, from whichever end they reach less far:
 * events sent in some order of time cover a part of it from one end, events in no order all of it.
 */
function covered(since: number, until: number, oldest: number, newest: number): number {
  return Math.max(1, Math.min(until - oldest, newest + 1 - since));
}

/**
 * The parts of a full slice to read instead, oldest first (the stack reads the newest next);
 * undefined when it cannot be split. An open end is closed where the events read say: the future
 * (past now and the newest event) and what is older than the oldest event become parts of their
 * own. The bounded rest is split at once by the same events, its newer part meant to hold about
 * half a slice, judged by the order they came in:
 * - oldest first: they are the slice's oldest, and say nothing of what is newer than them; the
 *   newer part is as wide as their density says holds half a slice, at most half the slice (at
 *   least what the filter tells apart), so a slice holding far more is halved until it fits;
 * - newest first, or in no order: they are the slice's newest, or a sample of all of it, so
 *   nothing (or little) is newer than the newest of them; the newer part reaches down from there
 *   as far as their density says holds half a slice. A sample may put more in it than that; it
 *   is then split again, by a sample of a narrower part.
 */
function split(
  slice: Window,
  events: readonly Event[],
  cap: number,
  granularity: number,
  now: number,
): Window[] | undefined {
  const times = events.filter((e) => !hasNoTime(e) && inWindow(e.timestamp, slice)).map((e) => e.timestamp);
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t < oldest) oldest = t;
    if (t > newest) newest = t;
  }
  // Never narrowed from the open end (what is newer than anything seen is unknown): the future apart.
  const future = slice.until === undefined ? Math.max(now, newest) + 1 : undefined;
  if (future !== undefined && slice.since !== undefined && future <= slice.since) return undefined;
  if (slice.since === undefined && times.length === 0)
    return future !== undefined ? [{ until: future }, { since: future }] : undefined;
  const since = slice.since ?? oldest;
  const until = future ?? slice.until!;
  const older: Window[] = slice.since === undefined ? [{ until: since }] : [];
  const newer: Window[] = future !== undefined ? [{ since: future }] : [];
  const at = splitAt(since, until, times, oldest, newest, cap, granularity);
  const rest: Window[] =
    at !== undefined
      ? [
          { since, until: at },
          { since: at, until },
        ]
      : [{ since, until }];
  const parts = [...older, ...rest, ...newer];
  return parts.length > 1 ? parts : undefined;
}

/**
 * Where a bounded slice full of `times` splits (see `split`; in halves when none of its events had
 * a time), or undefined when it cannot.
 */
function splitAt(
  since: number,
  until: number,
  times: readonly number[],
  oldest: number,
  newest: number,
  cap: number,
  granularity: number,
): number | undefined {
  let at: number;
  if (times.length === 0) at = since + Math.floor((until - since) / 2);
  else if (oldestFirst(times)) {
    const width = Math.floor((covered(since, until, oldest, newest) * cap) / 2 / times.length);
    at = Math.max(since + Math.floor((until - since) / 2), until - Math.max(granularity, width));
  } else {
    const width = Math.floor(((newest + 1 - oldest) * cap) / 2 / times.length);
    at = Math.min(newest + 1, until) - Math.max(granularity, width);
  }
  return at > since && at < until ? at : undefined;
}

/** Whether times came mostly in ascending order (nine steps up in ten), as from a server sending oldest first. */
function oldestFirst(times: readonly number[]): boolean {
  let up = 0;
  let down = 0;
  for (let i = 1; i < times.length; i++) {
    if (times[i]! > times[i - 1]!) up++;
    else if (times[i]! < times[i - 1]!) down++;
  }
  return up > 0 && up >= 9 * down;
}
