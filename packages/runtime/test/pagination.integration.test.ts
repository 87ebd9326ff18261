import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiError } from "../src/errors.js";
import { paginate, paginateItems, type PageRequest, type PaginateOptions } from "../src/pagination.js";
import { createRedactor } from "../src/redact.js";
import { DEFAULT_RETRY_POLICY } from "../src/retry.js";
import type { PaginationSpec } from "../src/spec.js";
import { send, type TransportOptions } from "../src/transport.js";
import { sendJson, startLocalServer, type LocalServer, type RecordedRequest } from "./helpers/local-server.js";

interface Event {
  readonly id: number;
}

/** 23 events: five pages of five, the last one short. */
const EVENTS: Event[] = Array.from({ length: 23 }, (_, i) => ({ id: i + 1 }));
const PAGE = 5;

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const url = new URL(req.url, "http://local");
    const q = url.searchParams;
    switch (url.pathname) {
      case "/cursor": {
        // Opaque cursors: the offset, encoded, so that nothing but the cursor finds the next page.
        const from = q.has("cursor") ? Number(Buffer.from(q.get("cursor")!, "base64url").toString()) : 0;
        const size = Number(q.get("page_size") ?? 10);
        const to = from + size;
        const next = to < EVENTS.length ? Buffer.from(String(to)).toString("base64url") : null;
        return sendJson(res, 200, { results: EVENTS.slice(from, to), meta: { next } });
      }
      case "/next-url": {
        const page = Number(q.get("page") ?? 1);
        const last = page * PAGE >= EVENTS.length;
        const next = last ? null : `${server.url}/next-url?page=${page + 1}`;
        return sendJson(res, 200, { count: EVENTS.length, next, results: EVENTS.slice((page - 1) * PAGE, page * PAGE) });
      }
      case "/page-body": {
        const { page = 1 } = JSON.parse(req.body || "{}") as { page?: number };
        return sendJson(res, 200, { events: EVENTS.slice((page - 1) * PAGE, page * PAGE) });
      }
      case "/offset": {
        const offset = Number(q.get("offset") ?? 0);
        const limit = Number(q.get("limit") ?? 10);
        // 25 here: every page full, so only the empty sixth page ends the listing.
        const all = [...EVENTS, { id: 24 }, { id: 25 }];
        return sendJson(res, 200, { data: { rows: all.slice(offset, offset + limit) } });
      }
      default:
        return sendJson(res, 404, { message: "no such route" });
    }
  });
});

afterAll(() => server.close());

const redactor = createRedactor({ secretValues: [], secretHeaders: [], secretQueryParams: [] });
const transport: TransportOptions = { fetch: (req, init) => fetch(req, init), retry: DEFAULT_RETRY_POLICY, timeoutMs: 5000, redactor };

/** What a generated client's fetchPage does: build the request, send it, parse it, fail on non-2xx. */
function fetchPageFor(path: string, method: "GET" | "POST", operationId: string) {
  return async (req: PageRequest) => {
    const url = new URL(req.url ?? `${server.url}${path}`);
    for (const [name, value] of Object.entries(req.query)) url.searchParams.set(name, String(value));
    const init: RequestInit = { method, headers: { accept: "application/json" } };
    if (req.body !== undefined) {
      init.body = JSON.stringify(req.body);
      init.headers = { ...init.headers, "content-type": "application/json" };
    }
    const response = await send(new Request(url, init), { vendor: "acme", operationId, safe: true }, transport);
    const data: unknown = await response.json();
    if (!response.ok) {
      throw createApiError(
        { vendor: "acme", operationId, method, url: url.href, status: response.status, headers: response.headers, body: data },
        redactor,
      );
    }
    return { data, response };
  };
}

function requestsTo(path: string): RecordedRequest[] {
  return server.requests.filter((r) => r.url.startsWith(path));
}

describe.each<{
  style: string;
  path: string;
  method: "GET" | "POST";
  spec: PaginationSpec;
  first: { query: Record<string, unknown>; body: unknown };
  options?: PaginateOptions;
  want: { pages: number; sent: string[] };
}>([
  {
    style: "cursor",
    path: "/cursor",
    method: "GET",
    spec: { cursorParam: "cursor", cursorPath: "meta.next", limitParam: "page_size", resultsPath: "results" },
    first: { query: {}, body: undefined },
    options: { pageSize: PAGE },
    want: {
      pages: 5,
      sent: [
        "/cursor?page_size=5",
        ...[5, 10, 15, 20].map((offset) => `/cursor?page_size=5&cursor=${Buffer.from(String(offset)).toString("base64url")}`),
      ],
    },
  },
  {
    style: "next URL",
    path: "/next-url",
    method: "GET",
    spec: { nextUrlPath: "next", resultsPath: "results" },
    first: { query: {}, body: undefined },
    want: { pages: 5, sent: ["/next-url", ...[2, 3, 4, 5].map((page) => `/next-url?page=${page}`)] },
  },
  {
    style: "page number in the JSON body from 1",
    path: "/page-body",
    method: "POST",
    spec: { pageParam: "body.page", pageStart: 1, pageSize: PAGE, resultsPath: "events" },
    first: { query: {}, body: { page: 1, type: "all" } },
    want: { pages: 5, sent: [1, 2, 3, 4, 5].map((page) => JSON.stringify({ page, type: "all" })) },
  },
  {
    style: "offset and limit",
    path: "/offset",
    method: "GET",
    spec: { pageOffsetParam: "offset", limitParam: "limit", resultsPath: "data.rows" },
    first: { query: {}, body: undefined },
    options: { pageSize: PAGE },
    want: {
      pages: 6,
      sent: ["/offset?limit=5", ...[5, 10, 15, 20, 25].map((offset) => `/offset?limit=5&offset=${offset}`)],
    },
  },
])("$style over the wire", ({ path, method, spec, first, options, want }) => {
  // A function: the server, and so its URL, exists only once beforeAll has run.
  const args = () => ({
    vendor: "acme",
    operationId: `list ${path}`,
    spec,
    baseUrl: server.url,
    first,
    fetchPage: fetchPageFor(path, method, `list ${path}`),
    options,
  });

  it("yields every item exactly once, in order", async () => {
    const before = requestsTo(path).length;
    const ids: number[] = [];
    for await (const event of paginateItems<Event>(args())) ids.push(event.id);
    const expected = path === "/offset" ? 25 : 23;
    expect(ids).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    const sent = requestsTo(path).slice(before);
    expect(sent).toHaveLength(want.pages);
    expect(sent.map((r) => (method === "POST" ? r.body : r.url))).toEqual(want.sent);
  });

  it("hands each page with its response and index", async () => {
    const pages = [];
    for await (const page of paginate<Event>(args())) pages.push(page);
    expect(pages.map((p) => p.index)).toEqual(Array.from({ length: want.pages }, (_, i) => i));
    expect(pages.every((p) => p.response.status === 200)).toBe(true);
    expect(pages.map((p) => p.items.length)).toEqual(
      path === "/offset" ? [5, 5, 5, 5, 5, 0] : [5, 5, 5, 5, 3],
    );
  });
});
