import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, InvalidResponseError, NotFoundError } from "../src/errors.js";
import { createLiteClient, defaultPathSerializer, type LiteDefinition } from "../src/lite.js";
import { type LocalServer, type RecordedRequest, sendJson, startLocalServer } from "./helpers/local-server.js";

/**
 * The lite client builds its requests with openapi-fetch's serializers instead of its client
 * object: on a real server, each call must arrive exactly as openapi-fetch's `client.request`
 * sends it, and each answer must come back as openapi-fetch reads it (204, empty, text, JSON).
 */
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (path === "/empty") res.writeHead(204).end();
    else if (path === "/zero") res.writeHead(200, { "content-length": "0" }).end();
    else if (path === "/text-error") res.writeHead(502, { "content-type": "text/plain" }).end("bad gateway");
    else if (path === "/not-json") res.writeHead(200, { "content-type": "application/json" }).end("{oops");
    else if (path === "/missing") sendJson(res, 404, { message: "no such thing" });
    else sendJson(res, 200, { ok: true });
  });
});
afterAll(() => server.close());

const definition = (): LiteDefinition => ({
  vendor: "acme",
  baseUrl: `${server.url}/`,
  credentials: { key: { headers: { "X-Key": "k1" }, query: { api_key: "q1" }, secrets: ["k1", "q1"] } },
  operations: {
    getThing: ["GET", "/things/{id}", "getThing", [["key"]], 1],
    search: ["POST", "/search", "search", [["key"]]],
    empty: ["GET", "/empty", "empty", [[]], 1],
    zero: ["GET", "/zero", "zero", [[]], 1],
    textError: ["GET", "/text-error", "textError", [[]], 1],
    notJson: ["GET", "/not-json", "notJson", [[]], 1],
    missing: ["GET", "/missing", "missing", [[]], 1],
  },
  pathSerializer: defaultPathSerializer,
});

type Call = (init?: Record<string, unknown>) => Promise<unknown>;
const lite = () => createLiteClient(definition(), { headers: { "X-Client": "c" }, env: {} }) as Record<string, Call>;
const reference = () => createClient({ baseUrl: `${server.url}/`, headers: { "X-Client": "c" } });

/** What a request carries that the two clients decide (not the connection's own headers). */
const sentOf = (r: RecordedRequest | undefined) => ({
  method: r?.method,
  url: r?.url,
  body: r?.body,
  contentType: r?.headers["content-type"],
  key: r?.headers["x-key"],
  client: r?.headers["x-client"],
  caller: r?.headers["x-caller"],
  trace: r?.headers["x-trace"],
});

async function sentBoth(
  liteCall: () => Promise<unknown>,
  referenceCall: () => Promise<unknown>,
): Promise<[ReturnType<typeof sentOf>, ReturnType<typeof sentOf>]> {
  await liteCall();
  const mine = sentOf(server.requests.at(-1));
  await referenceCall();
  return [mine, sentOf(server.requests.at(-1))];
}

describe("a lite client's requests", () => {
  it("serialize path, query (arrays, objects), header parameters and the credential as openapi-fetch does", async () => {
    const params = {
      path: { id: "a b/c" },
      query: { tags: ["x", "y z"], filter: { kind: "k" }, n: 3 },
      header: { "X-Trace": "t1" },
    };
    const [mine, theirs] = await sentBoth(
      () => lite().getThing!({ params, headers: { "X-Caller": "me" } }),
      () =>
        reference().request(
          "get",
          "/things/{id}" as never,
          {
            params: { ...params, query: { ...params.query, api_key: "q1" } },
            headers: { "X-Caller": "me", "X-Key": "k1" },
          } as never,
        ),
    );
    expect(mine).toEqual(theirs);
    expect(mine).toMatchObject({
      url: "/things/a%20b%2Fc?tags=x&tags=y%20z&filter[kind]=k&n=3&api_key=q1",
      key: "k1",
      client: "c",
      trace: "t1",
    });
  });

  it("send a JSON body with its Content-Type, and a form body where the caller asks for one", async () => {
    const json = await sentBoth(
      () => lite().search!({ body: { q: "é", page: 1 } }),
      () =>
        reference().request(
          "post",
          "/search" as never,
          {
            body: { q: "é", page: 1 },
            params: { query: { api_key: "q1" } },
            headers: { "X-Key": "k1" },
          } as never,
        ),
    );
    expect(json[0]).toEqual(json[1]);
    expect(json[0]).toMatchObject({ method: "POST", body: '{"q":"é","page":1}', contentType: "application/json" });

    const formType = { "Content-Type": "application/x-www-form-urlencoded" };
    const form = await sentBoth(
      () => lite().search!({ body: { q: "a b" }, headers: formType }),
      () =>
        reference().request(
          "post",
          "/search" as never,
          {
            body: { q: "a b" },
            params: { query: { api_key: "q1" } },
            headers: { ...formType, "X-Key": "k1" },
          } as never,
        ),
    );
    expect(form[0]).toEqual(form[1]);
    expect(form[0]).toMatchObject({ body: "q=a+b", contentType: "application/x-www-form-urlencoded" });
  });

  it("are the same without a path serializer when no path has a parameter (what codegen emits for such a spec)", async () => {
    const { pathSerializer: _, ...withoutSerializer } = definition();
    const plain = createLiteClient(withoutSerializer, { env: {} }) as Record<string, Call>;
    const params = { query: { tags: ["x"], n: 3 }, path: { ignored: "y" } };
    const [mine, theirs] = await sentBoth(
      () => plain.search!({ params, body: { q: 1 } }),
      () =>
        createClient({ baseUrl: `${server.url}/` }).request(
          "post",
          "/search" as never,
          {
            params: { ...params, query: { ...params.query, api_key: "q1" } },
            body: { q: 1 },
            headers: { "X-Key": "k1" },
          } as never,
        ),
    );
    expect(mine).toEqual(theirs);
    expect(mine.url).toBe("/search?tags=x&n=3&api_key=q1");
  });
});

describe("a lite client's answers", () => {
  it("are undefined for 204 and an empty 200, the parsed body otherwise", async () => {
    const client = lite();
    expect(await client.empty!()).toBeUndefined();
    expect(await client.zero!()).toBeUndefined();
    expect(await client.getThing!({ params: { path: { id: "1" } } })).toEqual({ ok: true });
  });

  it("throw typed errors with the body parsed when it is JSON and as text when it is not", async () => {
    const client = lite();
    await expect(client.missing!()).rejects.toSatisfy(
      (e) => e instanceof NotFoundError && (e.body as { message: string }).message === "no such thing",
    );
    const text = await client.textError!().catch((e: unknown) => e);
    expect(text).toBeInstanceOf(ApiError);
    expect(text).toMatchObject({ status: 502, body: "bad gateway", message: "acme textError: 502" });
    await expect(client.notJson!()).rejects.toBeInstanceOf(InvalidResponseError);
  });
});
