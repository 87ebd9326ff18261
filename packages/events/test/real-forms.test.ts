/**
 * Forms real vendors write that the specs' own examples do not show (issue 10), read as each
 * vendor's `x-eventkit-feed` declares them, on the wire against a local server.
 */
import { describe, expect, it } from "vitest";
import { adaptDatadogV1, adaptTrieve } from "./helpers/adapt.js";
import { hubFor } from "./helpers/hub.js";
import { sendJson, startLocalServer } from "./helpers/local-server.js";

const trieveEvent = (id: string, createdAt: string) => ({
  id,
  event_type: "view",
  event_name: "Viewed",
  created_at: createdAt,
  updated_at: createdAt,
  dataset_id: "d",
  items: [],
});

describe("trieve", () => {
  it("reads created_at in Rust time's Display form, inside a window, and sends date_range as YYYY-MM-DD HH:MM:SS", async () => {
    const bodies: unknown[] = [];
    const server = await startLocalServer((req, res) => {
      bodies.push(JSON.parse(req.body));
      sendJson(res, 200, {
        events: [
          trieveEvent("a", "2022-05-20 12:40:20.0 +00:00:00"),
          trieveEvent("b", "2022-05-20 14:40:21.5 +02:00:00"),
          trieveEvent("c", "20/05/2022"),
        ],
      });
    });
    try {
      const feed = hubFor({ trieve: server.url }).list({
        since: "2022-05-20T12:00:00.250Z",
        until: "2022-05-20T13:00:00.250Z",
      });
      const events = await feed.toArray();
      expect(events.map((e) => [e.id, e.occurredAt, e.status])).toEqual([
        ["b", "2022-05-20T12:40:21.500Z", "info"],
        ["a", "2022-05-20T12:40:20.000Z", "info"],
      ]);
      expect(events.every((e) => e.warnings === undefined)).toBe(true);
      expect(bodies[0]).toMatchObject({
        page: 1,
        filter: { date_range: { gte: "2022-05-20 12:00:00", lte: "2022-05-20 13:00:01" } },
      });
      // The event whose time is unreadable fell out of the window: it is counted and named, not lost silently.
      expect(feed.report.vendors.trieve).toMatchObject({ status: "ok", events: 2, unreadableTimes: 1 });
      expect(feed.report.vendors.trieve!.warnings).toEqual([
        expect.stringMatching(/^1 event left out: its time could not be read/),
      ]);
    } finally {
      await server.close();
    }
  });

  it("an unreadable time is named on the event", () => {
    const e = adaptTrieve(trieveEvent("c", "20/05/2022"));
    expect(e.timestamp).toBe(0);
    expect(e.warnings).toEqual(['created_at "20/05/2022" is not a time', 'updated_at "20/05/2022" is not a time']);
  });
});

describe("datadog v1", () => {
  it("an event recorded before id_str existed takes its id from url, not a made-up one", () => {
    // As JSON.parse reads the recorded event: the id rounded to a double.
    const e = adaptDatadogV1(
      JSON.parse(
        '{"id":1234567890123456789,"url":"https://app.datadoghq.com/event/event?id=1234567890123456789","date_happened":1714557600,"title":"old"}',
      ),
    );
    expect(e.id).toBe("1234567890123456789");
    expect(e.status).toBe("info");
    expect(e.warnings).toEqual(["missing id_str; id taken from the url"]);
  });
});
