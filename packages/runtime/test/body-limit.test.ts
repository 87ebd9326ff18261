import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ConfigurationError, type Exchange, InvalidResponseError } from "../src/index.js";
import { nodeHttp } from "../src/node-http.js";
import { healthClient } from "./helpers/health-client.js";
import { endlessBody, serverPerTest } from "./helpers/local-server.js";

// A client's `maxBodyBytes`, on the wire, through both ways it can send: the global fetch (whose
// body the client reads) and nodeHttp (which reads the body itself, under the limit the client
// passes it).

const serve = serverPerTest();

const limit = 1024 * 1024;
const message = `response body over maxBodyBytes (${limit} bytes)`;
const senders: [string, { exchange?: Exchange }][] = [
  ["the global fetch", {}],
  ["nodeHttp", { exchange: nodeHttp }],
];

describe.each(senders)("a client sending with %s, maxBodyBytes 1 MiB", (_name, sender) => {
  /** Retries as by default: a safe GET may be sent three times. */
  const client = (url: string) => healthClient(url, { ...sender, maxBodyBytes: limit, retries: 2 });

  it("a body that never ends: one attempt, the connection closed, an InvalidResponseError naming the limit and the call", async () => {
    let closed!: Promise<void>;
    const server = await serve((_req, res) => {
      closed = new Promise<void>((resolve) => res.on("close", resolve));
      endlessBody(res);
    });
    const error = await client(server.url)
      .health()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toBe(`acme health: invalid response: GET ${server.url}/health: ${message}`);
    await closed;
    // Another attempt would read the same body: none is made.
    expect(server.requests).toHaveLength(1);
  });

  it("a small gzip body that inflates past it (8 MiB of zeros) is stopped too", async () => {
    const bomb = gzipSync(Buffer.alloc(8 * limit));
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(bomb);
    });
    const error = await client(server.url)
      .health()
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain(message);
    expect(server.requests).toHaveLength(1);
  });

  it("an error response over the limit fails the same way", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end(Buffer.alloc(limit + 1, "x"));
    });
    const error = await client(server.url)
      .health()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain(message);
    expect(server.requests).toHaveLength(1);
  });

  it("a body of exactly the limit is read whole", async () => {
    // A JSON string of limit bytes, quotes included.
    const text = `"${"b".repeat(limit - 2)}"`;
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(text);
    });
    expect(await client(server.url).health()).toBe(text.slice(1, -1));
  });
});

describe("maxBodyBytes", () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("%s is refused when the client is made", (value) => {
    expect(() => healthClient("http://127.0.0.1:9", { maxBodyBytes: value })).toThrow(
      new ConfigurationError(`acme: maxBodyBytes must be a positive whole number of bytes, not ${value}`),
    );
  });
});
