import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Agent as HttpsAgent, createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { type AddressInfo, connect, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { BodyLimitError, bodyText, MAX_BODY_BYTES, type ReadResponse, settle } from "../src/body.js";
import { TimeoutError } from "../src/index.js";
import { nodeHttp, nodeHttpExchange } from "../src/node-http.js";
import { createRedactor } from "../src/redact.js";
import { healthClient } from "./helpers/health-client.js";
import { closedPortUrl, endlessBody, type Handler, serverPerTest } from "./helpers/local-server.js";

const serve = serverPerTest();

const redactor = createRedactor({ secretValues: [], secretHeaders: [], secretQueryParams: [] });
const text = async (response: Response | ReadResponse) => bodyText(await settle(response, undefined, redactor));

/** The headers a request carries on the wire, without those that name the connection. */
function sent(headers: Record<string, unknown>): Record<string, unknown> {
  const { host: _host, connection: _connection, ...rest } = headers;
  return rest;
}

describe("what goes on the wire is what fetch sends", () => {
  it.each([
    ["GET with a query", { method: "GET", headers: { "x-key": "Token k", accept: "application/json" } }],
    [
      "POST with a JSON body",
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ page: 2 }) },
    ],
    ["POST with bytes", { method: "POST", body: new TextEncoder().encode("bytes") }],
    ["POST with a text body and no type", { method: "POST", body: "plain" }],
    ["DELETE without a body", { method: "DELETE" }],
  ] as const)("%s", async (_name, init) => {
    const server = await serve((_req, res) => void res.end("{}"));
    await (await fetch(`${server.url}/things?a=1&b=%20`, init)).text();
    await text(await nodeHttp(`${server.url}/things?a=1&b=%20`, init));
    const [byFetch, byNode] = server.requests;
    expect({ ...byNode!, headers: sent(byNode!.headers) }).toEqual({ ...byFetch!, headers: sent(byFetch!.headers) });
  });
});

describe("responses", () => {
  it("status, status text, repeated headers and the final URL", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(201, "Made It", [
        ["content-type", "application/json"],
        ["x-tag", "a"],
        ["x-tag", "b"],
      ]);
      res.end('{"ok":true}');
    });
    const response = await nodeHttp(`${server.url}/made`);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe("Made It");
    expect(response.headers.get("x-tag")).toBe("a, b");
    expect(response.url).toBe(`${server.url}/made`);
    expect(await text(response)).toBe('{"ok":true}');
  });

  it.each([
    ["gzip", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ] as const)("a %s body is decoded, as fetch decodes it", async (coding, compress) => {
    const body = JSON.stringify({ events: Array.from({ length: 200 }, (_, i) => ({ id: i })) });
    const server = await serve((req, res) => {
      expect(req.headers["accept-encoding"]).toBe("gzip, deflate");
      res.writeHead(200, { "content-type": "application/json", "content-encoding": coding });
      res.end(compress(body));
    });
    expect(await text(await nodeHttp(`${server.url}/`))).toBe(body);
    expect(await (await fetch(`${server.url}/`)).text()).toBe(body);
  });

  it.each([
    ["gzip, br", (b: string) => brotliCompressSync(gzipSync(b))],
    ["deflate,gzip", (b: string) => gzipSync(deflateSync(b))],
    ["br , deflate, x-gzip", (b: string) => gzipSync(deflateSync(brotliCompressSync(b)))],
  ] as const)("codings applied in turn (%s) are undone last first, as fetch undoes them", async (coding, compress) => {
    const body = JSON.stringify({ events: Array.from({ length: 200 }, (_, i) => ({ id: i })) });
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": coding });
      res.end(compress(body));
    });
    expect(await text(await nodeHttp(`${server.url}/`))).toBe(body);
    expect(await (await fetch(`${server.url}/`)).text()).toBe(body);
  });

  it("a list with a coding it does not know is left as sent, as fetch leaves it", async () => {
    const sent = gzipSync("hello");
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-encoding": "gzip, zstd-x" });
      res.end(sent);
    });
    const read = (await nodeHttp(`${server.url}/`)) as ReadResponse;
    expect(Buffer.concat(read.chunks!)).toEqual(sent);
    expect(Buffer.from(await (await fetch(`${server.url}/`)).arrayBuffer())).toEqual(sent);
  });

  it("a corrupt body in a list of codings fails as fetch fails", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip, br" });
      res.end(brotliCompressSync("not gzip"));
    });
    await expect(nodeHttp(`${server.url}/`)).rejects.toThrow(TypeError);
  });

  it("no body for HEAD and 204", async () => {
    const server = await serve((req, res) => {
      res.writeHead(req.url === "/none" ? 204 : 200, { "content-type": "text/plain" });
      res.end(req.method === "HEAD" || req.url === "/none" ? undefined : "hello");
    });
    expect(((await nodeHttp(`${server.url}/none`)) as ReadResponse).chunks).toBeNull();
    expect(((await nodeHttp(`${server.url}/`, { method: "HEAD" })) as ReadResponse).chunks).toBeNull();
  });
});

describe("redirects, followed as fetch follows them", () => {
  /** Redirects `/from` with `status` to `to` (a path on the same server, or a URL). */
  const redirecting =
    (status: number, to: (server: string) => string, server: () => string): Handler =>
    (req, res) => {
      if (req.url === "/from") {
        res.writeHead(status, { location: to(server()) });
        return void res.end();
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ method: req.method, body: req.body, auth: req.headers.authorization ?? null }));
    };

  it.each([
    [303, "POST", { method: "GET", body: "" }],
    [302, "POST", { method: "GET", body: "" }],
    [307, "POST", { method: "POST", body: '{"a":1}' }],
    [308, "PUT", { method: "PUT", body: '{"a":1}' }],
  ] as const)("%i after a %s", async (status, method, expected) => {
    let url = "";
    const server = await serve(
      redirecting(
        status,
        (s) => `${s}/to`,
        () => url,
      ),
    );
    url = server.url;
    const init = { method, headers: { "content-type": "application/json" }, body: '{"a":1}' };
    const viaNode = JSON.parse(await text(await nodeHttp(`${url}/from`, init)));
    const viaFetch = await (await fetch(`${url}/from`, init)).json();
    expect(viaNode).toEqual({ ...expected, auth: null });
    expect(viaNode).toEqual(viaFetch);
  });

  it("authorization is not sent to another origin; it is to the same one", async () => {
    const other = await serve(
      redirecting(
        200,
        () => "",
        () => "",
      ),
    );
    let url = "";
    const server = await serve((req, res) =>
      req.url === "/same"
        ? void res.writeHead(302, { location: `${url}/to` }).end()
        : redirecting(
            302,
            () => `${other.url}/to`,
            () => url,
          )(req, res),
    );
    url = server.url;
    const headers = { authorization: "Bearer secret" };
    expect(JSON.parse(await text(await nodeHttp(`${url}/from`, { headers }))).auth).toBeNull();
    expect(JSON.parse(await text(await nodeHttp(`${url}/same`, { headers }))).auth).toBe("Bearer secret");
  });

  it("redirect: manual gives the redirect back; error and a loop fail", async () => {
    let url = "";
    const server = await serve((req, res) => void res.writeHead(302, { location: `${url}${req.url}` }).end());
    url = server.url;
    expect((await nodeHttp(`${url}/loop`, { redirect: "manual" })).status).toBe(302);
    await expect(nodeHttp(`${url}/loop`, { redirect: "error" })).rejects.toThrow(TypeError);
    await expect(nodeHttp(`${url}/loop`)).rejects.toMatchObject({
      message: "fetch failed",
      cause: { message: "redirect count exceeded" },
    });
    expect(server.requests.length).toBe(1 + 1 + 21);
  });
});

describe("failures and aborts", () => {
  it("nothing listening: TypeError('fetch failed') with the cause, as fetch", async () => {
    const url = await closedPortUrl();
    await expect(nodeHttp(`${url}/`)).rejects.toMatchObject({
      message: "fetch failed",
      cause: { code: "ECONNREFUSED" },
    });
    await expect(fetch(`${url}/`)).rejects.toMatchObject({ message: "fetch failed", cause: { code: "ECONNREFUSED" } });
  });

  it("a body cut short fails, it does not end as if complete", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"partial":');
      res.socket?.destroy();
    });
    await expect(nodeHttp(`${server.url}/`)).rejects.toMatchObject({ message: "fetch failed" });
  });

  it.each([
    ["has not answered", (_res: ServerResponse) => undefined],
    [
      "has sent part of a body",
      (res: ServerResponse) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"stalled":');
      },
    ],
  ])(
    "an abort while the server %s rejects with the signal's reason and closes the connection",
    async (_when, stall) => {
      const controller = new AbortController();
      let closed: Promise<void> | undefined;
      const server = await serve((_req, res) => {
        closed = new Promise<void>((resolve) => res.on("close", resolve));
        stall(res);
        // Aborted once the server has done its part: the abort is all that can end the request.
        setImmediate(() => controller.abort(new Error("stop")));
      });
      await expect(nodeHttp(`${server.url}/`, { signal: controller.signal })).rejects.toEqual(new Error("stop"));
      await closed;
    },
  );

  it("a stalled server is a TimeoutError through the client", async () => {
    const server = await serve(() => new Promise<void>(() => {}));
    const client = healthClient(server.url, { timeoutMs: 100, exchange: nodeHttp });
    await expect(client.health()).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("a body larger than the client's maxBodyBytes (given to the exchange in `limits`)", () => {
  const limit = 1024 * 1024;
  const read = (url: string) => nodeHttp(url, {}, { maxBodyBytes: limit });
  const overLimit = (error: unknown) => {
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).cause).toBeInstanceOf(BodyLimitError);
    expect(((error as TypeError).cause as Error).message).toBe(`response body over maxBodyBytes (${limit} bytes)`);
  };

  it("that never ends: the request fails, naming the limit, and the connection is closed", async () => {
    let closed!: Promise<void>;
    const server = await serve((_req, res) => {
      closed = new Promise<void>((resolve) => res.on("close", resolve));
      endlessBody(res);
    });
    overLimit(await read(`${server.url}/`).catch((error: unknown) => error));
    await closed;
  });

  it("that inflates past it (a small gzip body of 8 MiB of zeros): stopped while decoding", async () => {
    const bomb = gzipSync(Buffer.alloc(8 * limit));
    expect(bomb.length).toBeLessThan(limit / 16);
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      res.end(bomb);
    });
    overLimit(await read(`${server.url}/`).catch((error: unknown) => error));
  });

  it("of exactly maxBodyBytes is read whole", async () => {
    const body = Buffer.alloc(limit, "b");
    const server = await serve((_req, res) => void res.end(body));
    const response = (await read(`${server.url}/`)) as ReadResponse;
    // Buffer#equals: toEqual compares a MiB element by element, in seconds.
    expect(Buffer.concat(response.chunks!).equals(body)).toBe(true);
  });

  it("without limits (called other than by a client), 64 MiB", async () => {
    const server = await serve((_req, res) => void res.end(Buffer.alloc(MAX_BODY_BYTES + 1)));
    const error = await nodeHttp(`${server.url}/`).catch((e: unknown) => e);
    expect(((error as TypeError).cause as BodyLimitError).limit).toBe(64 * 1024 * 1024);
  });
});

describe("bodies node:http does not send", () => {
  it.each([
    ["FormData", () => new FormData()],
    ["a stream", () => new Blob(["x"]).stream()],
    ["a Blob", () => new Blob(["x"])],
  ])("%s goes to the fallback fetch", async (_name, makeBody) => {
    const server = await serve((_req, res) => void res.end("ok"));
    const fallbacks: string[] = [];
    const exchange = nodeHttpExchange({
      fallback: (url, init) => {
        fallbacks.push(url);
        return fetch(url, { ...init, duplex: "half" } as RequestInit);
      },
    });
    const response = await exchange(`${server.url}/up`, { method: "POST", body: makeBody() });
    expect(await text(response)).toBe("ok");
    expect(fallbacks).toEqual([`${server.url}/up`]);
  });
});

// A self-signed certificate for 127.0.0.1 and localhost, made for these tests (test/fixtures/tls/README.md).
const certFile = fileURLToPath(new URL("./fixtures/tls/cert.pem", import.meta.url));
const cert = readFileSync(certFile);
const key = readFileSync(new URL("./fixtures/tls/key.pem", import.meta.url));
const httpsServers: HttpsServer[] = [];
afterEach(async () => {
  for (const server of httpsServers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** An HTTPS server on a free port that answers its path and counts the TLS connections made to it. */
async function serveHttps(): Promise<{ url: string; port: number; connections: () => number }> {
  let connections = 0;
  const server = createHttpsServer({ cert, key }, (req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ path: req.url, accept: req.headers.accept }));
  });
  server.keepAliveTimeout = 0;
  server.on("secureConnection", () => connections++);
  httpsServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `https://127.0.0.1:${port}`, port, connections: () => connections };
}

describe("https", () => {
  it("a certificate no authority vouches for fails as fetch fails, with the TLS error as the cause", async () => {
    const server = await serveHttps();
    const byNode = await nodeHttp(`${server.url}/`).catch((error: unknown) => error);
    const byFetch = await fetch(`${server.url}/`).catch((error: unknown) => error);
    expect(byNode).toBeInstanceOf(TypeError);
    expect((byNode as TypeError).message).toBe("fetch failed");
    expect(((byNode as TypeError).cause as { code: string }).code).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect(((byFetch as TypeError).cause as { code: string }).code).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
  });

  it("an httpsAgent that trusts the server's authority: requests go through it, on one kept-alive connection", async () => {
    const server = await serveHttps();
    const agent = new HttpsAgent({ keepAlive: true, ca: cert });
    try {
      const exchange = nodeHttpExchange({ httpsAgent: agent });
      expect(JSON.parse(await text(await exchange(`${server.url}/one`)))).toEqual({ path: "/one", accept: "*/*" });
      expect(JSON.parse(await text(await exchange(`${server.url}/two`)))).toEqual({ path: "/two", accept: "*/*" });
      expect(server.connections()).toBe(1);
      // Through a client: the same agent carries its calls.
      const client = healthClient(server.url, { exchange });
      expect(await client.health()).toEqual({ path: "/health", accept: "*/*" });
      expect(server.connections()).toBe(1);
    } finally {
      agent.destroy();
    }
  });
});

// Node >= 24.5 sends node:http requests through HTTP_PROXY / HTTPS_PROXY under NODE_USE_ENV_PROXY=1
// (as its fetch does); older Node has no proxy support in either, so there is nothing to follow.
const [nodeMajor = 0, nodeMinor = 0] = process.versions.node.split(".").map(Number);
const nodeFollowsEnvProxy = nodeMajor > 24 || (nodeMajor === 24 && nodeMinor >= 5);

/**
 * Sends a GET to each URL with nodeHttp from a process of its own, started with `env` beside
 * NODE_USE_ENV_PROXY=1 (Node reads it when it starts): each URL's status and body, or its error.
 */
async function inEnvProxyProcess(env: Record<string, string>, urls: readonly string[]): Promise<unknown[]> {
  const child = spawn(
    process.execPath,
    [
      "--experimental-transform-types",
      "--no-warnings",
      fileURLToPath(new URL("./helpers/env-proxy-child.mjs", import.meta.url)),
      new URL("../src/node-http.ts", import.meta.url).href,
      ...urls,
    ],
    { env: { ...process.env, NODE_USE_ENV_PROXY: "1", ...env }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  const code = await new Promise((resolve) => child.once("close", resolve));
  expect(code).toBe(0);
  return out
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

/** An HTTP proxy that tunnels CONNECT requests (what HTTPS goes through), recording their targets. */
async function connectProxy(): Promise<{ url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const proxy = createServer((_req, res) => void res.writeHead(405).end());
  proxy.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host === "localhost" ? "127.0.0.1" : host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  onTestFinished(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  });
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, tunnels };
}

describe.skipIf(!nodeFollowsEnvProxy)("Node's proxy settings (NODE_USE_ENV_PROXY, Node >= 24.5)", () => {
  it("requests go through the proxy Node's own agents use; NO_PROXY hosts go direct", async () => {
    const proxy = await serve((req, res) => void res.end(`proxied ${req.url}`));
    const direct = await serve((req, res) => void res.end(`direct ${req.url}`));
    const lines = await inEnvProxyProcess({ HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" }, [
      "http://eventkit.invalid/events?page=2",
      `${direct.url}/here`,
    ]);
    expect(lines).toEqual([
      {
        url: "http://eventkit.invalid/events?page=2",
        status: 200,
        body: "proxied http://eventkit.invalid/events?page=2",
      },
      { url: `${direct.url}/here`, status: 200, body: "direct /here" },
    ]);
    expect(proxy.requests.map((r) => r.url)).toEqual(["http://eventkit.invalid/events?page=2"]);
  });

  it("https goes through HTTPS_PROXY's tunnel (CONNECT), the server's certificate checked end to end", async () => {
    const server = await serveHttps();
    const proxy = await connectProxy();
    const url = `https://localhost:${server.port}/secure`;
    // The test certificate is trusted through NODE_EXTRA_CA_CERTS, as a private authority would be.
    const lines = await inEnvProxyProcess({ HTTPS_PROXY: proxy.url, NO_PROXY: "", NODE_EXTRA_CA_CERTS: certFile }, [
      url,
    ]);
    expect(lines).toEqual([{ url, status: 200, body: JSON.stringify({ path: "/secure", accept: "*/*" }) }]);
    expect(proxy.tunnels).toEqual([`localhost:${server.port}`]);
  });
});
