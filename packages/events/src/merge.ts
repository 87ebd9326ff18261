import { type Event, newestFirst } from "./event.js";
import type { Lane } from "./lane.js";

interface Head {
  readonly lane: Lane;
  page: Event[];
  index: number;
}

/**
 * Newest first across lanes, each of which is newest first: a k-way merge over the lanes' current
 * pages. k is at most six, so a linear scan for the newest head beats a heap.
 */
export async function* mergeLanes(lanes: readonly Lane[], signal: AbortSignal): AsyncGenerator<Event, void, undefined> {
  const heads = await firstHeads(lanes);
  signal.throwIfAborted();

  while (heads.length > 0) {
    // Checked per event, not only per page: an abort must not leave a page's worth still coming.
    signal.throwIfAborted();
    let best = 0;
    for (let h = 1; h < heads.length; h++) {
      if (newestFirst(heads[h]!.page[heads[h]!.index]!, heads[best]!.page[heads[best]!.index]!) < 0) best = h;
    }
    const head = heads[best]!;
    const event = head.page[head.index++]!;
    head.lane.report.events++;
    yield event;
    if (head.index < head.page.length) continue;
    // Let the page go while the lane reads on: a slow lane would otherwise keep two pages alive.
    head.page = NO_EVENTS;
    const next = await head.lane.next();
    signal.throwIfAborted();
    if (next) {
      head.page = next;
      head.index = 0;
    } else heads.splice(best, 1);
  }
}

const NO_EVENTS: Event[] = [];

/**
 * Each lane's first page. Apart from the generator, whose frame would keep the array of first
 * pages (a time slice each, for some vendors) alive for the whole listing.
 */
async function firstHeads(lanes: readonly Lane[]): Promise<Head[]> {
  const firsts = await Promise.all(lanes.map((lane) => lane.next()));
  const heads: Head[] = [];
  firsts.forEach((page, i) => {
    if (page) heads.push({ lane: lanes[i]!, page, index: 0 });
  });
  return heads;
}
