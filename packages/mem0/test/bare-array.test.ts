/**
 * Mem0's own SDKs accept a bare array of events as the body of `GET /v1/events/`, besides the
 * Django REST envelope. The overlay declares both shapes (`resultsPath: [results, $]`); this checks
 * the generated client pages either one from a real HTTP server.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMem0Client } from "../src/index.js";

const events = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `e${from + i}`, event_type: "ADD", status: "SUCCEEDED" }));

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    const url = new URL(req.url ?? "/", "http://local");
    const body = url.pathname.startsWith("/bare")
      ? events(1, 3)
      : url.searchParams.get("page") === "2"
        ? { count: 4, next: null, previous: null, results: events(3, 2) }
        : { count: 4, next: `${base}/envelope/v1/events/?page=2`, previous: null, results: events(1, 2) };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ids = async (prefix: string) => {
  const client = createMem0Client({ baseUrl: `${base}/${prefix}/`, auth: { ApiKeyAuth: "test-key" } });
  const out: string[] = [];
  for await (const event of client.paginate.listEvents()) out.push(String((event as { id?: string }).id));
  return out;
};

it("reads a bare array as the whole listing, with no PaginationError", async () => {
  const before = requests.length;
  expect(await ids("bare")).toEqual(["e1", "e2", "e3"]);
  expect(requests.slice(before)).toEqual(["/bare/v1/events/"]);
});

it("still follows `next` through the envelope", async () => {
  const before = requests.length;
  expect(await ids("envelope")).toEqual(["e1", "e2", "e3", "e4"]);
  expect(requests.slice(before)).toEqual(["/envelope/v1/events/", "/envelope/v1/events/?page=2"]);
});
