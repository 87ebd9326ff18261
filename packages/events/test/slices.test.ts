/**
 * Time slices against vendors in every order: each event comes once, newest first, no slice holds
 * more than its cap, and the events read twice (from slices found too full) stay a small share.
 */
import { describe, expect, it } from "vitest";
import type { Event } from "../src/index.js";
import { readInSlices } from "../src/feed/slices.js";
import { defaultSliceEvents } from "../src/feed/source.js";
import type { Window } from "../src/source.js";
import { adaptOpal } from "./helpers/adapt.js";
import { seededRandom } from "@eventkit/runtime/spec";

const T0 = Date.UTC(2025, 0, 1);

/** A vendor holding `times`, answering a time filter with the events in it, in `order`, a page of `page` at a time. */
function vendor(times: number[], order: "newest-first" | "oldest-first" | "random", page = 100) {
  const events = times.map((t, i) =>
    adaptOpal({
      event_id: `e${i}`,
      actor_user_id: "u",
      actor_name: "A",
      event_type: "T",
      created_at: new Date(t).toISOString(),
    }),
  );
  const random = seededRandom(5);
  let read = 0;
  let biggest = 0;
  const inSlice = (slice: Window, t: number) =>
    (slice.since === undefined || t >= slice.since) && (slice.until === undefined || t < slice.until);
  return {
    get read() {
      return read;
    },
    get biggest() {
      return biggest;
    },
    options: (cap: number) => ({
      cap,
      granularity: 1,
      now: () => T0,
      onTruncated: () => {
        throw new Error("a slice could not be split");
      },
      read: async (slice: Window, enough: (read: readonly Event[]) => boolean) => {
        const matching = events.filter((e) => inSlice(slice, e.timestamp));
        if (order === "newest-first") matching.sort((a, b) => b.timestamp - a.timestamp);
        else if (order === "oldest-first") matching.sort((a, b) => a.timestamp - b.timestamp);
        else matching.sort(() => random() - 0.5);
        const got: Event[] = [];
        for (let i = 0; i < matching.length; i += page) {
          got.push(...matching.slice(i, i + page));
          read += Math.min(page, matching.length - i);
          if (enough(got)) return { events: got, full: true };
        }
        biggest = Math.max(biggest, got.length);
        return { events: got, full: false };
      },
    }),
  };
}

describe("readInSlices", () => {
  const random = seededRandom(9);
  const times = Array.from({ length: 20_000 }, () => T0 - Math.floor(random() * 30 * 86_400_000));
  it.each(["newest-first", "oldest-first", "random"] as const)(
    "a vendor %s: every event once, newest first, slices within the cap",
    async (order) => {
      const v = vendor(times, order);
      const out: Event[] = [];
      for await (const slice of readInSlices({ since: T0 - 31 * 86_400_000, until: T0 + 1 }, v.options(1000)))
        out.push(...slice);
      expect(out).toHaveLength(times.length);
      expect(new Set(out.map((e) => e.id)).size).toBe(times.length);
      expect(out.every((e, i) => i === 0 || out[i - 1]!.timestamp >= e.timestamp)).toBe(true);
      expect(v.biggest).toBeLessThanOrEqual(1000);
      // Reads beyond the events themselves: overflowing slices, read in part and split.
      expect(v.read / times.length).toBeLessThan(2.5);
    },
  );

  // A vendor whose events all fall in one day, long before the window's end (an account idle since):
  // a full read's events say where they lie, so slices are not halved, each half read to the cap
  // again, down from the window's end. Oldest first, they say only what is oldest: still halved.
  const day = Array.from({ length: 2000 }, () => T0 - 700 * 86_400_000 - Math.floor(random() * 86_400_000));
  it.each([
    ["newest-first", { since: T0 - 730 * 86_400_000, until: T0 + 1 }, 1.25],
    ["random", { since: T0 - 730 * 86_400_000, until: T0 + 1 }, 1.8],
    ["newest-first", {}, 2],
    ["random", {}, 1.8],
  ] as const)(
    "a vendor %s with a day of events in a two-year window (%o): reads each event at most %s times on average",
    async (order, window, ratio) => {
      const v = vendor(day, order, 10);
      const out: Event[] = [];
      for await (const slice of readInSlices(window, v.options(500))) out.push(...slice);
      expect(out).toHaveLength(day.length);
      expect(v.read / day.length).toBeLessThan(ratio);
    },
  );

  it("open ends: the future and the distant past are read too", async () => {
    const v = vendor([...times, T0 + 3_600_000, 0], "random");
    const out: Event[] = [];
    for await (const slice of readInSlices({}, v.options(1000))) out.push(...slice);
    expect(out).toHaveLength(times.length + 2);
    expect(out[0]!.timestamp).toBe(T0 + 3_600_000);
    expect(out.at(-1)!.timestamp).toBe(0);
  });
});

describe("defaultSliceEvents", () => {
  it.each([
    [undefined, 500],
    [10, 500],
    [100, 500],
    [200, 1000],
    [500, 2000],
    [1000, 2000],
  ])("pages of %s: %s events a slice (five pages, at least 500, at most 2000)", (pageSize, cap) => {
    expect(defaultSliceEvents(pageSize)).toBe(cap);
  });
});
