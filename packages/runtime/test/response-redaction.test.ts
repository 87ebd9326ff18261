import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClientSpec, createApiClient } from "../src/index.js";
import { md5Hex } from "../src/md5.js";
import { REDACTED } from "../src/redact.js";
import { type LocalServer, sendJson, startLocalServer } from "./helpers/local-server.js";

/**
 * A careless server echoes the credentials it received in its body and headers. Whatever path
 * hands vendor data back (typed methods, `raw`, success or error), the caller gets it redacted.
 */
const KEY = 'ek_live_9f8e"7d6c\\5b4a';
const PASSWORD = "hunter2-secret";
const md5 = (s: string) => createHash("md5").update(s).digest("hex");
const basic = (password: string) => Buffer.from(`ops:${password}`).toString("base64");

const op = (path: string, scheme: string) =>
  ({ operationId: path.slice(1), method: "get", path, safe: true, security: [[scheme]] }) as const;

const spec = {
  vendor: "acme",
  title: "Acme",
  servers: [{ url: "https://acme.test" }],
  securitySchemes: {
    headerKey: { type: "apiKey", in: "header", name: "X-Key", prefix: "Token " },
    queryKey: { type: "apiKey", in: "query", name: "api_key" },
    cookieKey: { type: "apiKey", in: "cookie", name: "session" },
    bearer: { type: "http", scheme: "bearer" },
    basic: { type: "http", scheme: "basic" },
    basicMd5: { type: "http", scheme: "basic", passwordDigest: "md5" },
  },
  operations: {
    headerKey: op("/headerKey", "headerKey"),
    queryKey: op("/queryKey", "queryKey"),
    cookieKey: op("/cookieKey", "cookieKey"),
    bearer: op("/bearer", "bearer"),
    basic: op("/basic", "basic"),
    basicMd5: op("/basicMd5", "basicMd5"),
  },
} as const satisfies ClientSpec;

const kinds = [
  { kind: "headerKey", auth: { headerKey: KEY }, secrets: [KEY, `Token ${KEY}`] },
  { kind: "queryKey", auth: { queryKey: KEY }, secrets: [KEY, encodeURIComponent(KEY)] },
  { kind: "cookieKey", auth: { cookieKey: KEY }, secrets: [KEY, encodeURIComponent(KEY)] },
  { kind: "bearer", auth: { bearer: KEY }, secrets: [KEY, `Bearer ${KEY}`] },
  { kind: "basic", auth: { basic: { username: "ops", password: PASSWORD } }, secrets: [PASSWORD, basic(PASSWORD)] },
  {
    kind: "basicMd5",
    auth: { basicMd5: { username: "ops", password: PASSWORD } },
    secrets: [PASSWORD, md5(PASSWORD), basic(md5(PASSWORD))],
  },
] as const;

type RawResult = { data?: unknown; error?: unknown; response: Response };
type AnyClient = Record<string, (init?: unknown) => Promise<unknown>> & {
  raw: { GET: (path: string, init?: unknown) => Promise<RawResult> };
};

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const received = [req.url, req.headers.authorization, req.headers["x-key"], req.headers.cookie]
      .filter(Boolean)
      .join(" ");
    const decoded = decodeURIComponent(received);
    const query = new URL(req.url, "http://x").searchParams;
    const status = query.get("status") === "ok" ? 200 : 401;
    // A page well over the size that is parsed in pieces, the echo after it.
    const filler = query.get("large") ? Array.from({ length: 4000 }, (_, i) => ({ i, text: "filler ü 東京 🚀" })) : [];
    sendJson(
      res,
      status,
      { filler, message: `invalid credentials: ${decoded}`, echo: { received, decoded }, [decoded]: "as a key" },
      {
        "x-echo": encodeURIComponent(decoded),
        "set-cookie": `last=${encodeURIComponent(decoded)}`,
      },
    );
  });
});
afterAll(() => server.close());

const client = (auth: object) =>
  createApiClient(
    spec,
    { env: {}, baseUrl: server.url, retries: 0, auth },
    { passwordDigests: { md5: md5Hex } },
  ) as unknown as AnyClient;

/** Everything a caller can read from a raw result: parsed body, error body and response headers. */
const visible = (result: RawResult) =>
  JSON.stringify({ data: result.data, error: result.error, headers: [...result.response.headers] });

function expectRedacted(text: string, secrets: readonly string[]): void {
  expect(text).toContain(REDACTED);
  for (const secret of secrets) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
  }
}

describe.each(kinds)("a server echoing a $kind credential", ({ kind, auth, secrets }) => {
  it("client.raw returns the error body and headers redacted", async () => {
    const result = await client(auth).raw.GET(`/${kind}`);
    expect(result.response.status).toBe(401);
    expectRedacted(visible(result), secrets);
  });

  it("client.raw returns success data redacted", async () => {
    const result = await client(auth).raw.GET(`/${kind}`, { params: { query: { status: "ok" } } });
    expect(result.response.status).toBe(200);
    expectRedacted(visible(result), secrets);
  });

  it("a typed method returns success data redacted", async () => {
    const data = await client(auth)[kind]!({ params: { query: { status: "ok" } } });
    expectRedacted(JSON.stringify(data), secrets);
  });

  it("a typed method returns a large body (parsed in pieces) redacted, all of it", async () => {
    const data = (await client(auth)[kind]!({ params: { query: { status: "ok", large: "1" } } })) as {
      filler: unknown[];
    };
    expect(JSON.stringify(data).length).toBeGreaterThan(128 * 1024);
    expect(data.filler).toHaveLength(4000);
    expectRedacted(JSON.stringify(data), secrets);
  });

  it("a typed method's ApiError is redacted", async () => {
    const error = await client(auth)[kind]!().catch((e: unknown) => e);
    expectRedacted(JSON.stringify(error) + String((error as Error).message), secrets);
  });
});
