/**
 * What real vendors send beyond their specs: missing required fields, unknown enum values, times
 * in other forms, `inputRequest` that is not JSON. Given a raw event, want the event; none throws.
 */
import { describe, expect, it } from "vitest";
import type { Event } from "../src/index.js";
import {
  adaptCapillary,
  adaptDatadogV1,
  adaptDatadogV2,
  adaptMem0,
  adaptOpal,
  adaptTrieve,
  type CapillaryRawEvent,
  type DatadogV1RawEvent,
  type DatadogV2RawEvent,
  type Mem0RawEvent,
  type OpalRawEvent,
  type TrieveRawEvent,
} from "./helpers/adapt.js";
import { hubFor } from "./helpers/hub.js";
import { sendJson, startLocalServer } from "./helpers/local-server.js";

// Raw events as vendors really send them, which the generated types (rightly) do not allow.
const loose = <T>(value: unknown): T => value as T;

describe("status tables", () => {
  it.each([
    ["PENDING", "pending"],
    ["RUNNING", "running"],
    ["FAILED", "failure"],
    ["SUCCEEDED", "success"],
  ])("mem0 %s → %s", (status, want) => {
    const e = adaptMem0(
      loose<Mem0RawEvent>({ id: "m1", event_type: "ADD", status, created_at: "2024-05-01T10:00:00Z" }),
    );
    expect(e.status).toBe(want);
    expect(e.warnings).toBeUndefined();
  });

  it.each([
    ["failure", "failure"],
    ["error", "failure"],
    ["warning", "warning"],
    ["info", "info"],
    ["success", "success"],
    ["user_update", "info"],
    ["recommendation", "info"],
    ["snapshot", "info"],
  ])("datadog v2 %s → %s", (status, want) => {
    const e = adaptDatadogV2(
      loose<DatadogV2RawEvent>({ id: "d1", attributes: { timestamp: "2024-05-01T10:00:00Z", attributes: { status } } }),
    );
    expect(e.status).toBe(want);
  });

  it.each([
    ["error", "failure"],
    ["warning", "warning"],
    ["info", "info"],
    ["success", "success"],
    ["user_update", "info"],
    ["recommendation", "info"],
    ["snapshot", "info"],
  ])("datadog v1 alert_type %s → %s", (alertType, want) => {
    expect(
      adaptDatadogV1(loose<DatadogV1RawEvent>({ id_str: "1", date_happened: 1714557600, alert_type: alertType }))
        .status,
    ).toBe(want);
  });

  it.each([
    ["EVENT_SUCCESS", "success", undefined],
    ["EMF_PROCESSOR_FAILED", "failure", undefined],
    ["INVALID_GROUP_IDENTIFIER_PASSED", "failure", undefined],
    ["NO_CUSTOMER_FOUND", "failure", undefined],
    ["EVENT_QUEUED", "unknown", ['unknown status "EVENT_QUEUED"']],
  ])("capillary %s → %s", (status, want, warnings) => {
    const e = adaptCapillary(
      loose<CapillaryRawEvent>({ id: "c1", eventName: "Purchase", status, startTime: 1714557600000 }),
    );
    expect(e.status).toBe(want);
    expect(e.warnings).toEqual(warnings);
  });

  it("opal and trieve have no status field: info", () => {
    expect(
      adaptOpal(
        loose<OpalRawEvent>({
          event_id: "o",
          actor_user_id: "u",
          actor_name: "A",
          event_type: "T",
          created_at: "2024-05-01T10:00:00Z",
        }),
      ).status,
    ).toBe("info");
    expect(
      adaptTrieve(
        loose<TrieveRawEvent>({
          id: "t",
          event_type: "view",
          event_name: "Viewed",
          created_at: "2024-05-01 10:00:00",
          updated_at: "2024-05-01 10:00:00",
          dataset_id: "d",
          items: [],
        }),
      ).status,
    ).toBe("info");
  });

  it("datadog events without a status are plain events: info, no warning", () => {
    const e = adaptDatadogV2(loose<DatadogV2RawEvent>({ id: "d", attributes: { timestamp: "2024-05-01T10:00:00Z" } }));
    expect(e.status).toBe("info");
    expect(e.warnings).toBeUndefined();
  });
});

describe("times", () => {
  const at = "2024-05-01T10:00:00.000Z";
  it.each([
    ["mem0 ISO with Z", () => adaptMem0(loose({ id: "a", status: "RUNNING", created_at: "2024-05-01T10:00:00Z" }))],
    [
      "mem0 ISO with offset",
      () => adaptMem0(loose({ id: "a", status: "RUNNING", created_at: "2024-05-01T12:00:00+02:00" })),
    ],
    [
      "mem0 microseconds, zone-less",
      () => adaptMem0(loose({ id: "a", status: "RUNNING", created_at: "2024-05-01T10:00:00.000412" })),
    ],
    [
      "trieve zone-less with space",
      () =>
        adaptTrieve(
          loose({
            id: "t",
            event_type: "view",
            event_name: "V",
            created_at: "2024-05-01 10:00:00",
            updated_at: "x",
            dataset_id: "d",
            items: [],
          }),
        ),
    ],
    ["datadog v1 epoch seconds", () => adaptDatadogV1(loose({ id_str: "1", date_happened: 1714557600 }))],
    [
      "datadog v2 falls back to attributes.attributes.timestamp (ms)",
      () => adaptDatadogV2(loose({ id: "d", attributes: { attributes: { timestamp: 1714557600000 } } })),
    ],
    [
      "capillary epoch ms",
      () => adaptCapillary(loose({ id: "c", eventName: "E", status: "EVENT_SUCCESS", startTime: 1714557600000 })),
    ],
    [
      "capillary epoch ms as a string",
      () => adaptCapillary(loose({ id: "c", eventName: "E", status: "EVENT_SUCCESS", startTime: "1714557600000" })),
    ],
  ])("%s", (_name, adapt) => {
    const e = adapt();
    expect(e.occurredAt).toBe(at);
    expect(e.timestamp).toBe(Date.parse(at));
  });

  it("an unreadable time gives the epoch, status unknown and a warning", () => {
    const e = adaptOpal(
      loose({ event_id: "o", actor_user_id: "u", actor_name: "A", event_type: "T", created_at: "yesterday" }),
    );
    expect(e.timestamp).toBe(0);
    expect(e.occurredAt).toBe("1970-01-01T00:00:00.000Z");
    expect(e.status).toBe("unknown");
    expect(e.warnings).toEqual(['created_at "yesterday" is not a time']);
  });
});

describe("events that break their spec are kept", () => {
  const cases: [string, () => Event, Partial<Event>, string[]][] = [
    [
      "opal without its required actor_name and event_type",
      () => adaptOpal(loose({ event_id: "o1", actor_user_id: "u1", created_at: "2024-05-01T10:00:00Z" })),
      { id: "o1", type: "unknown", title: "unknown", status: "info", actor: { id: "u1" } },
      ["missing required actor_name", "missing required event_type"],
    ],
    [
      "mem0 with a status added after the spec was written",
      () => adaptMem0(loose({ id: "m1", event_type: "ADD", status: "CANCELLED", created_at: "2024-05-01T10:00:00Z" })),
      { id: "m1", status: "unknown" },
      ['unknown status "CANCELLED"'],
    ],
    [
      "capillary inputRequest that is not JSON",
      () =>
        adaptCapillary(
          loose({
            id: "c1",
            eventName: "Purchase",
            status: "EVENT_SUCCESS",
            startTime: 1714557600000,
            inputRequest: "{not json",
          }),
        ),
      { id: "c1", status: "success", details: "{not json" },
      ["inputRequest is not valid JSON"],
    ],
    [
      "capillary inputRequest that is JSON",
      () =>
        adaptCapillary(
          loose({
            id: "c2",
            eventName: "Purchase",
            status: "EVENT_SUCCESS",
            startTime: 1714557600000,
            inputRequest: '{"customer":"919970388310"}',
          }),
        ),
      { id: "c2", details: { customer: "919970388310" } },
      [],
    ],
    [
      "datadog v1 without id_str but a safe integer id",
      () => adaptDatadogV1(loose({ id: 1234, date_happened: 1714557600, alert_type: "info" })),
      { id: "1234", status: "info" },
      ["missing id_str; id taken from the integer id"],
    ],
    [
      "datadog v1 with only an unsafe integer id: not trusted",
      // biome-ignore lint/correctness/noPrecisionLoss: an id already rounded by JSON.parse is the case under test.
      () => adaptDatadogV1(loose({ id: 6509751066204996294, date_happened: 1714557600 })),
      { status: "unknown" },
      ["missing id_str; id derived from the event's content"],
    ],
    [
      "trieve without id",
      () =>
        adaptTrieve(
          loose({
            event_type: "view",
            event_name: "V",
            created_at: "2024-05-01 10:00:00",
            updated_at: "2024-05-01 10:00:00",
            dataset_id: "d",
            items: [],
          }),
        ),
      { status: "unknown", type: "view" },
      ["missing id; id derived from the event's content"],
    ],
    [
      "an event that is not an object",
      () => adaptMem0(loose(null)),
      { status: "unknown", type: "unknown", timestamp: 0 },
      [
        "event is null, not an object",
        "missing id; id derived from the event's content",
        "missing created_at",
        "missing status",
      ],
    ],
  ];
  it.each(cases)("%s", (_name, adapt, want, warnings) => {
    const e = adapt();
    expect(e).toMatchObject(want);
    expect([...(e.warnings ?? [])].sort()).toEqual([...warnings].sort());
  });

  it("derives the same id for the same content, and different ids for different content", () => {
    const a = adaptTrieve(loose({ event_type: "view", event_name: "A", created_at: "2024-05-01 10:00:00" }));
    const again = adaptTrieve(loose({ event_name: "A", created_at: "2024-05-01 10:00:00", event_type: "view" }));
    const b = adaptTrieve(loose({ event_type: "view", event_name: "B", created_at: "2024-05-01 10:00:00" }));
    expect(a.id).toBe(again.id);
    expect(a.id).not.toBe(b.id);
  });
});

describe("on the wire", () => {
  it("a page of broken events is listed whole: nothing thrown, warnings counted in the report", async () => {
    const server = await startLocalServer((_req, res) => {
      sendJson(res, 200, {
        data: [
          {
            startTime: 1714557600000,
            status: "EVENT_SUCCESS",
            eventName: "Purchase",
            id: "good",
            inputRequest: '{"a":1}',
          },
          {
            startTime: 1714557500000,
            status: "SOMETHING_NEW",
            eventName: "Purchase",
            id: "odd-status",
            inputRequest: "not json",
          },
          { status: "EVENT_SUCCESS", eventName: "Purchase", id: "no-time" },
          { startTime: 1714557400000, eventName: "Purchase" },
        ],
        warnings: [],
        errors: [],
      });
    });
    try {
      const feed = hubFor({ capillary: server.url }).list();
      const events = await feed.toArray();
      expect(events.map((e) => [e.id.startsWith("eventkit-") ? "derived" : e.id, e.status])).toEqual([
        ["good", "success"],
        ["odd-status", "unknown"],
        ["derived", "unknown"],
        ["no-time", "unknown"],
      ]);
      expect(feed.report.vendors.capillary).toMatchObject({ status: "ok", events: 4, eventWarnings: 3, errors: [] });
    } finally {
      await server.close();
    }
  });
});

// Compile-time: `vendor` (and `api` for Datadog) narrows `raw` to the vendor's generated type.
// biome-ignore lint/suspicious/noExportsInTest: exported only so that the check is not an unused function.
export function rawOf(e: Event): string | undefined {
  switch (e.vendor) {
    case "opal":
      return e.raw.actor_name satisfies OpalRawEvent["actor_name"];
    case "capillary":
      return e.raw.inputRequest;
    case "datadog":
      return e.api === "v1" ? e.raw.id_str : e.raw.attributes?.message;
    case "mem0":
      return e.raw.status;
    case "trieve":
      return e.raw.event_name;
  }
}
