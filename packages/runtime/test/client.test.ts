import { createHash } from "node:crypto";
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  type ClientSpec,
  ConfigurationError,
  createApiClient,
  InvalidResponseError,
  NotFoundError,
  PaginationError,
  RateLimitError,
} from "../src/index.js";
import { md5Hex } from "../src/md5.js";
import { type Exchange, nodeHttp } from "../src/node-http.js";
import { type LocalServer, sendJson, startLocalServer } from "./helpers/local-server.js";

/** A spec of the shape generated packages pass in, with one of each auth scheme kind. */
const spec = {
  vendor: "acme",
  title: "Acme",
  servers: [
    {
      url: "https://{region}.acme.test/v1",
      variables: { region: { default: "eu", enum: ["eu", "us"], env: "ACME_REGION" } },
    },
  ],
  securitySchemes: {
    key: { type: "apiKey", in: "header", name: "X-Key", prefix: "Token ", env: "ACME_KEY" },
    queryKey: { type: "apiKey", in: "query", name: "api_key" },
    bearer: { type: "http", scheme: "bearer" },
    basic: {
      type: "http",
      scheme: "basic",
      passwordDigest: "md5",
      env: { username: "ACME_USER", password: "ACME_PASSWORD" },
    },
  },
  operations: {
    listThings: {
      operationId: "list_things",
      method: "get",
      path: "/things",
      safe: true,
      security: [["key"]],
      pagination: { nextUrlPath: "next", resultsPath: "results" },
    },
    getThing: {
      operationId: "getThing",
      method: "get",
      path: "/things/{id}",
      safe: true,
      security: [["bearer"], ["queryKey"]],
    },
    search: { operationId: "search", method: "post", path: "/search", safe: false, security: [["basic"]] },
    health: { operationId: "health", method: "get", path: "/health", safe: true, security: [] },
    submit: { operationId: "submit", method: "post", path: "/submit", safe: false, security: [["queryKey"]] },
  },
} as const satisfies ClientSpec;

type AnyClient = Record<string, (init?: unknown, options?: unknown) => unknown> & {
  paginate: Record<string, (init?: unknown, o?: unknown) => AsyncIterable<unknown>>;
  raw: { GET: (path: string, init?: unknown) => Promise<{ data?: unknown; error?: unknown }> };
  baseUrl: string;
};
/** Set per pass below: every test runs with the global fetch and with node:http. */
let exchange: Exchange | undefined;
const client = (options: Parameters<typeof createApiClient>[1]) =>
  createApiClient(
    spec,
    { env: {}, retries: 0, ...(exchange ? { exchange } : {}), ...options },
    { passwordDigests: { md5: md5Hex } },
  ) as unknown as AnyClient;

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/v1/things") {
      const page = Number(url.searchParams.get("page") ?? "1");
      const next = page < 3 ? `${server.url}/v1/things?page=${page + 1}` : null;
      return void sendJson(res, 200, { results: [`item${page}a`, `item${page}b`], next });
    }
    if (url.pathname === "/v1/things/loop")
      return void sendJson(res, 200, { results: [1], next: `${server.url}/v1/things/loop` });
    if (url.pathname === "/v1/things/missing")
      return void sendJson(res, 404, { message: "no such thing" }, { "x-request-id": "req-42" });
    if (url.pathname === "/v1/things/limited")
      return void sendJson(res, 429, { message: "slow down" }, { "retry-after": "0" });
    if (url.pathname === "/v1/things/garbled") {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end("{not json");
    }
    if (url.pathname.startsWith("/v1/things/")) return void sendJson(res, 200, { id: url.pathname.split("/").pop() });
    if (url.pathname === "/v1/search")
      return req.headers.authorization
        ? sendJson(res, 200, { ok: true })
        : sendJson(res, 401, { message: "who are you" });
    if (url.pathname === "/v1/health") return void sendJson(res, 200, { ok: true });
    if (url.pathname === "/v1/submit") return void sendJson(res, 200, { echoed: JSON.parse(req.body) });
    if (url.pathname === "/elsewhere/things") return void sendJson(res, 200, { results: ["moved"], next: null });
    return void sendJson(res, 404, { message: "unknown route" });
  });
});
afterAll(() => server.close());

const last = () => server.requests[server.requests.length - 1]!;

describe.each([
  ["the global fetch", undefined],
  ["node:http (@eventkit/runtime/node)", nodeHttp],
] as const)("sent with %s", (_name, using) => {
  beforeAll(() => {
    exchange = using;
  });

  describe("credentials on the wire", () => {
    it.each([
      [
        "apiKey header with its prefix",
        { key: "k1" },
        "listThings",
        undefined,
        (r: (typeof server.requests)[0]) => r.headers["x-key"],
        "Token k1",
      ],
      [
        "bearer",
        { bearer: "tok" },
        "getThing",
        { params: { path: { id: "7" } } },
        (r: (typeof server.requests)[0]) => r.headers.authorization,
        "Bearer tok",
      ],
      [
        "apiKey in the query (second alternative)",
        { queryKey: "qk" },
        "getThing",
        { params: { path: { id: "7" } } },
        (r: (typeof server.requests)[0]) => new URL(r.url, "http://x").searchParams.get("api_key"),
        "qk",
      ],
      [
        "basic with the md5 digest of the password",
        { basic: { username: "till", password: "pw" } },
        "search",
        { body: { q: 1 } },
        (r: (typeof server.requests)[0]) => r.headers.authorization,
        `Basic ${Buffer.from(`till:${createHash("md5").update("pw").digest("hex")}`).toString("base64")}`,
      ],
    ])("%s", async (_, auth, method, init, read, want) => {
      await client({ baseUrl: `${server.url}/v1`, auth })[method]!(init);
      expect(read(last())).toBe(want);
    });

    it("a query credential on a request with a body keeps the body whole, with a Content-Length", async () => {
      const result = await client({ baseUrl: `${server.url}/v1`, auth: { queryKey: "qk" } }).submit!({
        body: { n: 1, s: "x" },
      });
      expect(result).toEqual({ echoed: { n: 1, s: "x" } });
      expect(new URL(last().url, "http://x").searchParams.get("api_key")).toBe("qk");
      expect(last().headers["content-length"]).toBe(String(JSON.stringify({ n: 1, s: "x" }).length));
      expect(last().headers["transfer-encoding"]).toBeUndefined();
    });

    it("falls back to the environment variables the spec names", async () => {
      await client({ baseUrl: `${server.url}/v1`, env: { ACME_KEY: "from-env" } }).listThings!();
      expect(last().headers["x-key"]).toBe("Token from-env");
      await client({ baseUrl: `${server.url}/v1`, env: { ACME_USER: "u", ACME_PASSWORD: "p" } }).search!({ body: {} });
      expect(last().headers.authorization).toMatch(/^Basic /);
    });

    it("an operation without security sends no credentials", async () => {
      await client({ baseUrl: `${server.url}/v1`, auth: { key: "k1", bearer: "t" } }).health!();
      expect(last().headers.authorization).toBeUndefined();
      expect(last().headers["x-key"]).toBeUndefined();
    });

    it("missing credentials fail before any request, naming the option and variable", async () => {
      const before = server.requests.length;
      await expect(client({ baseUrl: `${server.url}/v1` }).listThings!()).rejects.toThrow(ConfigurationError);
      await expect(client({ baseUrl: `${server.url}/v1` }).listThings!()).rejects.toThrow(
        /missing credentials: pass auth\.key or set \$ACME_KEY/,
      );
      expect(server.requests.length).toBe(before);
    });

    it("a spec asking for a password digest the client was not built with fails, naming the subpath", () => {
      expect(() => createApiClient(spec, { env: {} })).toThrow(
        /scheme basic sends a md5 password digest.*@eventkit\/runtime\/md5/,
      );
    });

    it("md5Hex is the hex md5 of the UTF-8 text, as node:crypto computes it", () => {
      for (const text of ["", "pw", "pässwörd ✓ 🙂", "x".repeat(1000)]) {
        expect(md5Hex(text)).toBe(createHash("md5").update(text, "utf8").digest("hex"));
      }
    });

    it("rejects a credential of the wrong shape", () => {
      expect(() => client({ auth: { basic: "till:pw" } })).toThrow(/auth\.basic must be \{ username, password \}/);
    });

    it("raw openapi-fetch calls get the operation's credentials too", async () => {
      const { data } = await client({ baseUrl: `${server.url}/v1`, auth: { bearer: "raw-tok" } }).raw.GET(
        "/things/{id}",
        { params: { path: { id: "9" } } },
      );
      expect(data).toEqual({ id: "9" });
      expect(last().headers.authorization).toBe("Bearer raw-tok");
    });
  });

  describe("servers", () => {
    it.each([
      [{}, {}, "https://eu.acme.test/v1"],
      [{ server: { variables: { region: "us" } } }, {}, "https://us.acme.test/v1"],
      [{}, { ACME_REGION: "us" }, "https://us.acme.test/v1"],
      [{ baseUrl: "http://127.0.0.1:1/mock/" }, { ACME_REGION: "us" }, "http://127.0.0.1:1/mock"],
    ])("options %j with env %j → %s", (options, env, want) => {
      expect(client({ ...options, env }).baseUrl).toBe(want);
    });

    it("a variable outside its enum is a configuration error naming the allowed values", () => {
      expect(() => client({ server: { variables: { region: "mars" } } })).toThrow(
        /region "mars" \(from server\.variables\.region\) is not one of eu, us/,
      );
      expect(() => client({ env: { ACME_REGION: "moon" } })).toThrow(/from \$ACME_REGION/);
    });
  });

  describe("responses", () => {
    const c = () => client({ baseUrl: `${server.url}/v1`, auth: { bearer: "secret-token-123" } });

    it("resolves to the parsed body", async () => {
      await expect(c().getThing!({ params: { path: { id: "abc" } } })).resolves.toEqual({ id: "abc" });
    });

    it("throws the status's error class with body, status and request id", async () => {
      const error = await (c().getThing!({ params: { path: { id: "missing" } } }) as Promise<unknown>).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({
        status: 404,
        body: { message: "no such thing" },
        requestId: "req-42",
        vendor: "acme",
        operationId: "getThing",
      });
      expect(JSON.stringify(error)).not.toContain("secret-token-123");
    });

    it("429 is a RateLimitError; 401 an AuthenticationError", async () => {
      await expect(c().getThing!({ params: { path: { id: "limited" } } })).rejects.toBeInstanceOf(RateLimitError);
      await expect(
        client({ baseUrl: `${server.url}/v1`, auth: { basic: { username: "a", password: "b" } } }).search!({
          body: {},
          headers: {},
        }),
      ).resolves.toEqual({ ok: true });
      const noAuth = createApiClient(
        { ...spec, operations: { search: { ...spec.operations.search, security: [] } } },
        { env: {}, baseUrl: `${server.url}/v1` },
        { passwordDigests: { md5: md5Hex } },
      ) as unknown as AnyClient;
      await expect(noAuth.search!({ body: {} })).rejects.toBeInstanceOf(AuthenticationError);
    });

    it("a body that is not JSON is an InvalidResponseError", async () => {
      await expect(c().getThing!({ params: { path: { id: "garbled" } } })).rejects.toBeInstanceOf(InvalidResponseError);
    });
  });

  describe("timeouts", () => {
    it("without a timeout (timeoutMs: Infinity) the caller's signal still aborts a hung request", async () => {
      const controller = new AbortController();
      // Aborted once the request has arrived, and never answered.
      const hung = await startLocalServer(() => {
        controller.abort(new Error("stop"));
        return new Promise<void>(() => {});
      });
      try {
        const call = client({ baseUrl: `${hung.url}/v1`, timeoutMs: Infinity }).health!({
          signal: controller.signal,
        }) as Promise<unknown>;
        await expect(call).rejects.toThrow("stop");
      } finally {
        await hung.close();
      }
    });
  });

  describe("pagination through the client", () => {
    const c = () => client({ baseUrl: `${server.url}/v1`, auth: { key: "k" } });

    it("follows next URLs on the same origin, sending credentials each time", async () => {
      const seen: unknown[] = [];
      const start = server.requests.length;
      for await (const item of c().paginate.listThings!()) seen.push(item);
      expect(seen).toEqual(["item1a", "item1b", "item2a", "item2b", "item3a", "item3b"]);
      const sent = server.requests.slice(start);
      expect(sent.map((r) => r.url)).toEqual(["/v1/things", "/v1/things?page=2", "/v1/things?page=3"]);
      expect(sent.every((r) => r.headers["x-key"] === "Token k")).toBe(true);
    });

    it("a next URL on the same origin but another path is fetched as given", async () => {
      const moving = await startLocalServer(
        (req, res) =>
          void (req.url.startsWith("/v1/things")
            ? sendJson(res, 200, { results: ["first"], next: `${moving.url}/elsewhere/things?cursor=2` })
            : sendJson(res, 200, { results: ["moved"], next: null })),
      );
      try {
        const items: unknown[] = [];
        for await (const item of client({ baseUrl: `${moving.url}/v1`, auth: { key: "k" } }).paginate.listThings!())
          items.push(item);
        expect(items).toEqual(["first", "moved"]);
        expect(moving.requests.map((r) => r.url)).toEqual(["/v1/things", "/elsewhere/things?cursor=2"]);
      } finally {
        await moving.close();
      }
    });

    it("a next URL on another origin is refused before any request is made to it", async () => {
      const foreign = await startLocalServer((_req, res) => void sendJson(res, 200, { results: [], next: null }));
      const local = await startLocalServer(
        (_req, res) => void sendJson(res, 200, { results: ["a"], next: `${foreign.url}/v1/things?page=2` }),
      );
      try {
        const items: unknown[] = [];
        const run = (async () => {
          for await (const item of client({ baseUrl: `${local.url}/v1`, auth: { key: "k" } }).paginate.listThings!())
            items.push(item);
        })();
        await expect(run).rejects.toBeInstanceOf(PaginationError);
        expect(items).toEqual(["a"]);
        expect(foreign.requests).toHaveLength(0);
      } finally {
        await foreign.close();
        await local.close();
      }
    });
  });
});

describe("one long-lived signal over many requests", () => {
  it("without a timeout, a call leaves no listener on the caller's signal (fetch's would pile up until GC)", async () => {
    const controller = new AbortController();
    // The global fetch (not the exchange the last pass above left set).
    const c = client({ baseUrl: `${server.url}/v1`, timeoutMs: Infinity, exchange: undefined });
    let most = 0;
    for (let i = 0; i < 200; i++) {
      await c.health!({ signal: controller.signal });
      most = Math.max(most, getEventListeners(controller.signal, "abort").length);
    }
    expect(most).toBe(0);
  });
});
