/**
 * Sorted runs on real temporary files: every event comes back once, in order, exactly as it went
 * in, whatever its text: lines longer than a read chunk or the write buffer, and characters of several bytes that a
 * chunk boundary may cut. Held events (before a spill, or when none is needed) are text too.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Event } from "../src/index.js";
import { SpillSort } from "../src/spill.js";
import { newestFirst } from "../src/event.js";
import { adaptOpal, adaptTrieve } from "./helpers/adapt.js";

const T0 = Date.UTC(2025, 0, 1);

function events(n: number): Event[] {
  return Array.from({ length: n }, (_, i) =>
    adaptOpal({
      event_id: `e${i}`,
      actor_user_id: "u",
      // Some names longer than a 32 KiB read chunk, a few longer than the 256 KiB write buffer; all
      // with characters of 2, 3 and 4 bytes.
      actor_name: `Zoë 東京 🚀 ${i % 50 === 0 ? "ü€".repeat(45_000 + i) : i % 7 === 0 ? "ü€".repeat(14_000 + i) : i}`,
      event_type: "T",
      created_at: new Date(T0 - ((i * 7919) % n) * 1000).toISOString(),
    }),
  );
}

describe("SpillSort", () => {
  // A temporary folder of this file's own: tests here count the folders a sort makes, and other
  // files of the run sort on disk too.
  let previousTmp: string | undefined;
  beforeAll(() => {
    previousTmp = process.env.TMPDIR;
    process.env.TMPDIR = mkdtempSync(join(tmpdir(), "spill-test-"));
  });
  afterAll(() => {
    rmSync(tmpdir(), { recursive: true, force: true });
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
  });

  it("gives every event back once, newest first, from runs on disk, byte for byte", async () => {
    const given = events(500);
    const sort = new SpillSort(37, 10);
    for (const event of given) await sort.add(event);
    const out: Event[] = [];
    for await (const page of sort.drain()) {
      expect(page.length).toBeLessThanOrEqual(10);
      out.push(...page);
    }
    const expected = given.map((e) => JSON.parse(JSON.stringify(e)) as Event).sort(newestFirst);
    expect(out).toEqual(expected);
  });

  /** Events sharing a few times, from two vendors, with ids of several bytes, ids that sort differently as UTF-8 and as UTF-16, and lone surrogates (which UTF-8 cannot carry). */
  function ties(n: number): Event[] {
    const ids = ["a", "B", "ü", "\u{1F680}", "\uFF5E", "10", "\uDBFF", "\uD800", "a\u0000b"];
    // Each run of 18 holds every id kind for both vendors at one time; each 54 the three times.
    return Array.from({ length: n }, (_, i) => {
      const time = new Date(T0 - (Math.floor(i / 18) % 3) * 1000).toISOString();
      const id = `${ids[i % 9]}${Math.floor(i / 54)}`;
      return Math.floor(i / 9) % 2
        ? adaptOpal({ event_id: id, actor_user_id: "u", actor_name: "A", event_type: "T", created_at: time })
        : (adaptTrieve({
            id,
            event_type: "view",
            event_name: "Viewed",
            created_at: time.slice(0, -1),
            dataset_id: "d",
          }) as Event);
    });
  }

  const expectedOf = (given: Event[], compare: (a: Event, b: Event) => number) =>
    given.map((e) => JSON.parse(JSON.stringify(e)) as Event).sort(compare);

  it.each([
    ["held in memory", 1000],
    ["spilled to runs", 7],
  ])("breaks ties of time by vendor, then id, as newestFirst does (%s)", async (_, limit) => {
    const given = ties(108);
    const sort = new SpillSort(limit, 25);
    for (const event of given) await sort.add(event);
    const out: Event[] = [];
    for await (const page of sort.drain()) out.push(...page);
    expect(out).toEqual(expectedOf(given, newestFirst));
  });

  it.each([1000, 7])(
    "gives the events oldest first when asked, ties in newestFirst's order reversed (limit %s)",
    async (limit) => {
      const given = ties(108);
      const sort = new SpillSort(limit, 1000, "oldest-first");
      for (const event of given) await sort.add(event);
      const out: Event[] = [];
      for await (const page of sort.drain()) out.push(...page);
      expect(out).toEqual(expectedOf(given, (a, b) => newestFirst(b, a)));
    },
  );

  it("is empty once drained, its temporary files gone, and sorts the next events alone", async () => {
    const before = new Set(await readdir(tmpdir()));
    const sort = new SpillSort(10, 100);
    const first = events(40);
    for (const event of first) await sort.add(event);
    for await (const _ of sort.drain()) break;
    const left = (await readdir(tmpdir())).filter((f) => f.startsWith("eventkit-sort-") && !before.has(f));
    expect(left).toEqual([]);
    const second = ties(36);
    for (const event of second) await sort.add(event);
    const out: Event[] = [];
    for await (const page of sort.drain()) out.push(...page);
    expect(out).toEqual(expectedOf(second, newestFirst));
  });

  it("spills by the bytes held too, whatever the count: large events are not held by the thousand", async () => {
    const given = events(120);
    const sort = new SpillSort(1_000_000, 50, "newest-first", 256 * 1024);
    const before = new Set(await readdir(tmpdir()));
    for (const event of given) await sort.add(event);
    const made = (await readdir(tmpdir())).filter((f) => f.startsWith("eventkit-sort-") && !before.has(f));
    expect(made).toHaveLength(1);
    // events(120) holds a few names of 90 to 135 KB: several runs of at most 256 KiB of text.
    expect((await readdir(join(tmpdir(), made[0]!))).length).toBeGreaterThan(3);
    const out: Event[] = [];
    for await (const page of sort.drain()) out.push(...page);
    expect(out).toEqual(expectedOf(given, newestFirst));
  });

  it.each([
    ["held in memory", 1000],
    ["spilled to runs", 7],
  ])("pages(): made when taken, the last one marked, each taken before the next (%s)", async (_, limit) => {
    const given = ties(45);
    const sort = new SpillSort(limit, 10);
    for (const event of given) await sort.add(event);
    const out: Event[] = [];
    const lasts: boolean[] = [];
    for await (const page of sort.pages()) {
      lasts.push(page.last);
      out.push(...page.take());
      expect(() => page.take()).toThrow("a sorted page is taken once");
    }
    expect(lasts).toEqual([false, false, false, false, true]);
    expect(out).toEqual(expectedOf(given, newestFirst));

    for (const event of given) await sort.add(event);
    const pages = sort.pages();
    await pages.next();
    await expect(pages.next()).rejects.toThrow("a sorted page was passed over");
    // The sort is empty again, its files gone: the next drain gives nothing.
    expect((await readdir(tmpdir())).filter((f) => f.startsWith("eventkit-sort-"))).toEqual([]);
    expect(await sort.pages().next()).toEqual({ done: true, value: undefined });
  });
});
