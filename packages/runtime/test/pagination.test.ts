import { describe, expect, it } from "vitest";
import { PaginationError } from "../src/errors.js";
import {
  paginate,
  paginateItems,
  type PageRequest,
  type PaginateArgs,
  type PaginateOptions,
} from "../src/pagination.js";
import type { PaginationSpec } from "../src/spec.js";

const BASE_URL = "https://api.acme.test/v1";

/** A fetchPage answering from `respond`, recording every request it is given. */
function scripted(respond: (req: PageRequest, n: number) => unknown, responseUrl?: (req: PageRequest) => string) {
  const requests: PageRequest[] = [];
  const fetchPage = async (req: PageRequest) => {
    requests.push(req);
    const response = new Response(null, { status: 200 });
    if (responseUrl) Object.defineProperty(response, "url", { value: responseUrl(req) });
    return { data: respond(req, requests.length - 1), response };
  };
  return { requests, fetchPage };
}

function args(
  spec: PaginationSpec,
  fetchPage: PaginateArgs<unknown>["fetchPage"],
  first: PaginateArgs<unknown>["first"] = { query: {}, body: undefined },
  options?: PaginateOptions,
): PaginateArgs<unknown> {
  return { vendor: "acme", operationId: "listEvents", spec, baseUrl: BASE_URL, first, fetchPage, options };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

async function failure(iterable: AsyncIterable<unknown>, seen: unknown[] = []): Promise<unknown> {
  try {
    for await (const value of iterable) seen.push(value);
  } catch (error) {
    return error;
  }
  throw new Error("expected the iteration to fail");
}

/** from, from + 1, …, to - 1 */
const range = (from: number, to: number): number[] =>
  Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

describe("cursor style", () => {
  const spec: PaginationSpec = {
    cursorParam: "cursor",
    cursorPath: "meta.next",
    limitParam: "limit",
    resultsPath: "data",
  };

  it("follows the cursor until it is absent, sending the page size", async () => {
    const { requests, fetchPage } = scripted((req) => {
      const at = Number(req.query.cursor ?? 0);
      return { data: range(at, at + 2), meta: { next: at + 2 < 6 ? String(at + 2) : null } };
    });
    const pages = await collect(
      paginate<number>(args(spec, fetchPage, { query: { q: "x" }, body: undefined }, { pageSize: 2 })),
    );
    expect(pages.map((p) => p.items)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(pages.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(requests.map((r) => r.query)).toEqual([
      { q: "x", limit: 2 },
      { q: "x", limit: 2, cursor: "2" },
      { q: "x", limit: 2, cursor: "4" },
    ]);
  });

  it.each([null, "", undefined])("stops on a %j cursor", async (next) => {
    const { requests, fetchPage } = scripted(() => ({ data: [1], meta: { next } }));
    expect(await collect(paginateItems(args(spec, fetchPage)))).toEqual([1]);
    expect(requests).toHaveLength(1);
  });

  it("stops on an empty page even with a cursor", async () => {
    const { requests, fetchPage } = scripted((_req, n) => ({ data: n === 0 ? [1] : [], meta: { next: `c${n}` } }));
    expect(await collect(paginateItems(args(spec, fetchPage)))).toEqual([1]);
    expect(requests).toHaveLength(2);
  });

  it("sets a body cursor by path on a copy of the body", async () => {
    const bodySpec: PaginationSpec = {
      cursorParam: "body.page.cursor",
      cursorPath: "meta.page.after",
      limitParam: "body.page.limit",
      resultsPath: "data",
    };
    const body = { filter: { from: 1 }, page: { limit: 1 } };
    const { requests, fetchPage } = scripted((_req, n) => ({
      data: [n],
      meta: { page: { after: n < 2 ? `c${n}` : null } },
    }));
    expect(await collect(paginateItems(args(bodySpec, fetchPage, { query: {}, body })))).toEqual([0, 1, 2]);
    expect(requests.map((r) => r.body)).toEqual([
      { filter: { from: 1 }, page: { limit: 1 } },
      { filter: { from: 1 }, page: { limit: 1, cursor: "c0" } },
      { filter: { from: 1 }, page: { limit: 1, cursor: "c1" } },
    ]);
    expect(body).toEqual({ filter: { from: 1 }, page: { limit: 1 } });
  });

  it("throws repeated-cursor after yielding the pages before it", async () => {
    const cursors = ["a", "b", "a", "b", "a"];
    const { requests, fetchPage } = scripted((_req, n) => ({ data: [n], meta: { next: cursors[n % 2] } }));
    const seen: unknown[] = [];
    // maxPages: without the check this would fail by assertion rather than hang.
    const error = await failure(paginateItems(args(spec, fetchPage, undefined, { maxPages: 10 })), seen);
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).reason).toBe("repeated-cursor");
    expect(seen).toEqual([0, 1, 2]);
    expect(requests).toHaveLength(3);
  });

  it("treats the cursor the caller resumed from as already followed", async () => {
    const { fetchPage } = scripted(() => ({ data: [1], meta: { next: "start" } }));
    const first = { query: { cursor: "start" }, body: undefined };
    const error = await failure(paginateItems(args(spec, fetchPage, first, { maxPages: 10 })));
    expect((error as PaginationError).reason).toBe("repeated-cursor");
  });

  it("rejects a spec with a cursor parameter but no cursor path", () => {
    const { fetchPage } = scripted(() => ({ data: [] }));
    const iterator = paginate(args({ cursorParam: "cursor", resultsPath: "data" }, fetchPage));
    return expect(iterator.next()).rejects.toThrow(TypeError);
  });
});

describe("next URL style", () => {
  const spec: PaginationSpec = { nextUrlPath: "next", resultsPath: "results" };

  it("follows absolute and relative next URLs on the base origin", async () => {
    const nexts = [`${BASE_URL}/events?page=2`, "/v1/events?page=3", null];
    const { requests, fetchPage } = scripted((_req, n) => ({ results: [n], next: nexts[n] }));
    expect(await collect(paginateItems(args(spec, fetchPage, { query: { page_size: 1 }, body: undefined })))).toEqual([
      0, 1, 2,
    ]);
    expect(requests).toEqual([
      { query: { page_size: 1 }, body: undefined },
      { query: {}, body: undefined, url: "https://api.acme.test/v1/events?page=2" },
      { query: {}, body: undefined, url: "https://api.acme.test/v1/events?page=3" },
    ]);
  });

  it.each([
    ["another host", "https://evil.test/steal?token=s3cret-value"],
    ["another scheme", "http://api.acme.test/v1/events?page=2&token=s3cret-value"],
    ["another port", "https://api.acme.test:8443/v1/events?token=s3cret-value"],
  ])("refuses %s before requesting it, naming only its origin", async (_name, next) => {
    const { requests, fetchPage } = scripted(() => ({ results: [1], next }));
    const seen: unknown[] = [];
    const error = (await failure(paginateItems(args(spec, fetchPage)), seen)) as PaginationError;
    expect(error).toBeInstanceOf(PaginationError);
    expect(error.reason).toBe("foreign-origin");
    expect(error.message).toContain(new URL(next).origin);
    expect(JSON.stringify(error)).not.toContain("s3cret-value");
    expect(error.message).not.toContain("token");
    expect(seen).toEqual([1]);
    expect(requests).toHaveLength(1);
  });

  it("throws repeated-url when a next URL comes back", async () => {
    const nexts = [`${BASE_URL}/e?p=2`, `${BASE_URL}/e?p=3`];
    const { requests, fetchPage } = scripted((_req, n) => ({ results: [n], next: nexts[n % 2] }));
    const seen: unknown[] = [];
    const error = (await failure(
      paginateItems(args(spec, fetchPage, undefined, { maxPages: 10 })),
      seen,
    )) as PaginationError;
    expect(error.reason).toBe("repeated-url");
    expect(error.message).not.toContain("p=2");
    expect(seen).toEqual([0, 1, 2]);
    expect(requests).toHaveLength(3);
  });

  it("throws repeated-url when the next URL is the page just fetched", async () => {
    const { requests, fetchPage } = scripted(
      () => ({ results: [1], next: `${BASE_URL}/e?p=1` }),
      () => `${BASE_URL}/e?p=1`,
    );
    const error = (await failure(paginateItems(args(spec, fetchPage, undefined, { maxPages: 10 })))) as PaginationError;
    expect(error.reason).toBe("repeated-url");
    expect(requests).toHaveLength(1);
  });

  it.each([42, { href: "x" }])("rejects a next value that is not a URL string: %j", async (next) => {
    const { fetchPage } = scripted(() => ({ results: [1], next }));
    expect(((await failure(paginateItems(args(spec, fetchPage)))) as PaginationError).reason).toBe("invalid-response");
  });
});

describe("page number style", () => {
  it("counts pages from pageStart in the body and stops on a short page", async () => {
    const spec: PaginationSpec = { pageParam: "body.page", pageStart: 1, pageSize: 3, resultsPath: "events" };
    const all = range(1, 9); // 8 items: pages of 3, 3, 2
    const { requests, fetchPage } = scripted((req) => {
      const page = ((req.body as { page?: number }).page ?? 1) - 1;
      return { events: all.slice(page * 3, page * 3 + 3) };
    });
    expect(await collect(paginateItems(args(spec, fetchPage, { query: {}, body: { type: "x" } })))).toEqual(all);
    expect(requests.map((r) => r.body)).toEqual([{ type: "x" }, { type: "x", page: 2 }, { type: "x", page: 3 }]);
  });

  it("continues from the page the caller asked for", async () => {
    const spec: PaginationSpec = { pageParam: "page", pageSize: 2, resultsPath: "items" };
    const { requests, fetchPage } = scripted((_req, n) => ({ items: n < 2 ? [n, n] : [n] }));
    await collect(paginate(args(spec, fetchPage, { query: { page: "5" }, body: undefined })));
    expect(requests.map((r) => r.query.page)).toEqual(["5", 6, 7]);
  });

  it.each<[string, PaginationSpec, PaginateOptions | undefined, Record<string, unknown>, number]>([
    ["spec.pageSize", { pageParam: "page", pageSize: 2, resultsPath: "items" }, undefined, {}, 2],
    [
      "the limit in the first query",
      { pageParam: "page", limitParam: "per_page", resultsPath: "items" },
      undefined,
      { per_page: "3" },
      3,
    ],
    [
      "options.pageSize over spec.pageSize",
      { pageParam: "page", limitParam: "n", pageSize: 2, resultsPath: "items" },
      { pageSize: 4 },
      {},
      4,
    ],
  ])("takes the full page size from %s", async (_name, spec, options, query, size) => {
    // Full pages twice, then one item short of a full page.
    const { requests, fetchPage } = scripted((_req, n) => ({
      items: range(10 * n, 10 * n + (n < 2 ? size : size - 1)),
    }));
    await collect(paginate(args(spec, fetchPage, { query, body: undefined }, options)));
    expect(requests).toHaveLength(3);
  });

  it("ignores options.pageSize when the spec has no limit parameter to send it in", async () => {
    const spec: PaginationSpec = { pageParam: "page", pageSize: 2, resultsPath: "items" };
    const { requests, fetchPage } = scripted((_req, n) => ({ items: n < 3 ? [n, n] : [] }));
    await collect(paginate(args(spec, fetchPage, undefined, { pageSize: 50 })));
    expect(requests).toHaveLength(4);
    expect(requests[0]?.query).toEqual({});
  });

  it("without a known page size, stops only on an empty page", async () => {
    const spec: PaginationSpec = { pageParam: "page", resultsPath: "items" };
    const sizes = [3, 1, 2, 0];
    const { requests, fetchPage } = scripted((_req, n) => ({ items: range(10 * n, 10 * n + (sizes[n] ?? 0)) }));
    expect(await collect(paginateItems(args(spec, fetchPage)))).toEqual([0, 1, 2, 10, 20, 21]);
    expect(requests.map((r) => r.query.page)).toEqual([undefined, 1, 2, 3]);
  });

  it("refuses a server that ignores the page parameter", async () => {
    const spec: PaginationSpec = { pageParam: "page", pageSize: 2, resultsPath: "items" };
    const { requests, fetchPage } = scripted(() => ({ items: [1, 2] }));
    const error = (await failure(paginate(args(spec, fetchPage, undefined, { maxPages: 10 })))) as PaginationError;
    expect(error.reason).toBe("invalid-response");
    expect(requests).toHaveLength(2);
  });
});

describe("offset style", () => {
  it("advances the offset by the items received", async () => {
    const spec: PaginationSpec = { pageOffsetParam: "offset", limitParam: "limit", resultsPath: "rows" };
    const all = range(0, 7);
    const { requests, fetchPage } = scripted((req) => {
      const offset = Number(req.query.offset ?? 0);
      return { rows: all.slice(offset, offset + Number(req.query.limit)) };
    });
    expect(await collect(paginateItems(args(spec, fetchPage, undefined, { pageSize: 3 })))).toEqual(all);
    expect(requests.map((r) => r.query)).toEqual([{ limit: 3 }, { limit: 3, offset: 3 }, { limit: 3, offset: 6 }]);
  });
});

describe("when", () => {
  const spec: PaginationSpec = {
    cursorParam: "cursor",
    cursorPath: "next",
    resultsPath: "data",
    when: [{ mode: "list" }, { "body.paged": true, kind: 2 }],
  };
  const pages = (n: number) => (n < 2 ? { data: [n], next: `c${n}` } : { data: [n], next: null });

  it.each<[string, Record<string, unknown>, unknown, number]>([
    ["a query condition", { mode: "list" }, undefined, 3],
    ["all entries of a condition, body and query, values as sent", { kind: "2" }, { paged: true }, 3],
    ["no condition", { mode: "get" }, undefined, 1],
    ["part of a condition only", { kind: 2 }, { paged: false }, 1],
    ["no parameters", {}, undefined, 1],
  ])("%s", async (_name, query, body, want) => {
    const { requests, fetchPage } = scripted((_req, n) => pages(n));
    await collect(paginate(args(spec, fetchPage, { query, body })));
    expect(requests).toHaveLength(want);
  });
});

describe("limits", () => {
  const spec: PaginationSpec = { cursorParam: "cursor", cursorPath: "next", resultsPath: "data" };
  const endless = () => scripted((_req, n) => ({ data: [3 * n, 3 * n + 1, 3 * n + 2], next: `c${n}` }));

  it("maxPages", async () => {
    const { requests, fetchPage } = endless();
    const pages = await collect(paginate(args(spec, fetchPage, undefined, { maxPages: 2 })));
    expect(pages.map((p) => p.index)).toEqual([0, 1]);
    expect(requests).toHaveLength(2);
  });

  it("maxItems stops items exactly and requests no further page", async () => {
    const { requests, fetchPage } = endless();
    expect(await collect(paginateItems(args(spec, fetchPage, undefined, { maxItems: 5 })))).toEqual([0, 1, 2, 3, 4]);
    expect(requests).toHaveLength(2);
  });

  it("maxItems on pages stops after the page that reaches it", async () => {
    const { requests, fetchPage } = endless();
    expect(await collect(paginate(args(spec, fetchPage, undefined, { maxItems: 6 })))).toHaveLength(2);
    expect(requests).toHaveLength(2);
  });

  it.each([0, -1])("maxItems %i requests nothing", async (maxItems) => {
    const { requests, fetchPage } = endless();
    expect(await collect(paginateItems(args(spec, fetchPage, undefined, { maxItems })))).toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it("fetches lazily: one request per page pulled", async () => {
    const { requests, fetchPage } = endless();
    const iterator = paginate(args(spec, fetchPage));
    expect(requests).toHaveLength(0);
    await iterator.next();
    expect(requests).toHaveLength(1);
    await iterator.next();
    expect(requests).toHaveLength(2);
    await iterator.return();
    expect(requests).toHaveLength(2);
  });

  it("stops with the signal's reason when aborted between pages", async () => {
    const controller = new AbortController();
    const { requests, fetchPage } = endless();
    const seen: unknown[] = [];
    const iterable = paginateItems(args(spec, fetchPage, undefined, { signal: controller.signal }));
    const error = await failure(
      {
        async *[Symbol.asyncIterator]() {
          for await (const item of iterable) {
            yield item;
            if (item === 4) controller.abort();
          }
        },
      },
      seen,
    );
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe("AbortError");
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(requests).toHaveLength(2);
  });

  it("stops during a page request that never settles", async () => {
    const controller = new AbortController();
    let calls = 0;
    const iterator = paginate(
      args(
        spec,
        () => {
          calls++;
          return new Promise(() => {});
        },
        undefined,
        { signal: controller.signal },
      ),
    );
    const pending = iterator.next();
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    expect(calls).toBe(1);
  });
});

describe("invalid responses", () => {
  it.each([
    ["missing", { other: [] }],
    ["not an array", { data: { items: [] } }],
    ["null body", null],
  ])("resultsPath %s", async (_name, data) => {
    const spec: PaginationSpec = { cursorParam: "cursor", cursorPath: "next", resultsPath: "data" };
    const { fetchPage } = scripted(() => data);
    const error = (await failure(paginate(args(spec, fetchPage)))) as PaginationError;
    expect(error).toBeInstanceOf(PaginationError);
    expect(error.reason).toBe("invalid-response");
    expect(error.message).toContain("`data`");
  });

  it.each<[string, PaginationSpec]>([
    ["an absent resultsPath", {}],
    ["an empty resultsPath", { resultsPath: "" }],
  ])("%s means the body itself", async (_name, spec) => {
    const { fetchPage } = scripted(() => [1, 2]);
    expect(await collect(paginateItems(args(spec, fetchPage)))).toEqual([1, 2]);
  });

  it("an absent resultsPath with a non-array body", async () => {
    const { fetchPage } = scripted(() => ({ data: [1] }));
    const error = (await failure(paginate(args({}, fetchPage)))) as PaginationError;
    expect(error.reason).toBe("invalid-response");
    expect(error.detail).toBe("page 1 has no array as its body");
  });
});
