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
        return sendJson(res, 200, {
          count: EVENTS.length,
          next,
          results: EVENTS.slice((page - 1) * PAGE, page * PAGE),
        });
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
      case "/last-item": {
        // Stripe's style: the cursor is the last item's id, sent back; a flag says whether more exist.
        const after = q.get("starting_after");
        const from = after === null ? 0 : EVENTS.findIndex((e) => String(e.id) === after) + 1;
        const to = from + Number(q.get("limit") ?? 10);
        return sendJson(res, 200, { data: EVENTS.slice(from, to), has_more: to < EVENTS.length });
      }
      case "/link-header": {
        // GitHub's style: RFC 8288 links, relative to the request, with other relations beside `next`.
        const page = Number(q.get("page") ?? 1);
        const links = [`</link-header?page=${Math.ceil(EVENTS.length / PAGE)}>; rel="last"`];
        if (page * PAGE < EVENTS.length) links.unshift(`</link-header?page=${page + 1}>; rel="next"`);
        res.setHeader("link", links.join(", "));
        return sendJson(res, 200, EVENTS.slice((page - 1) * PAGE, page * PAGE));
      }
      case "/total": {
        // A total count and full-size pages: only the total says that page five is the last.
        const page = Number(q.get("page") ?? 0);
        return sendJson(res, 200, { items: EVENTS.slice(page * PAGE, (page + 1) * PAGE), total: EVENTS.length });
      }
      case "/bare-array":
        // Mem0's SDKs accept either its envelope or a bare array of events.
        return sendJson(res, 200, q.has("bare") ? EVENTS.slice(0, 3) : { next: null, results: EVENTS.slice(0, 3) });
      case "/broken": {
        const kind = q.get("kind");
        if (kind === "no-flag") return sendJson(res, 200, { data: EVENTS.slice(0, 2) });
        if (kind === "more-without-cursor")
          return sendJson(res, 200, { data: EVENTS.slice(0, 2), has_more: true, next: null });
        return sendJson(res, 200, { data: [{ name: "no id" }], has_more: true });
      }
      default:
        return sendJson(res, 404, { message: "no such route" });
    }
  });
});

afterAll(() => server.close());

const redactor = createRedactor({ secretValues: [], secretHeaders: [], secretQueryParams: [] });
const transport: TransportOptions = {
  fetch: (req, init) => fetch(req, init),
  retry: DEFAULT_RETRY_POLICY,
  timeoutMs: 5000,
  redactor,
};

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
        {
          vendor: "acme",
          operationId,
          method,
          url: url.href,
          status: response.status,
          headers: response.headers,
          body: data,
        },
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
        ...[5, 10, 15, 20].map(
          (offset) => `/cursor?page_size=5&cursor=${Buffer.from(String(offset)).toString("base64url")}`,
        ),
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
  {
    style: "last item's id as the cursor, with a has-more flag",
    path: "/last-item",
    method: "GET",
    spec: {
      cursorParam: "starting_after",
      cursorItemPath: "id",
      hasMorePath: "has_more",
      limitParam: "limit",
      resultsPath: "data",
    },
    first: { query: {}, body: undefined },
    options: { pageSize: PAGE },
    want: {
      pages: 5,
      sent: ["/last-item?limit=5", ...[5, 10, 15, 20].map((id) => `/last-item?limit=5&starting_after=${id}`)],
    },
  },
  {
    style: "RFC 8288 Link header",
    path: "/link-header",
    method: "GET",
    spec: { linkHeader: true },
    first: { query: {}, body: undefined },
    want: { pages: 5, sent: ["/link-header", ...[2, 3, 4, 5].map((page) => `/link-header?page=${page}`)] },
  },
  {
    style: "page number with a total count",
    path: "/total",
    method: "GET",
    spec: { pageParam: "page", pageStart: 0, totalPath: "total", resultsPath: "items" },
    first: { query: {}, body: undefined },
    want: { pages: 5, sent: ["/total", ...[1, 2, 3, 4].map((page) => `/total?page=${page}`)] },
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
    expect(pages.map((p) => p.items.length)).toEqual(path === "/offset" ? [5, 5, 5, 5, 5, 0] : [5, 5, 5, 5, 3]);
  });
});

describe("paging fields the pager cannot read", () => {
  const run = async (spec: PaginationSpec, query: Record<string, unknown>, path = "/broken") => {
    const ids: number[] = [];
    const listing = paginateItems<Event>({
      vendor: "acme",
      operationId: "list",
      spec,
      baseUrl: server.url,
      first: { query, body: undefined },
      fetchPage: fetchPageFor(path, "GET", "list"),
    });
    for await (const event of listing) ids.push(event.id);
    return ids;
  };

  it("a bare array is one whole page when resultsPath allows the body itself", async () => {
    const spec: PaginationSpec = { nextUrlPath: "next", resultsPath: ["results", "$"] };
    expect(await run(spec, { bare: 1 }, "/bare-array")).toEqual([1, 2, 3]);
    expect(await run(spec, {}, "/bare-array")).toEqual([1, 2, 3]);
  });

  it("a bare array is an error naming the path when resultsPath does not allow it", async () => {
    await expect(run({ nextUrlPath: "next", resultsPath: "results" }, { bare: 1 }, "/bare-array")).rejects.toThrow(
      /page 1 has no array at `results`/,
    );
  });

  it.each<[string, PaginationSpec, RegExp]>([
    [
      "a missing has-more flag",
      { cursorParam: "c", cursorItemPath: "id", hasMorePath: "has_more", resultsPath: "data" },
      /page 1 has no true or false at `has_more` \(hasMorePath\)/,
    ],
    [
      "more pages announced without a cursor",
      { cursorParam: "c", cursorPath: "next", hasMorePath: "has_more", resultsPath: "data" },
      /page 1 says more pages exist \(`has_more` is true\) but has no cursor at `next`/,
    ],
    [
      "a last item without the cursor field",
      { cursorParam: "c", cursorItemPath: "id", resultsPath: "data" },
      /the last item of page 1 has no `id` \(cursorItemPath\)/,
    ],
    [
      "a total that is not a number",
      { pageParam: "page", totalPath: "meta.total", resultsPath: "data" },
      /page 1 has no number at `meta.total` \(totalPath\)/,
    ],
  ])("%s is a PaginationError, not a silent end", async (_name, spec, message) => {
    const kind =
      _name.includes("flag") || _name.includes("total")
        ? "no-flag"
        : _name.includes("announced")
          ? "more-without-cursor"
          : "no-id";
    await expect(run(spec, { kind })).rejects.toThrow(message);
  });
});
