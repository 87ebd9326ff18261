import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClientSpec, ConfigurationError, createApiClient, InvalidResponseError } from "../src/index.js";
import { parseJsonInt64 } from "../src/int64-json.js";
import { type LocalServer, startLocalServer } from "./helpers/local-server.js";

describe("parseJsonInt64", () => {
  it("makes the declared fields exact strings, and leaves every other value as JSON.parse reads it", () => {
    const text =
      '{"events":[{"id":8246013377260218839,"parent":8246013377260218839,"n":7},{"id":42}],"event":{"id":9007199254740993}}';
    expect(parseJsonInt64(text, ["events.*.id", "event.id"])).toEqual({
      events: [{ id: "8246013377260218839", parent: Number("8246013377260218839"), n: 7 }, { id: "42" }],
      event: { id: "9007199254740993" },
    });
  });

  it("ignores a declared path the body does not have, and maps under *", () => {
    expect(
      parseJsonInt64('{"events":null,"byKey":{"a":{"id":12345678901234567890}}}', [
        "events.*.id",
        "byKey.*.id",
        "missing.id",
      ]),
    ).toEqual({ events: null, byKey: { a: { id: "12345678901234567890" } } });
  });
});

/** On the wire: a local server sends a JSON number above 2^53; the client hands out its exact digits. */
describe("a client of an operation with int64 fields", () => {
  const spec = {
    vendor: "acme",
    title: "Acme",
    servers: [{ url: "https://acme.test" }],
    securitySchemes: {},
    operations: {
      getEvent: {
        operationId: "getEvent",
        method: "get",
        path: "/event",
        safe: true,
        security: [],
        int64Paths: ["id"],
      },
      listEvents: {
        operationId: "listEvents",
        method: "get",
        path: "/events",
        safe: true,
        security: [],
        int64Paths: ["events.*.id"],
        pagination: { resultsPath: "events", pageParam: "page", pageStart: 0, pageSize: 2 },
      },
      getOther: { operationId: "getOther", method: "get", path: "/other", safe: true, security: [] },
      getBroken: {
        operationId: "getBroken",
        method: "get",
        path: "/broken",
        safe: true,
        security: [],
        int64Paths: ["id"],
      },
      getEmpty: {
        operationId: "getEmpty",
        method: "get",
        path: "/empty",
        safe: true,
        security: [],
        int64Paths: ["id"],
      },
    },
  } as const satisfies ClientSpec;
  let server: LocalServer;
  const send = (
    res: { setHeader(n: string, v: string): void; end(b: string): void; statusCode: number },
    status: number,
    body: string,
  ) => {
    res.statusCode = status;
    res.setHeader("content-type", "application/json");
    res.end(body);
  };
  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      const url = new URL(req.url, "http://x");
      if (url.pathname === "/event" || url.pathname === "/other") return send(res, 200, '{"id": 6327818702635911562}');
      if (url.pathname === "/events") {
        const page = Number(url.searchParams.get("page") ?? "0");
        return send(
          res,
          200,
          page === 0
            ? '{"events":[{"id":8246013377260218839},{"id":8246013377260218840}]}'
            : page === 1
              ? '{"events":[{"id":1377281704830403917}]}'
              : '{"events":[]}',
        );
      }
      if (url.pathname === "/broken") return send(res, 200, '{"id": 63278187026359115');
      return send(res, 200, "");
    });
  });
  afterAll(() => server.close());
  const client = () =>
    createApiClient(spec, { baseUrl: server.url, env: {}, retries: 0 }, { parseJsonInt64 }) as unknown as Record<
      string,
      (init?: unknown) => Promise<unknown>
    > & { paginate: Record<string, (init?: unknown) => AsyncIterable<unknown>> };

  it('returns {"id": 6327818702635911562} as "6327818702635911562"', async () => {
    expect(await client().getEvent!()).toEqual({ id: "6327818702635911562" });
  });

  it("pages with exact ids", async () => {
    const ids: unknown[] = [];
    for await (const event of client().paginate.listEvents!()) ids.push((event as { id: unknown }).id);
    expect(ids).toEqual(["8246013377260218839", "8246013377260218840", "1377281704830403917"]);
  });

  it("leaves operations without int64 fields to JSON.parse", async () => {
    // biome-ignore lint/correctness/noPrecisionLoss: without int64 paths the id is read as the rounded number.
    expect(await client().getOther!()).toEqual({ id: 6327818702635911562 });
  });

  it("reports a body that is not JSON as an invalid response, and an empty body as no data", async () => {
    await expect(client().getBroken!()).rejects.toBeInstanceOf(InvalidResponseError);
    expect(await client().getEmpty!()).toBeUndefined();
  });

  it("refuses to build without the parser, which only clients with int64 fields import", () => {
    expect(() => createApiClient(spec, { baseUrl: server.url, env: {} })).toThrow(
      /getEvent has int64 fields.*@eventkit\/runtime\/int64/,
    );
    expect(() => createApiClient(spec, { baseUrl: server.url, env: {} })).toThrow(ConfigurationError);
  });
});
