/**
 * Sorted runs on real temporary files: every event comes back once, in order, exactly as it went
 * in, whatever its text: lines longer than a read chunk or the write buffer, and characters of several bytes that a
 * chunk boundary may cut.
 */
import { describe, expect, it } from "vitest";
import type { Event } from "../src/index.js";
import { SpillSort } from "../src/spill.js";
import { newestFirst } from "../src/event.js";
import { adaptOpal } from "./helpers/adapt.js";

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
});
