import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClientSpec, createApiClient, InvalidResponseError } from "../src/index.js";
import { type LocalServer, startLocalServer } from "./helpers/local-server.js";

/** Operations that answer with something other than JSON: a CSV export, a binary file. */
const spec = {
  vendor: "acme",
  title: "Acme",
  servers: [{ url: "https://acme.test" }],
  securitySchemes: {},
  operations: {
    exportCsv: { operationId: "exportCsv", method: "get", path: "/export.csv", safe: true, security: [] },
    download: { operationId: "download", method: "get", path: "/file.bin", safe: true, security: [] },
  },
} as const satisfies ClientSpec;

type Call = (init?: { parseAs?: string }) => Promise<unknown>;
const CSV = "id,name\n1,first\n";
const BYTES = Uint8Array.from([0, 1, 2, 250, 255]);

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    if (req.url === "/export.csv") res.writeHead(200, { "content-type": "text/csv" }).end(CSV);
    else res.writeHead(200, { "content-type": "application/octet-stream" }).end(Buffer.from(BYTES));
  });
});
afterAll(() => server.close());

const client = () =>
  createApiClient(spec, { env: {}, baseUrl: server.url, retries: 0 }) as unknown as Record<string, Call>;

describe("parseAs on a typed call (openapi-fetch's option)", () => {
  it("reads a body as text", async () => {
    expect(await client().exportCsv!({ parseAs: "text" })).toBe(CSV);
  });

  it("reads a body as bytes, a Blob or a stream", async () => {
    expect(new Uint8Array((await client().download!({ parseAs: "arrayBuffer" })) as ArrayBuffer)).toEqual(BYTES);
    const blob = (await client().download!({ parseAs: "blob" })) as Blob;
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(BYTES);
    const stream = (await client().download!({ parseAs: "stream" })) as ReadableStream<Uint8Array>;
    expect(new Uint8Array(await new Response(stream).arrayBuffer())).toEqual(BYTES);
  });

  it("still reads JSON by default, and says so when the body is not JSON", async () => {
    await expect(client().exportCsv!()).rejects.toBeInstanceOf(InvalidResponseError);
  });
});
