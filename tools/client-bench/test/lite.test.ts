import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createCapillaryLiteClient } from "@eventkit/capillary/lite";
import { createDatadogLiteClient } from "@eventkit/datadog/lite";
import { startMock } from "@eventkit/mock-server";
import { AuthenticationError as FullAuthenticationError } from "@eventkit/opal";
import {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  createOpalLiteClient,
  InternalServerError,
  RateLimitError,
  TimeoutError,
  withRetry,
} from "@eventkit/opal/lite";
import { createTrieveLiteClient } from "@eventkit/trieve/lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The generated lite clients (`@eventkit/<vendor>/lite`) on the wire: a real node:http server on
 * 127.0.0.1 that answers per path, and a real Prism mock of Opal's spec.
 */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

const seen: Seen[] = [];
/** Per path: answers given in turn; the last one repeats. `stall`: headers sent, the body never ends. */
const script = new Map<string, ((res: ServerResponse) => void)[]>();
let base: string;
const server = createServer((req, res) => {
  seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
  const path = new URL(req.url ?? "", "http://x").pathname;
  const answers = script.get(path) ?? [(r) => json(r, 404, { message: "no route" })];
  const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
  answer(res);
});

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

const received = (path: string) => seen.filter((r) => new URL(r.url, "http://x").pathname === path);

beforeAll(async () => {
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("lite clients against a local server", () => {
  it("send the spec's credential and parameters, and return the body", async () => {
    script.set("/ok/events", [(res) => json(res, 200, { results: [{ event_id: "e1" }], next: null })]);
    const opal = createOpalLiteClient({ baseUrl: `${base}/ok`, auth: { BearerAuth: "tok-1" }, env: {} });
    const page = await opal.listEvents({ params: { query: { page_size: 5 } } });
    expect(page.results?.[0]?.event_id).toBe("e1");
    const [request] = received("/ok/events");
    expect(request?.headers.authorization).toBe("Bearer tok-1");
    expect(request?.url).toBe("/ok/events?page_size=5");
  });

  it("throw the runtime's typed errors, the same classes as the full client's, with the credential redacted", async () => {
    script.set("/err/events", [
      (res) => json(res, 401, { message: "bad token tok-2" }, { "x-request-id": "req-9" }),
      (res) => json(res, 429, { message: "slow down" }),
      (res) => json(res, 503, { message: "down" }),
    ]);
    const opal = createOpalLiteClient({ baseUrl: `${base}/err`, auth: { BearerAuth: "tok-2" }, env: {} });
    const denied = await opal.listEvents().catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AuthenticationError);
    expect(denied).toBeInstanceOf(FullAuthenticationError);
    expect(denied).toMatchObject({
      vendor: "opal",
      operationId: "events",
      status: 401,
      method: "GET",
      requestId: "req-9",
      body: { message: "bad token [redacted]" },
      message: "opal events: 401 (request id req-9)",
    });
    expect(JSON.stringify(denied)).not.toContain("tok-2");
    await expect(opal.listEvents()).rejects.toBeInstanceOf(RateLimitError);
    await expect(opal.listEvents()).rejects.toBeInstanceOf(InternalServerError);
  });

  it("time out an attempt whose response body stalls, and pass the caller's abort through", async () => {
    script.set("/stall/events", [
      (res) => res.writeHead(200, { "content-type": "application/json" }).write('{"results":['),
    ]);
    const opal = createOpalLiteClient({ baseUrl: `${base}/stall`, auth: { BearerAuth: "t" }, env: {}, timeoutMs: 300 });
    const error = await opal.listEvents().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 300, attempts: 1, method: "GET" });
    const controller = new AbortController();
    const reason = new Error("user went away");
    const pending = opal.listEvents({ signal: controller.signal, timeoutMs: 0 }).catch((e: unknown) => e);
    // Aborted once the request reached the server (an event, not a delay).
    const before = received("/stall/events").length;
    await new Promise<void>((resolve) => {
      const poll = (): void => void (received("/stall/events").length > before ? resolve() : setImmediate(poll));
      poll();
    });
    controller.abort(reason);
    expect(await pending).toBe(reason);
  });

  it("name the missing credential and where it may come from", async () => {
    const opal = createOpalLiteClient({ baseUrl: base, env: {} });
    const error = await opal.listEvents().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe("opal events: missing credentials: pass auth.BearerAuth or $OPAL_API_TOKEN");
    const fromEnv = createOpalLiteClient({ baseUrl: `${base}/ok`, env: { OPAL_API_TOKEN: "env-tok" } });
    await fromEnv.listEvents();
    expect(received("/ok/events").at(-1)?.headers.authorization).toBe("Bearer env-tok");
  });

  it("fail with a ConnectionError when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const opal = createOpalLiteClient({ baseUrl: `http://127.0.0.1:${port}`, auth: { BearerAuth: "t" }, env: {} });
    await expect(opal.listEvents()).rejects.toBeInstanceOf(ConnectionError);
  });

  it("retry with withRetry (opt-in): Retry-After honoured, a safe POST retried, the last answer kept", async () => {
    script.set("/retry/api/analytics/events/all", [
      (res) => json(res, 503, { message: "busy" }, { "retry-after": "0" }),
      (res) => json(res, 429, { message: "later" }, { "retry-after": "0" }),
      (res) => json(res, 200, { events: [] }),
    ]);
    const trieve = createTrieveLiteClient({
      baseUrl: `${base}/retry`,
      auth: { ApiKey: "k" },
      env: {},
      use: [withRetry({ retries: 2, baseDelayMs: 1 })],
    });
    const body = await trieve.listEvents({ params: { header: { "TR-Dataset": "d" } }, body: { page: 1 } });
    expect(body).toEqual({ events: [] });
    const sent = received("/retry/api/analytics/events/all");
    expect(sent.map((r) => r.method)).toEqual(["POST", "POST", "POST"]);
    // Without the middleware the first 503 is the answer.
    script.set("/once/api/analytics/events/all", [
      (res) => json(res, 503, { message: "busy" }, { "retry-after": "0" }),
    ]);
    const once = createTrieveLiteClient({ baseUrl: `${base}/once`, auth: { ApiKey: "k" }, env: {} });
    await expect(
      once.listEvents({ params: { header: { "TR-Dataset": "d" } }, body: { page: 1 } }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(received("/once/api/analytics/events/all")).toHaveLength(1);
  });

  it("send Capillary's md5 password digest and Datadog's two keys, and check server variables", async () => {
    script.set("/cap/v2/events/logs", [(res) => json(res, 200, { data: [] })]);
    const capillary = createCapillaryLiteClient({
      baseUrl: `${base}/cap`,
      auth: { basicAuth: { username: "till", password: "pässwort" } },
      env: {},
    });
    await capillary.listEvents();
    const digest = createHash("md5").update("pässwort").digest("hex");
    expect(received("/cap/v2/events/logs")[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from(`till:${digest}`).toString("base64")}`,
    );

    // An empty password is no secret to redact: the error body stays as the server sent it.
    script.set("/cap-empty/v2/events/logs", [(res) => json(res, 401, { message: "who?" })]);
    const empty = createCapillaryLiteClient({
      baseUrl: `${base}/cap-empty`,
      auth: { basicAuth: { username: "till", password: "" } },
      env: {},
    });
    await expect(empty.listEvents()).rejects.toMatchObject({ status: 401, body: { message: "who?" } });

    script.set("/dd/api/v2/events", [(res) => json(res, 200, { data: [] })]);
    const datadog = createDatadogLiteClient({ baseUrl: `${base}/dd`, env: { DD_API_KEY: "a", DD_APP_KEY: "b" } });
    await datadog.listEvents();
    expect(received("/dd/api/v2/events")[0]?.headers).toMatchObject({ "dd-api-key": "a", "dd-application-key": "b" });
    expect(() => createDatadogLiteClient({ env: { DD_SITE: "evil.example/" } })).toThrow(
      /datadog: server variable site "evil\.example\/" is not one of datadoghq\.com, /,
    );
  });
});

describe("a lite client against Opal's Prism mock", () => {
  it("calls the operation as the spec describes it", async () => {
    const mock = await startMock({ vendor: "opal" });
    try {
      const opal = createOpalLiteClient({ baseUrl: mock.url, auth: { BearerAuth: "prism-token" }, env: {} });
      const page = await opal.listEvents({ params: { query: { page_size: 2 } } });
      expect(Array.isArray(page.results)).toBe(true);
    } finally {
      await mock.close();
    }
  });
});
