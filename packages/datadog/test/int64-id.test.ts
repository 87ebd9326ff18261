/**
 * On the wire: Datadog v1 event ids are int64 values above 2^53 (x-eventkit-int64 in the overlay);
 * the generated client hands them out as the exact digits the server sent, paging included.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDatadogClient } from "../src/index.js";

let server: Server;
let url = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    const page = Number(new URL(req.url ?? "/", "http://x").searchParams.get("page") ?? "0");
    res.setHeader("content-type", "application/json");
    res.end(
      page === 0
        ? '{"events":[{"id": 6327818702635911562, "id_str": "6327818702635911562", "date_happened": 1763457245, "priority": null}]}'
        : '{"events":[]}',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () => createDatadogClient({ baseUrl: url, auth: { apiKeyAuth: "k", appKeyAuth: "a" }, retries: 0 });
const query = { start: 1763450000, end: 1763460000 };

it('returns {"id": 6327818702635911562} as "6327818702635911562"', async () => {
  const body = await client().listEventsV1({ params: { query } });
  expect(body.events?.[0]?.id).toBe("6327818702635911562");
  expect(body.events?.[0]?.date_happened).toBe(1763457245);
});

it("keeps the id exact through the pager", async () => {
  const ids: unknown[] = [];
  for await (const event of client().paginate.listEventsV1({ params: { query: { ...query, unaggregated: true } } }))
    ids.push(event.id);
  expect(ids).toEqual(["6327818702635911562"]);
});
