/**
 * Time windows per vendor: exactly the ground-truth events in [since, until), with the vendor's own
 * filter sent where it has one (Mem0 has none: it is filtered here).
 */
import { describe, expect, it } from "vitest";
import type { VendorName } from "../src/index.js";
import { hubFor, sharedScenario, sharedScenarios } from "./helpers/hub.js";

// biome-ignore lint/suspicious/noExplicitAny: raw vendor events, read field by field as the spec documents them.
type Raw = Record<string, any>;

const cases: {
  name: string;
  vendor: VendorName;
  operation?: string;
  api?: "v1" | "v2";
  id: (r: Raw) => string;
  time: (r: Raw) => number;
  sent: (req: { query: Raw; body?: Raw }) => unknown;
}[] = [
  { name: "mem0", vendor: "mem0", id: (r) => r.id, time: (r) => Date.parse(r.created_at), sent: (req) => req.query },
  {
    name: "opal",
    vendor: "opal",
    id: (r) => r.event_id,
    time: (r) => Date.parse(r.created_at),
    sent: (req) => [req.query.start_date_filter, req.query.end_date_filter],
  },
  {
    name: "datadog v2",
    vendor: "datadog",
    operation: "ListEvents",
    api: "v2",
    id: (r) => r.id,
    time: (r) => Date.parse(r.attributes.timestamp),
    sent: (req) => [req.query["filter[from]"], req.query["filter[to]"]],
  },
  {
    name: "datadog v1",
    vendor: "datadog",
    operation: "ListEventsV1",
    api: "v1",
    id: (r) => r.id_str,
    time: (r) => r.date_happened * 1000,
    sent: (req) => [req.query.start, req.query.end],
  },
  {
    name: "trieve",
    vendor: "trieve",
    id: (r) => r.id,
    time: (r) => Date.parse(`${r.created_at}Z`),
    sent: (req) => [req.body?.filter?.date_range?.gte, req.body?.filter?.date_range?.lte],
  },
  {
    name: "capillary",
    vendor: "capillary",
    id: (r) => r.id,
    time: (r) => r.startTime,
    sent: (req) => [req.query.from_date, req.query.to_date],
  },
];

describe.each(cases)("$name", ({ vendor, operation, api, id, time, sent }) => {
  it("lists exactly the events in [since, until)", async () => {
    const scenario = await sharedScenario(vendor);
    const truth = (await scenario.events(operation)) as Raw[];
    // Bounds on event times: `since` is kept, `until` is not.
    const since = time(truth[90]!);
    const until = time(truth[20]!);
    const want = truth.filter((r) => time(r) >= since && time(r) < until).map(id);
    expect(want).toHaveLength(70);

    const before = (await scenario.requests()).length;
    const events = await hubFor({ [vendor]: sharedScenarios()[vendor].url }, api ? { datadogApi: api } : {})
      .list({ since: new Date(since), until: new Date(until) })
      .toArray();
    expect(events.map((e) => e.id)).toEqual(want);

    const requests = (await scenario.requests()).slice(before).filter((r) => !operation || r.operationId === operation);
    expect(requests.length).toBeGreaterThan(0);
    if (vendor === "mem0") {
      for (const r of requests.slice(0, 1)) expect(sent(r as never)).toEqual({});
    } else {
      const [from, to] = sent(requests[0] as never) as [unknown, unknown];
      expect(from, "since sent to the vendor").toBeDefined();
      expect(to, "until sent to the vendor").toBeDefined();
    }
  });
});
