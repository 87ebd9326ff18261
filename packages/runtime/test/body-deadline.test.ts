import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClientSpec, ConnectionError, createApiClient, TimeoutError } from "../src/index.js";
import { type LocalServer, sendJson, startLocalServer } from "./helpers/local-server.js";

/**
 * Servers that send their headers and part of a body, then stall or drop the connection: before
 * the deadline covered the body, such a call settled only when undici gave up (300 s) with an
 * untyped `TypeError: terminated`.
 */
const spec = {
  vendor: "acme",
  title: "Acme",
  servers: [{ url: "https://acme.test" }],
  securitySchemes: {},
  operations: {
    stalled: { operationId: "stalled", method: "get", path: "/stalled", safe: true, security: [] },
    dropped: { operationId: "dropped", method: "get", path: "/dropped", safe: true, security: [] },
    listThings: {
      operationId: "listThings",
      method: "get",
      path: "/things",
      safe: true,
      security: [],
      pagination: { nextUrlPath: "next", resultsPath: "results" },
    },
  },
} as const satisfies ClientSpec;

type AnyClient = Record<string, (init?: unknown) => Promise<unknown>> & {
  pages: Record<string, (init?: unknown, options?: unknown) => AsyncIterable<unknown>>;
  paginate: Record<string, (init?: unknown, options?: unknown) => AsyncIterable<unknown>>;
  raw: { GET: (path: string, init?: unknown) => Promise<unknown> };
};

/** Resolves each time the server has written part of a stalled body, so tests wait on that. */
let partWritten: () => Promise<void>;
let server: LocalServer;

function writePart(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.write('{"results": ["first item", ');
}

beforeAll(async () => {
  let waiters: Array<() => void> = [];
  partWritten = () => new Promise<void>((resolve) => waiters.push(resolve));
  const written = () => {
    for (const resolve of waiters) resolve();
    waiters = [];
  };
  server = await startLocalServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/things" && !url.searchParams.has("page")) {
      return void sendJson(res, 200, { results: ["a"], next: `${server.url}/things?page=2` });
    }
    writePart(res);
    // The socket is flushed before the test is told, so the client can have the bytes.
    res.socket?.write("", () => {
      if (url.pathname === "/dropped") res.socket?.destroy();
      written();
    });
  });
});
afterAll(() => server.close());

const client = (options: Parameters<typeof createApiClient>[1] = {}) =>
  createApiClient(spec, { env: {}, baseUrl: server.url, retries: 0, ...options }) as unknown as AnyClient;

describe("a body that stalls after the headers", () => {
  it("ends a call in a TimeoutError at the attempt's deadline, though the caller's signal allows longer", async () => {
    const call = client({ timeoutMs: 300 }).stalled!({ signal: AbortSignal.timeout(60_000) });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ operationId: "stalled", timeoutMs: 300, attempts: 1 });
  });

  it("is retried like any timeout of a safe operation", async () => {
    // Its requests carry a mark of their own: under heavy load, the previous test's request (its
    // attempt long given up) can reach the server during this one, and was counted with it.
    const mark = { "x-test": "retried" };
    // Long enough for each request to reach the server on a machine under heavy load (with 200 ms an
    // attempt could end before its request arrived, and the server counted none).
    const error = await client({
      timeoutMs: 2_000,
      retries: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 },
      headers: mark,
    }).stalled!().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ attempts: 3 });
    expect(server.requests.filter((r) => r.url === "/stalled" && r.headers["x-test"] === "retried")).toHaveLength(3);
  });

  it("takes a per-call timeoutMs", async () => {
    const error = await client({ timeoutMs: 60_000 }).stalled!({ timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 200 });
  });

  it("ends raw openapi-fetch calls the same way", async () => {
    const error = await client({ timeoutMs: 200 })
      .raw.GET("/stalled")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("ends pagination in a TimeoutError on the page whose body stalls", async () => {
    const seen: unknown[] = [];
    const iterate = async () => {
      // Long enough for the first page on a loaded machine: it must arrive for the assertion below.
      for await (const item of client({ timeoutMs: 3000 }).paginate.listThings!()) seen.push(item);
    };
    await expect(iterate()).rejects.toBeInstanceOf(TimeoutError);
    expect(seen).toEqual(["a"]);
  });

  it("ends pages() in a TimeoutError with the call's timeoutMs", async () => {
    const iterate = async () => {
      for await (const _page of client({ timeoutMs: 60_000 }).pages.listThings!({ timeoutMs: 300 })) void _page;
    };
    await expect(iterate()).rejects.toBeInstanceOf(TimeoutError);
  });

  it("holds even with a fetch that ignores abort signals", async () => {
    const deaf = (request: Request) => fetch(request);
    const error = await client({ timeoutMs: 300, fetch: deaf }).stalled!().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it.each([
    ["with a deadline", 60_000, true],
    ["without a deadline (timeoutMs: Infinity)", Infinity, true],
    ["with a fetch that ignores signals", 60_000, false],
  ])("is interrupted by the caller's signal %s, with the signal's reason", async (_, timeoutMs, honoursSignal) => {
    const controller = new AbortController();
    let headersArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (headersArrived = resolve));
    const observed = async (request: Request, init?: RequestInit) => {
      const response = await fetch(request, honoursSignal ? init : undefined);
      headersArrived();
      return response;
    };
    const written = partWritten();
    const call = client({ timeoutMs, fetch: observed }).stalled!({ signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    await Promise.all([arrived, written]);
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
  });

  it("a connection dropped mid-body is a ConnectionError, not an untyped TypeError", async () => {
    const error = await client({ timeoutMs: 60_000 }).dropped!().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ operationId: "dropped", attempts: 1 });
  });
});
