import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { BUNDLE_OPTIONS } from "@eventkit/spec-workflow";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Error names in an application's minified bundle: esbuild --minify (as the size guard bundles)
 * renames every class, so a name taken from the class (`new.target.name`) read `e` there. The app
 * below, bundled so, runs in a real node process against a local server and reports what its
 * errors say, from the full client and the lite entry of the same vendor.
 */
const APP = `
import * as full from "@eventkit/opal";
import * as lite from "@eventkit/opal/lite";

const [base, refused] = process.argv.slice(2);
const auth = { BearerAuth: "t" };
const clients = {
  full: (url, options = {}) => full.createOpalClient({ baseUrl: url, auth, env: {}, retries: 0, ...options }),
  lite: (url, options = {}) => lite.createOpalLiteClient({ baseUrl: url, auth, env: {}, ...options }),
};
const caught = (call) =>
  call().then(
    () => "resolved",
    (error) => ({ name: error.name, string: String(error), message: error.message, json: error.toJSON?.().name }),
  );
const report = { classes: {} };
for (const [entry, exports] of Object.entries({ full, lite }))
  for (const [key, value] of Object.entries(exports))
    if (key.endsWith("Error")) report.classes[entry + "." + key] = value.name;
for (const [entry, make] of Object.entries(clients)) {
  const errors = {};
  for (const status of [400, 401, 403, 404, 409, 418, 422, 429, 500, 503])
    errors[status] = await caught(() => make(base + "/status/" + status).listEvents());
  errors.invalid = await caught(() => make(base + "/not-json").listEvents());
  errors.timeout = await caught(() => make(base + "/stall", { timeoutMs: 200 }).listEvents());
  errors.refused = await caught(() => make(refused).listEvents());
  errors.configuration = await caught(async () => clients[entry](base, { auth: {} }).listEvents());
  if (entry === "full") errors.pagination = await caught(async () => { for await (const _ of make(base + "/loop").paginate.listEvents()); });
  report[entry] = errors;
}
process.stdout.write(JSON.stringify(report));
`;

const EXPECTED_BY_CASE: Record<string, string> = {
  400: "BadRequestError",
  401: "AuthenticationError",
  403: "PermissionDeniedError",
  404: "NotFoundError",
  409: "ConflictError",
  418: "ApiError",
  422: "UnprocessableEntityError",
  429: "RateLimitError",
  500: "InternalServerError",
  503: "InternalServerError",
  invalid: "InvalidResponseError",
  timeout: "TimeoutError",
  refused: "ConnectionError",
  configuration: "ConfigurationError",
};

/** Every error class a vendor package exports, by the name it is exported as. */
const CLASSES = [
  "ApiError",
  "AuthenticationError",
  "BadRequestError",
  "ConfigurationError",
  "ConflictError",
  "ConnectionError",
  "EventkitError",
  "InternalServerError",
  "InvalidResponseError",
  "NotFoundError",
  "PaginationError",
  "PermissionDeniedError",
  "RateLimitError",
  "TimeoutError",
  "UnprocessableEntityError",
];

const EVENT = {
  event_id: "e1",
  actor_user_id: "u",
  actor_name: "A",
  event_type: "USERS_CREATED",
  created_at: "2025-01-01T00:00:00Z",
};

interface Caught {
  name: string;
  string: string;
  message: string;
  json?: string;
}

let dir: string;
let code: string;
let api: Server;
let base: string;
let refused: string;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const bundle = await build({
    ...BUNDLE_OPTIONS,
    stdin: { contents: APP, resolveDir: import.meta.dirname, loader: "js" },
  });
  code = bundle.outputFiles[0]!.text;
  dir = mkdtempSync(join(import.meta.dirname, ".scratch-names-"));
  writeFileSync(join(dir, "app.mjs"), code);
  api = createServer((req, res) => {
    const url = new URL(req.url ?? "", "http://x");
    const status = /^\/status\/(\d+)\//.exec(url.pathname)?.[1];
    if (status) return json(res, Number(status), { message: "scripted" });
    if (url.pathname.startsWith("/not-json/"))
      return void res.writeHead(200, { "content-type": "application/json" }).end("{oops");
    // Headers sent, the body never ends: the attempt times out.
    if (url.pathname.startsWith("/stall/"))
      return void res.writeHead(200, { "content-type": "application/json" }).write("{");
    // The same cursor on every page: the full client's paginator stops.
    if (url.pathname.startsWith("/loop/")) return json(res, 200, { results: [EVENT], next: "same" });
    json(res, 404, { message: "no route" });
  });
  base = await listen(api);
  // A port that was just free: nothing listens there, so a connection is refused.
  const closed = createServer();
  refused = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  api?.closeAllConnections();
  await new Promise((resolve) => api?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("error names in a minified bundle (esbuild --minify)", () => {
  it("are the class names: err.name, String(err) and toJSON, full and lite, and every class's own name", async () => {
    // The minifier did rename the classes: without stable names these would read a letter or two.
    expect(code).not.toMatch(/\bclass (RateLimitError|EventkitError|ApiError)\b/);
    const run = await promisify(execFile)(process.execPath, [join(dir, "app.mjs"), base, refused], {
      encoding: "utf8",
    });
    const report = JSON.parse(run.stdout) as Record<string, Record<string, Caught | string>>;
    for (const entry of ["full", "lite"]) {
      const errors = report[entry]!;
      const expected = { ...EXPECTED_BY_CASE, ...(entry === "full" ? { pagination: "PaginationError" } : {}) };
      expect(Object.keys(errors).sort()).toEqual(Object.keys(expected).sort());
      for (const [key, name] of Object.entries(expected)) {
        const error = errors[key] as Caught;
        expect({ entry, key, name: error.name, json: error.json }).toEqual({ entry, key, name, json: name });
        expect(error.string).toBe(`${name}: ${error.message}`);
        expect(error.message).toMatch(/^opal /);
      }
    }
    const classes = report.classes as unknown as Record<string, string>;
    const exported = (entry: string) =>
      Object.fromEntries(
        Object.entries(classes)
          .filter(([key]) => key.startsWith(`${entry}.`))
          .map(([key, value]) => [key.slice(entry.length + 1), value]),
      );
    const byOwnName = Object.fromEntries(CLASSES.map((name) => [name, name]));
    expect(exported("full")).toEqual(byOwnName);
    expect(exported("lite")).toEqual(byOwnName);
  });
});
