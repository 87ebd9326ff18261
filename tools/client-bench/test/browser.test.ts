import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Clients bundled for the browser (esbuild --platform=browser: a node: import fails the build)
 * and run in headless Chromium against a local API server on another origin, with CORS.
 * Capillary takes the md5 password digest path; Opal the plain one; each through its full client
 * and its lite entry (`/lite`).
 */
const CHROMIUM = process.env.EVENTKIT_CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const APP = `
import { AuthenticationError, createOpalClient } from "@eventkit/opal";
import { createCapillaryClient } from "@eventkit/capillary";
import { AuthenticationError as LiteAuthenticationError, createOpalLiteClient } from "@eventkit/opal/lite";
import { createCapillaryLiteClient } from "@eventkit/capillary/lite";

window.runClients = async (baseUrl) => {
  const opal = createOpalClient({ baseUrl: baseUrl + "/opal", auth: { BearerAuth: "browser-token" } });
  const page = await opal.listEvents({ params: { query: { page_size: 2 } } });
  const ids = [];
  for await (const event of opal.paginate.listEvents()) ids.push(event.event_id);
  let denied;
  try {
    await createOpalClient({ baseUrl: baseUrl + "/opal", auth: { BearerAuth: "wrong" } }).listEvents();
  } catch (error) {
    denied = { isAuthenticationError: error instanceof AuthenticationError, status: error.status, message: error.message };
  }
  const capillary = createCapillaryClient({ baseUrl: baseUrl + "/capillary", auth: { basicAuth: { username: "till", password: "pässwort" } } });
  const logs = await capillary.listEvents();
  const lite = createOpalLiteClient({ baseUrl: baseUrl + "/opal", auth: { BearerAuth: "browser-token" } });
  const litePage = await lite.listEvents({ params: { query: { page_size: 2 } } });
  let liteDenied;
  try {
    await createOpalLiteClient({ baseUrl: baseUrl + "/opal", auth: { BearerAuth: "wrong" } }).listEvents();
  } catch (error) {
    liteDenied = { sameClass: LiteAuthenticationError === AuthenticationError && error instanceof AuthenticationError, status: error.status, requestId: error.requestId };
  }
  const liteLogs = await createCapillaryLiteClient({ baseUrl: baseUrl + "/capillary", auth: { basicAuth: { username: "till", password: "pässwort" } } }).listEvents();
  return { page, ids, denied, logs, litePage, liteDenied, liteLogs };
};
`;

interface Started {
  url: string;
  server: Server;
}

async function listen(server: Server): Promise<Started> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
let api: Started;
let site: Started;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium, as .ci/run does) or set EVENTKIT_CHROMIUM`,
    );
  const bundle = await build({
    stdin: { contents: APP, resolveDir: import.meta.dirname, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]!.text;

  api = await listen(
    createServer((req, res) => {
      const cors = {
        "access-control-allow-origin": "*",
        "access-control-allow-headers": "authorization, content-type",
        "access-control-expose-headers": "x-request-id",
      };
      if (req.method === "OPTIONS") return void res.writeHead(204, cors).end();
      seen.push({ url: req.url ?? "", headers: req.headers });
      const json = (status: number, body: unknown) =>
        res
          .writeHead(status, { ...cors, "content-type": "application/json", "x-request-id": "req-1" })
          .end(JSON.stringify(body));
      const url = new URL(req.url ?? "", "http://x");
      if (url.pathname === "/opal/events") {
        if (req.headers.authorization !== "Bearer browser-token") return json(401, { message: "bad token" });
        const cursor = url.searchParams.get("cursor");
        const event = (id: string) => ({
          event_id: id,
          actor_user_id: "u",
          actor_name: "A",
          event_type: "USERS_CREATED",
          created_at: "2025-01-01T00:00:00Z",
        });
        return json(
          200,
          cursor ? { results: [event("e3")], next: null } : { results: [event("e1"), event("e2")], next: "c2" },
        );
      }
      if (url.pathname === "/capillary/v2/events/logs") return json(200, { data: [] });
      json(404, { message: "no route" });
    }),
  );
  site = await listen(
    createServer((req, res) => {
      if (req.url === "/app.js") return void res.writeHead(200, { "content-type": "text/javascript" }).end(script);
      res
        .writeHead(200, { "content-type": "text/html" })
        .end('<!doctype html><script type="module" src="/app.js"></script>');
    }),
  );
  profile = mkdtempSync(join(tmpdir(), "eventkit-chromium-"));
  // Playwright passes the profile folder as --user-data-dir itself.
  browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS });
});

afterAll(async () => {
  await browser?.close();
  for (const s of [api, site]) {
    s?.server.closeAllConnections();
    s?.server.close();
  }
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe("clients in headless Chromium", () => {
  it("call, paginate, throw typed errors and send an md5 digest, across origins, full and lite clients", async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => "runClients" in window);
    const result = await page.evaluate(
      (base) => (window as unknown as { runClients(b: string): Promise<unknown> }).runClients(base),
      api.url,
    );
    expect(result).toMatchObject({
      page: { results: [{ event_id: "e1" }, { event_id: "e2" }], next: "c2" },
      ids: ["e1", "e2", "e3"],
      denied: { isAuthenticationError: true, status: 401 },
      logs: { data: [] },
      litePage: { results: [{ event_id: "e1" }, { event_id: "e2" }], next: "c2" },
      liteDenied: { sameClass: true, status: 401, requestId: "req-1" },
      liteLogs: { data: [] },
    });
    // The md5 digest as node:crypto computes it, of the UTF-8 bytes.
    const digest = createHash("md5").update("pässwort").digest("hex");
    const capillary = seen.filter((r) => r.url.startsWith("/capillary/"));
    expect(capillary).toHaveLength(2);
    for (const request of capillary)
      expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`till:${digest}`).toString("base64")}`);
    expect(seen.some((r) => r.headers.origin === site.url)).toBe(true);
  });
});
