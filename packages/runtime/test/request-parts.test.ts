import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { requestParts } from "../src/request-parts.js";

const BASE = "http://api.test/v1";

/** The request openapi-fetch makes for the same call, as the one its fetch receives. */
async function openapiFetchRequest(baseHeaders: Record<string, string>, method: string, path: string, init: object) {
  let seen: Request | undefined;
  const client = createClient({
    baseUrl: `${BASE}/`,
    headers: baseHeaders,
    fetch: async (request: Request) => {
      seen = request;
      return new Response("{}", { headers: { "content-type": "application/json" } });
    },
  });
  await (client.request as unknown as (m: string, p: string, i: object) => Promise<unknown>)(method, path, init);
  return seen!;
}

async function describeRequest(request: Request) {
  return { url: request.url, method: request.method, headers: [...request.headers], body: await request.text() };
}

const CASES: [string, Record<string, string>, string, string, object][] = [
  [
    "a GET with query and path parameters",
    {},
    "get",
    "/items/{id}",
    { params: { path: { id: "a b" }, query: { q: "x", tags: ["a", "b"], f: { x: 1 }, skip: undefined } } },
  ],
  [
    "a POST with a JSON body",
    { "X-App": "1" },
    "post",
    "/search",
    { params: { header: {} }, body: { page: 2, filter: { since: "2025" } } },
  ],
  [
    "a POST whose call sets its own Content-Type",
    {},
    "post",
    "/search",
    { headers: { "Content-Type": "application/vnd.x+json" }, body: { a: 1 } },
  ],
  [
    "a POST whose call deletes the Content-Type",
    {},
    "post",
    "/search",
    { headers: { "Content-Type": null }, body: { a: 1 } },
  ],
  [
    "a form-urlencoded POST",
    { "content-type": "application/x-www-form-urlencoded" },
    "post",
    "/form",
    { body: { a: "1", b: "x y" } },
  ],
  [
    "a PUT with header parameters",
    {},
    "put",
    "/items/{id}",
    { params: { path: { id: 7 }, header: { "X-Trace": "t" } }, body: [1, 2] },
  ],
];

describe("requestParts", () => {
  for (const [name, baseHeaders, method, path, init] of CASES) {
    it(`builds what openapi-fetch builds: ${name}`, async () => {
      const parts = requestParts(BASE, baseHeaders, method, path, init);
      const ours = await describeRequest(new Request(parts.url, parts.init));
      expect(ours).toEqual(await describeRequest(await openapiFetchRequest(baseHeaders, method, path, init)));
    });
  }
});
