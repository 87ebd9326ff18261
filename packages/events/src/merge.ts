import { type Event, newestFirst } from "./event.js";
import type { Lane } from "./lane.js";

interface Head {
  readonly lane: Lane;
  page: Event[];
  index: number;
}

/**
 * Newest first across lanes, each of which is newest first: a k-way merge over the lanes' current
 * pages. k is at most six, so a linear scan for the newest head beats a heap. The merged events come
 * in runs (each up to the end of some lane's page), not one by one: a `yield` of an async generator
 * costs a promise, a result object and a turn, which per event was a tenth of what a listing
 * allocated. The consumer delivers them one at a time, checking for an abort between events, and
 * counts each in its vendor's report as it is delivered.
 */
export async function* mergeLanes(
  lanes: readonly Lane[],
  signal: AbortSignal,
): AsyncGenerator<readonly Event[], void, undefined> {
  const heads = await firstHeads(lanes);
  signal.throwIfAborted();

  while (heads.length > 0) {
    const run: Event[] = [];
    let head: Head;
    let best: number;
    do {
      best = 0;
      for (let h = 1; h < heads.length; h++) {
        if (newestFirst(heads[h]!.page[heads[h]!.index]!, heads[best]!.page[heads[best]!.index]!) < 0) best = h;
      }
      head = heads[best]!;
      run.push(head.page[head.index++]!);
    } while (head.index < head.page.length);
    // Let the page go while the lane reads on: a slow lane would otherwise keep two pages alive.
    head.page = NO_EVENTS;
    yield run;
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
