/**
 * Starting mocks in this process: what a failed start says, and that it leaves nothing listening.
 * These tests are about starting servers, so unlike the others they load Prism in their worker.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  MockServerError,
  knownVendors,
  startMock,
  startMocks,
  startScenario,
  type MockExchange,
  type MockServer,
} from "../src/index.js";

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function track<T extends { close(): Promise<unknown> }>(server: T): T {
  open.push(server);
  return server;
}

async function failure(promise: Promise<unknown>): Promise<MockServerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof MockServerError)) throw new Error(`expected a MockServerError, got ${String(error)}`);
  return error;
}

/** A plain server on a free port, standing for whatever else holds a port. */
async function occupy(port = 0): Promise<{ port: number; close(): Promise<unknown> }> {
  const server: Server = createServer((_req, res) => res.end());
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
  return track({ port: (server.address() as { port: number }).port, close: () => new Promise((r) => server.close(r)) });
}

async function refused(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    (e: { cause?: { code?: string } }) => e.cause?.code === "ECONNREFUSED",
  );
}

function specFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "eventkit-mock-")), name);
  writeFileSync(path, text);
  return path;
}

const TINY_SPEC = `openapi: 3.0.3
info: { title: tiny, version: "1" }
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [things]
                properties:
                  things: { type: array, items: { type: string } }
              example: { things: [1, 2] }
`;

describe("unknown vendor", () => {
  it("is refused with the list of known vendors", async () => {
    const error = await failure(startMock({ vendor: "acme" }));
    expect(error.code).toBe("UNKNOWN_VENDOR");
    expect(error.message).toBe(
      `unknown vendor "acme": known vendors are ${knownVendors().join(", ")} (a vendor is an installed package that exports openapi.json: install @eventkit/acme, or give a path)`,
    );
  });

  it("is refused by scenarios too", async () => {
    expect((await failure(startScenario({ vendor: "acme" }))).code).toBe("UNKNOWN_VENDOR");
  });
});

describe("invalid spec", () => {
  it.each([
    ["a missing file", () => "/nonexistent/openapi.yaml", /^\/nonexistent\/openapi\.yaml: file not found$/],
    [
      "a YAML syntax error, with line and column",
      () => specFile("broken.yaml", "openapi: 3.0.3\npaths: [\n"),
      /broken\.yaml:\d+:\d+: not valid YAML or JSON: /,
    ],
    [
      "a document that is not OpenAPI",
      () => specFile("other.json", '{"name": "x"}'),
      /other\.json: missing the `openapi` version field/,
    ],
    [
      "an unsupported version",
      () => specFile("old.yaml", "openapi: 4.0.0\npaths: {}\n"),
      /old\.yaml: unsupported OpenAPI version 4\.0\.0/,
    ],
    [
      "a document without paths",
      () => specFile("empty.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"),
      /empty\.yaml: the document has no paths/,
    ],
    [
      "a reference that resolves to nothing",
      () => specFile("dangling.yaml", TINY_SPEC.replace("type: object", "$ref: '#/components/schemas/Nothing'")),
      /dangling\.yaml: Prism cannot read it: /,
    ],
  ])("names the file and the problem: %s", async (_name, path, message) => {
    const error = await failure(startMock({ spec: path() }));
    expect(error.code).toBe("INVALID_SPEC");
    expect(error.message).toMatch(message);
  });
});

describe("port in use", () => {
  it("says which port", async () => {
    const { port } = await occupy();
    const error = await failure(startMock({ vendor: "opal" }, { port }));
    expect(error.code).toBe("PORT_IN_USE");
    expect(error.message).toBe(`port ${port} on 127.0.0.1 is already in use: choose another port, or 0 for a free one`);
  });

  it("closes the mocks that did start, so a failed start leaves nothing listening", async () => {
    // Ports p and p + 1, where p is free and p + 1 is taken.
    let base = 0;
    for (let tries = 0; tries < 20 && base === 0; tries++) {
      const taken = await occupy();
      const free = await occupy(taken.port - 1).catch(() => undefined);
      if (free) {
        await free.close();
        base = taken.port - 1;
      }
    }
    expect(base).toBeGreaterThan(0);
    const error = await failure(startMocks([{ vendor: "opal" }, { vendor: "mem0" }], { port: base }));
    expect(error.message).toContain(`port ${base + 1} `);
    expect(await refused(`http://127.0.0.1:${base}/events`)).toBe(true);
  });
});

describe("specs of one's own", () => {
  it("serves a YAML file and reports what Prism finds wrong with its example", async () => {
    const exchanges: MockExchange[] = [];
    const mock = track(
      await startMock({ spec: specFile("tiny.yaml", TINY_SPEC) }, { onRequest: (e) => exchanges.push(e) }),
    );
    const response = await fetch(`${mock.url}/things`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ things: [1, 2] });
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({ method: "GET", path: "/things", status: 200 });
    expect(exchanges[0]!.violations.map((v) => v.location.join("."))).toEqual([
      "response.body.things.0",
      "response.body.things.1",
    ]);
  });

  it("serves a document given as an object", async () => {
    const document = {
      openapi: "3.1.0",
      info: { title: "o", version: "1" },
      paths: {
        "/ping": {
          get: {
            responses: { "200": { description: "ok", content: { "application/json": { example: { ok: true } } } } },
          },
        },
      },
    };
    const mock = track(await startMock({ spec: document }));
    expect(mock.source).toBe("the spec object passed in");
    expect(await (await fetch(`${mock.url}/ping`)).json()).toEqual({ ok: true });
  });
});

describe("generated data", () => {
  // The build loads faker (x-faker's data) from its own file on first use, behind a stand-in (scripts/bundle-prism.ts).
  it("fills an x-faker field with faker's data", async () => {
    const document = {
      openapi: "3.0.3",
      info: { title: "faker", version: "1" },
      paths: {
        "/me": {
          get: {
            responses: {
              "200": {
                description: "ok",
                content: {
                  "application/json": {
                    schema: {
                      type: "object",
                      required: ["email"],
                      properties: { email: { type: "string", "x-faker": "internet.email" } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    const mock = track(await startMock({ spec: document }, { dynamic: true, seed: 3 }));
    const body = (await (await fetch(`${mock.url}/me`)).json()) as { email: unknown };
    expect(body.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/i);
  });
});

describe("proxy mode", () => {
  async function upstream(body: unknown): Promise<string> {
    const server = createServer((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body)),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    track({ close: () => new Promise((r) => server.close(r)) });
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }

  it("passes a valid upstream response through without violations", async () => {
    const exchanges: MockExchange[] = [];
    const mock = track(
      await startMock(
        { spec: specFile("tiny.yaml", TINY_SPEC) },
        { proxy: await upstream({ things: ["a"] }), onRequest: (e) => exchanges.push(e) },
      ),
    );
    const response = await fetch(`${mock.url}/things`);
    expect(await response.json()).toEqual({ things: ["a"] });
    expect(response.headers.get("sl-violations")).toBeNull();
    expect(exchanges[0]!.violations).toEqual([]);
  });

  it("reports an upstream response that breaks the spec", async () => {
    const mock = track(
      await startMock({ spec: specFile("tiny.yaml", TINY_SPEC) }, { proxy: await upstream({ nothing: true }) }),
    );
    const response = await fetch(`${mock.url}/things`);
    expect(JSON.parse(response.headers.get("sl-violations") ?? "[]")).toMatchObject([
      { location: ["response", "body"], severity: "Error", code: "required" },
    ]);
  });

  it("refuses an upstream that is not an http URL", async () => {
    expect((await failure(startMock({ vendor: "opal" }, { proxy: "ftp://example" }))).code).toBe("INVALID_OPTIONS");
  });
});

describe("closing", () => {
  it("stops listening, and may be called twice", async () => {
    const [a, b] = (await startMocks([{ vendor: "opal" }, { vendor: "opal" }])) as [MockServer, MockServer];
    expect(a.url).not.toBe(b.url);
    await Promise.all([a.close(), a.close(), b.close()]);
    expect(await refused(`${a.url}/events`)).toBe(true);
    expect(await refused(`${b.url}/events`)).toBe(true);
  });
});
