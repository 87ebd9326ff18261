/**
 * Incremental sync across repeated runs while events keep arriving: every event delivered once,
 * none missing, whatever fails or is interrupted in between. Time is the scenario's: each run says
 * where "now" is with `until`, so nothing here depends on the wall clock.
 */
import type { RemoteScenario } from "@eventkit/mock-server/vitest";
import { afterEach, describe, expect, it } from "vitest";
import { createEventHub, type Event, type EventHub, type SyncState, VENDORS, type VendorName } from "../src/index.js";
import { hubFor, startScenario, vendorConfig } from "./helpers/hub.js";
import { seededRandom } from "@eventkit/runtime/spec";

// biome-ignore lint/suspicious/noExplicitAny: raw vendor events, read field by field as the spec documents them.
type Raw = Record<string, any>;

const MINUTE = 60_000;
/** The newest initial event; the scenarios' events are a minute apart. */
const END = Date.UTC(2025, 5, 1, 12, 0, 0);

const idOf: Record<VendorName, (r: Raw) => string> = {
  mem0: (r) => r.id,
  opal: (r) => r.event_id,
  datadog: (r) => r.id,
  trieve: (r) => r.id,
  capillary: (r) => r.id,
};

let running: RemoteScenario[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()));
  running = [];
});

async function world(
  options: { events?: number; fetch?: typeof fetch } = {},
): Promise<{ hub: EventHub; scenarios: Record<VendorName, RemoteScenario> }> {
  const started = await Promise.all(
    VENDORS.map((vendor) =>
      startScenario({
        vendor,
        events: options.events ?? 40,
        seed: 21,
        window: { end: END, seconds: (options.events ?? 40) * 60 },
      }),
    ),
  );
  running.push(...started);
  const scenarios = Object.fromEntries(started.map((s) => [s.vendor, s])) as Record<VendorName, RemoteScenario>;
  const fetchOf = options.fetch ? Object.fromEntries(VENDORS.map((v) => [v, { fetch: options.fetch }])) : {};
  return {
    hub: hubFor(Object.fromEntries(started.map((s) => [s.vendor, s.url])), { pageSize: 10, ...fetchOf }),
    scenarios,
  };
}

async function truth(scenarios: Record<VendorName, RemoteScenario>): Promise<string[]> {
  const keys: string[] = [];
  for (const vendor of VENDORS)
    for (const raw of (await scenarios[vendor].events()) as Raw[]) keys.push(`${vendor}/${idOf[vendor](raw)}`);
  return keys.sort();
}

const keys = (events: readonly Event[]) => events.map((e) => `${e.vendor}/${e.id}`);

function expectOnce(delivered: readonly string[], want: readonly string[]): void {
  const counts = new Map<string, number>();
  for (const k of delivered) counts.set(k, (counts.get(k) ?? 0) + 1);
  expect(
    [...counts].filter(([, n]) => n > 1),
    "delivered twice",
  ).toEqual([]);
  expect([...counts.keys()].sort(), "delivered once each").toEqual([...want].sort());
}

describe("sync", () => {
  it("delivers each event once across runs while new events arrive", async () => {
    const { hub, scenarios } = await world();
    const delivered: string[] = [];

    let run = await hub.sync(undefined, { until: END + 1 }).collect();
    expect(run.events).toHaveLength(5 * 40);
    // Each vendor's oldest first, for appending to a log.
    for (const vendor of VENDORS) {
      const times = run.events.filter((e) => e.vendor === vendor).map((e) => e.timestamp);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    delivered.push(...keys(run.events));
    let state: SyncState = run.state;
    expect(Object.keys(state.vendors).sort()).toEqual([...VENDORS].sort());
    expect(state.vendors.opal?.checkpoint).toBe(new Date(END + 1).toISOString());

    await Promise.all(VENDORS.map((v) => scenarios[v].addEvents(5)));
    // "Now" in the middle of the new events: the two newest are not due yet.
    run = await hub.sync(state, { until: END + 3 * MINUTE + 1 }).collect();
    expect(run.events).toHaveLength(5 * 3);
    delivered.push(...keys(run.events));
    state = run.state;

    run = await hub.sync(state, { until: END + 10 * MINUTE }).collect();
    expect(run.events).toHaveLength(5 * 2);
    delivered.push(...keys(run.events));
    state = run.state;

    run = await hub.sync(state, { until: END + 20 * MINUTE }).collect();
    expect(run.events).toHaveLength(0);
    expectOnce(delivered, await truth(scenarios));
    // Only the overlap window's ids are remembered, not every id ever seen.
    expect(run.state.vendors.mem0?.seen).toEqual([]);
  });

  it("events that show up late, stamped before the checkpoint, come through the overlap", async () => {
    const { hub, scenarios } = await world();
    const first = await hub.sync(undefined, { until: END + 5 * MINUTE + 1, overlapMs: 6 * MINUTE }).collect();
    // Stamped END+1m … END+5m, all before the checkpoint just saved.
    await Promise.all(VENDORS.map((v) => scenarios[v].addEvents(5)));
    const second = await hub.sync(first.state, { until: END + 6 * MINUTE, overlapMs: 6 * MINUTE }).collect();
    expect(second.events).toHaveLength(5 * 5);
    expectOnce([...keys(first.events), ...keys(second.events)], await truth(scenarios));

    // With less overlap than the delay, they are missed: the overlap is what buys this.
    const { hub: other, scenarios: late } = await world();
    const a = await other.sync(undefined, { until: END + 5 * MINUTE + 1, overlapMs: MINUTE }).collect();
    await Promise.all(VENDORS.map((v) => late[v].addEvents(5)));
    const b = await other.sync(a.state, { until: END + 6 * MINUTE, overlapMs: MINUTE }).collect();
    expect(b.events.length).toBeLessThan(5 * 5);
  });

  it("a vendor that fails keeps its checkpoint and delivers nothing; the next run catches up", async () => {
    const { scenarios } = await world();
    const refused = await startScenario({
      vendor: "opal",
      events: 40,
      seed: 21,
      window: { end: END, seconds: 40 * 60 },
      rateLimit: { every: 1, retryAfterSeconds: 0 },
    });
    running.push(refused);
    const urls = Object.fromEntries(VENDORS.map((v) => [v, scenarios[v].url])) as Record<VendorName, string>;
    const config = (opal: string) => ({
      ...Object.fromEntries(VENDORS.map((v) => [v, vendorConfig(v, urls[v])])),
      opal: { ...vendorConfig("opal", opal), retries: { retries: 1, baseDelayMs: 1 } },
      pageSize: 10,
    });

    const failing = await createEventHub(config(refused.url))
      .sync(undefined, { until: END + 1 })
      .collect();
    expect(failing.report.vendors.opal?.status).toBe("failed");
    expect(failing.events.some((e) => e.vendor === "opal")).toBe(false);
    expect(failing.state.vendors.opal).toBeUndefined();
    expect(failing.state.vendors.mem0?.checkpoint).toBe(new Date(END + 1).toISOString());

    await Promise.all(VENDORS.map((v) => scenarios[v].addEvents(3)));
    const healed = await createEventHub(config(urls.opal))
      .sync(failing.state, { until: END + 10 * MINUTE })
      .collect();
    expect(healed.report.ok).toBe(true);
    expectOnce([...keys(failing.events), ...keys(healed.events)], await truth(scenarios));
  });

  it("runs interrupted at random points, then resumed, lose nothing and repeat nothing", async () => {
    // Each run is aborted at its n-th request (n random, often mid-run), counted on the wire rather
    // than timed: before the request goes out, or once its answer is in and being read.
    let untilAbort = Infinity;
    let abort = (): void => undefined;
    const counting: typeof fetch = async (input, init) => {
      if (--untilAbort !== 0) return fetch(input, init);
      const before = random() < 0.5;
      if (before) abort();
      const response = await fetch(input, init);
      if (!before) abort();
      return response;
    };
    const random = seededRandom(20250601);
    const { hub, scenarios } = await world({ events: 60, fetch: counting });
    const delivered: string[] = [];
    let state: SyncState | undefined;
    let now = END + 1;
    let interrupted = 0;
    for (let round = 0; round < 6; round++) {
      if (round > 0) {
        await Promise.all(VENDORS.map((v) => scenarios[v].addEvents(4)));
        now += 4 * MINUTE;
      }
      // Until a run completes (the fourth is left alone); a run that throws changed nothing.
      for (let attempt = 0; ; attempt++) {
        const controller = new AbortController();
        untilAbort = attempt < 3 ? 1 + Math.floor(random() * 12) : Infinity;
        abort = () => controller.abort(new Error("killed"));
        try {
          // Batches taken before the abort stand: their states are saved as they come.
          for await (const batch of hub.sync(state, { until: now, signal: controller.signal })) {
            delivered.push(...keys(batch.events));
            state = batch.state;
          }
          break;
        } catch (error) {
          expect((error as Error).message).toBe("killed");
          interrupted++;
        }
      }
    }
    // The first run asks for at least 30 pages, more than any n.
    expect(interrupted).toBeGreaterThan(0);
    expectOnce(delivered, await truth(scenarios));
  });

  it("streams a long history in batches no bigger than maxBufferedEvents, and resumes from any batch's state", async () => {
    const events = 300;
    const started = await Promise.all(
      VENDORS.map((vendor) => startScenario({ vendor, events, seed: 5, window: { end: END, seconds: events * 60 } })),
    );
    running.push(...started);
    const scenarios = Object.fromEntries(started.map((s) => [s.vendor, s])) as Record<VendorName, RemoteScenario>;
    const hub = hubFor(Object.fromEntries(started.map((s) => [s.vendor, s.url])), {
      pageSize: 10,
      maxBufferedEvents: 40,
    });
    const since = END - (events + 1) * MINUTE;
    const delivered: string[] = [];
    const pagesAtFirstBatch = new Map<VendorName, number>();

    // The first run is stopped (as a kill would) halfway through; its last batch's state is what was saved.
    const first = hub.sync(undefined, { since, until: END + 1 });
    let state: SyncState | undefined;
    let batches = 0;
    for await (const batch of first) {
      expect(batch.events.length).toBeLessThanOrEqual(40);
      if (!pagesAtFirstBatch.has(batch.vendor))
        pagesAtFirstBatch.set(batch.vendor, first.report.vendors[batch.vendor]!.pages);
      delivered.push(...keys(batch.events));
      state = batch.state;
      if (++batches === 20) break;
    }
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.length).toBeLessThan(5 * events);

    const second = hub.sync(state, { since, until: END + 1 });
    for await (const batch of second) {
      expect(batch.events.length).toBeLessThanOrEqual(40);
      delivered.push(...keys(batch.events));
    }
    expect(second.report.ok).toBe(true);
    expectOnce(delivered, await truth(scenarios));
    // Vendors that filter by time delivered before they had read their window: nothing held it whole.
    for (const vendor of ["opal", "datadog", "trieve", "capillary"] as const) {
      expect(pagesAtFirstBatch.get(vendor), vendor).toBeLessThan(events / 10);
    }
  });

  it("checks the state it is given", async () => {
    const hub = hubFor({});
    expect(() => hub.sync({ version: 2 } as never)).toThrow(/version 2/);
    expect(() => hub.sync({ version: 1, vendors: { opal: { checkpoint: "soon", seen: [] } } })).toThrow(/checkpoint/);
  });

  it.each([
    // What Date.parse tolerates is not a checkpoint sync wrote.
    [{ checkpoint: "2025", seen: [] }, /vendors\.opal\.checkpoint: expected an ISO 8601 UTC time/],
    [{ checkpoint: "2025-01-01T00:00:00.000Z", seen: ["ok", ""] }, /vendors\.opal\.seen\[1\]: expected an event id/],
    [
      { checkpoint: "2025-01-01T00:00:00.000Z", seen: ["x".repeat(5000)] },
      /vendors\.opal\.seen\[0\]: expected an event id \(1 to 4096 characters\)/,
    ],
    [{ checkpoint: "2025-01-01T00:00:00.000Z", seen: [], since: "x" }, /vendors\.opal\.since: unknown field/],
  ])("refuses a state whose vendor entry is %j, naming the field", async (entry, message) => {
    expect(() => hubFor({}).sync({ version: 1, vendors: { opal: entry } } as never)).toThrow(message);
  });
});
