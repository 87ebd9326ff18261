/**
 * Time slices on the wire: a real Trieve-like server (pages of 10, fixed by its API; filters by
 * time in whole seconds; no promised order) answering the hub. Whatever order the server sends,
 * the sliced listing is the unsliced one, event for event; and the first read of a long window
 * stops early instead of reading a whole slice's requests only to throw them away.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "@eventkit/runtime/spec";
import type { Event } from "../src/index.js";
import { hubFor } from "./helpers/hub.js";
import { type LocalServer, sendJson, startLocalServer } from "./helpers/local-server.js";

const T0 = Date.UTC(2025, 0, 1);
const EVENTS = 2000;
const SLICE_EVENTS = 160;
/** Trieve's fixed page size. */
const PAGE = 10;

type Order = "newest-first" | "oldest-first" | "random";

/** Events over about half an hour at millisecond times, some sharing a second, some sharing a millisecond. */
function history(): { id: string; ms: number }[] {
  const random = seededRandom(21);
  const out: { id: string; ms: number }[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const ms = i % 97 === 1 ? out[i - 1]!.ms : T0 - Math.floor(random() * 1_800_000);
    out.push({ id: `e-${String(i).padStart(5, "0")}`, ms });
  }
  return out;
}

/** Trieve's zone-less `YYYY-MM-DD HH:MM:SS` (UTC) as epoch ms. */
const sqlMs = (text: string) => Date.parse(`${text.replace(" ", "T")}Z`);

function trieveServer(order: Order): Promise<LocalServer> {
  const events = history();
  return startLocalServer((req, res) => {
    const body = JSON.parse(req.body || "{}") as {
      page?: number;
      filter?: { date_range?: { gte?: string; lte?: string } };
    };
    const range = body.filter?.date_range;
    const gte = range?.gte !== undefined ? sqlMs(range.gte) : Number.NEGATIVE_INFINITY;
    const lte = range?.lte !== undefined ? sqlMs(range.lte) : Number.POSITIVE_INFINITY;
    const matching = events.filter((e) => e.ms >= gte && e.ms <= lte);
    if (order === "newest-first") matching.sort((a, b) => b.ms - a.ms || (a.id < b.id ? -1 : 1));
    else if (order === "oldest-first") matching.sort((a, b) => a.ms - b.ms || (a.id < b.id ? -1 : 1));
    else {
      // The same shuffle for the same filter, as a server's stable (if unordered) plan would give.
      const random = seededRandom(gte === Number.NEGATIVE_INFINITY ? 1 : gte % 1_000_003);
      for (let i = matching.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [matching[i], matching[j]] = [matching[j]!, matching[i]!];
      }
    }
    const from = ((body.page ?? 1) - 1) * PAGE;
    sendJson(res, 200, {
      events: matching.slice(from, from + PAGE).map((e) => ({
        id: e.id,
        event_type: "view",
        event_name: "Viewed Home Page",
        created_at: new Date(e.ms).toISOString().slice(0, -1),
        updated_at: new Date(e.ms).toISOString().slice(0, -1),
        dataset_id: "00000000-0000-0000-0000-000000000000",
      })),
    });
  });
}

const WINDOW = { since: T0 - 1_800_000, until: T0 + 1 };

async function list(server: LocalServer, sliceEvents: number): Promise<{ events: Event[]; requests: number }> {
  const before = server.requests.length;
  const events = await hubFor({ trieve: server.url }, { sliceEvents }).list(WINDOW).toArray();
  return { events, requests: server.requests.length - before };
}

describe.each(["newest-first", "oldest-first", "random"] as const)("a Trieve-like server sending %s", (order) => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await trieveServer(order);
  });
  afterAll(() => server.close());

  it("read in slices of at most 160, gives the very listing it gives read in one slice: nothing lost, repeated or moved", async () => {
    const whole = await list(server, 1_000_000);
    const sliced = await list(server, SLICE_EVENTS);
    expect(whole.events).toHaveLength(EVENTS);
    expect(new Set(whole.events.map((e) => e.id)).size).toBe(EVENTS);
    expect(JSON.stringify(sliced.events)).toBe(JSON.stringify(whole.events));
    // Read whole, the window is 201 requests (the last one empty); sliced, the share read twice stays small.
    expect(whole.requests).toBe(EVENTS / PAGE + 1);
    expect(sliced.requests / whole.requests).toBeLessThan(order === "random" ? 2.5 : 1.25);
  });
});

describe("the first read of a long window", () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await trieveServer("newest-first");
  });
  afterAll(() => server.close());

  it("stops once what it read says the window holds more than a slice, and few requests are read twice", async () => {
    const { events, requests } = await list(server, SLICE_EVENTS);
    expect(events).toHaveLength(EVENTS);
    const first = server.requests[0]!.body;
    const onWholeWindow = server.requests.filter((r) => sameRange(r.body, first)).length;
    // An eighth of the slice (20 events), then the page that crossed it: 3 requests, not the 17 that
    // reading to the cap (161 events) would take, all of them thrown away.
    expect(onWholeWindow).toBe(3);
    // Each slice of about 80 events costs one request beyond its events' (the empty or short last page).
    expect(requests).toBeLessThan((EVENTS / PAGE) * 1.2);
  });
});

describe("the default slice size (no sliceEvents given)", () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await trieveServer("newest-first");
  });
  afterAll(() => server.close());

  /** Requests on the whole window: the first read, which stops once an eighth of the cap is passed. */
  async function firstRead(sliceEvents?: number): Promise<number> {
    const before = server.requests.length;
    const events = await hubFor({ trieve: server.url }, sliceEvents ? { sliceEvents } : {})
      .list(WINDOW)
      .toArray();
    expect(events).toHaveLength(EVENTS);
    const sent = server.requests.slice(before);
    return sent.filter((r) => sameRange(r.body, sent[0]!.body)).length;
  }

  it("is five of Trieve's fixed pages of 10, raised to the least of 500 events", async () => {
    // An eighth of 500 is 62 events: the first read stops at the page that passes it, the 7th.
    expect(await firstRead()).toBe(7);
    // Given, it is kept: an eighth of 800 is 100 events, passed by the 11th page.
    expect(await firstRead(800)).toBe(11);
  });
});

function sameRange(a: string, b: string): boolean {
  const range = (body: string) => JSON.stringify((JSON.parse(body) as { filter?: unknown }).filter);
  return range(a) === range(b);
}
