import { ConfigurationError } from "@eventkit/runtime";
import { describe, expect, it } from "vitest";
import { createEventHub, type Event, newestFirst, VENDORS, type VendorName } from "../src/index.js";
import { hubFor, sharedScenario, sharedScenarios, startScenario } from "./helpers/hub.js";

const allShared = () =>
  Object.fromEntries(VENDORS.map((v) => [v, sharedScenarios()[v].url])) as Record<VendorName, string>;

async function until(check: () => Promise<boolean>, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
}

describe("merge across vendors", () => {
  it("yields every event of every vendor once, newest first, ties by vendor then id", async () => {
    const feed = hubFor(allShared()).list();
    const events = await feed.toArray();

    for (let i = 1; i < events.length; i++)
      expect(newestFirst(events[i - 1]!, events[i]!), `position ${i}`).toBeLessThanOrEqual(0);
    for (const vendor of VENDORS) {
      const truth = await (await sharedScenario(vendor)).events();
      expect(events.filter((e) => e.vendor === vendor)).toHaveLength(truth.length);
      expect(feed.report.vendors[vendor]).toMatchObject({ status: "ok", events: truth.length, errors: [] });
    }
    expect(new Set(events.map((e) => `${e.vendor}/${e.id}`)).size).toBe(events.length);
    // The vendors really interleave: the newest ten come from all five.
    expect(new Set(events.slice(0, 10).map((e) => e.vendor)).size).toBe(5);
    expect(feed.report.ok).toBe(true);
  });

  it("keeps only the vendors and types asked for", async () => {
    const all = await hubFor(allShared())
      .list({ vendors: ["opal", "trieve"] })
      .toArray();
    expect(new Set(all.map((e) => e.vendor))).toEqual(new Set(["opal", "trieve"]));
    const types = [all[0]!.type, all[1]!.type];
    const some = await hubFor(allShared())
      .list({ vendors: ["opal", "trieve"], types })
      .toArray();
    expect(some.length).toBeGreaterThan(0);
    expect(some).toEqual(all.filter((e) => types.includes(e.type)));
  });

  it("stops after `limit` events: the first of the full listing", async () => {
    const full = await hubFor(allShared()).list().toArray();
    const feed = hubFor(allShared()).list({ limit: 7 });
    const first = await feed.toArray();
    expect(first).toEqual(full.slice(0, 7));
    expect(Object.values(feed.report.vendors).reduce((n, r) => n + r.events, 0)).toBe(7);
    expect(feed.report.all().every((r) => r.status === "ok" || r.status === "stopped")).toBe(true);
  });

  it.each([
    ["pageSize", 0],
    ["pageSize", 1.5],
    ["sliceEvents", 0],
    ["sliceEvents", Number.NaN],
    ["prefetchPages", -1],
    ["maxBufferedEvents", 2.5],
  ])("refuses %s %s when the hub is made, naming it", (name, value) => {
    expect(() => createEventHub({ [name]: value, opal: { auth: { BearerAuth: "k" } } })).toThrow(
      new ConfigurationError(`${name} must be a whole number ≥ 1, not ${value}`),
    );
  });

  it("refuses vendors it was not given, and a second iteration", async () => {
    const hub = hubFor({ opal: sharedScenarios().opal.url });
    expect(() => hub.list({ vendors: ["datadog"] })).toThrow(ConfigurationError);
    expect(() => hub.list({ vendors: ["nope" as VendorName] })).toThrow(/unknown vendor/);
    const feed = hub.list({ limit: 1 });
    await feed.toArray();
    expect(() => feed[Symbol.asyncIterator]()).toThrow(TypeError);
  });

  it("an aborted listing throws the abort and leaves no vendor running", async () => {
    const controller = new AbortController();
    const feed = hubFor(allShared()).list({ signal: controller.signal });
    const seen: Event[] = [];
    await expect(
      (async () => {
        for await (const e of feed) {
          seen.push(e);
          if (seen.length === 3) controller.abort(new Error("enough"));
        }
      })(),
    ).rejects.toThrow("enough");
    expect(seen.length).toBeLessThanOrEqual(4);
    expect(feed.report.all().some((r) => r.status === "running")).toBe(false);
  });
});

describe("laziness and bounded memory for vendors whose order is known", () => {
  it("fetches nothing before iteration, and only a few pages ahead of a slow consumer", async () => {
    const scenario = await startScenario({ vendor: "datadog", events: 400, seed: 5 });
    try {
      const hub = hubFor({ datadog: scenario.url }, { pageSize: 10, prefetchPages: 2 });
      const feed = hub.list();
      expect(await scenario.requests()).toHaveLength(0);

      const iterator = feed[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done).toBe(false);
      // Let the prefetch run as far as it will; it must stop at its bound, not at page 40.
      let last = -1;
      await until(async () => {
        const n = (await scenario.requests()).length;
        const settled = n === last;
        last = n;
        return settled;
      });
      const pages = (await scenario.requests()).length;
      // The page being merged + 2 queued: the lane reads no further until the merge takes one.
      expect(pages).toBeLessThanOrEqual(3);
      await iterator.return(undefined);
      expect(feed.report.vendors.datadog?.status).toBe("stopped");

      const query = (await scenario.requests())[0]!.query;
      expect(query).toMatchObject({ sort: "-timestamp", "filter[from]": "0", "page[limit]": "10" });
    } finally {
      await scenario.close();
    }
  });
});

describe("a source that answers without I/O", () => {
  it("still gives the event loop turns, so timers and signal handlers run during a long listing", async () => {
    // Datadog v2 pages answered from memory: no socket, so no turn of the event loop unless the hub gives one.
    const PAGES = 50;
    const fetch = async (request: Request): Promise<Response> => {
      const page = Number(new URL(request.url).searchParams.get("page[cursor]") ?? 0);
      const data = Array.from({ length: 20 }, (_, i) => ({
        id: `e${page}-${i}`,
        attributes: { timestamp: new Date(Date.UTC(2025, 0, 1) - (page * 20 + i) * 1000).toISOString() },
      }));
      return new Response(
        JSON.stringify({ data, meta: page + 1 < PAGES ? { page: { after: String(page + 1) } } : {} }),
        { headers: { "content-type": "application/json" } },
      );
    };
    const hub = createEventHub({
      datadog: { baseUrl: "http://in-process", fetch, auth: { apiKeyAuth: "a", appKeyAuth: "b" } },
      pageSize: 20,
    });
    let consumed = 0;
    let turnAt: number | undefined;
    setImmediate(() => (turnAt = consumed));
    for await (const _ of hub.list()) consumed++;
    expect(consumed).toBe(PAGES * 20);
    expect(turnAt).toBeDefined();
    expect(turnAt!).toBeLessThan(consumed);
  });
});
