import { afterEach, describe, expect, it } from "vitest";
import { ConnectionError, TimeoutError } from "../src/errors.js";
import { createRedactor } from "../src/redact.js";
import { DEFAULT_RETRY_POLICY } from "../src/retry.js";
import { send, type CallContext, type Observer, type TransportOptions } from "../src/transport.js";
import { closedPortUrl, sendJson, startLocalServer, type Handler, type LocalServer } from "./helpers/local-server.js";

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<LocalServer> {
  server = await startLocalServer(handler);
  return server;
}

/** Answers with each status in turn, then 200 `{ ok: true }`. */
function statuses(...sequence: Array<number | [number, Record<string, string>]>): Handler {
  let n = 0;
  return (_req, res) => {
    const step = sequence[n++];
    if (step === undefined) return sendJson(res, 200, { ok: true });
    const [status, headers] = typeof step === "number" ? [step, {}] : step;
    sendJson(res, status, { message: `failure ${n}` }, headers);
  };
}

const never: Handler = () => {};

function harness(extra: Partial<TransportOptions> = {}) {
  const lines: string[] = [];
  const sleeps: number[] = [];
  const opts: TransportOptions = {
    fetch: (req, init) => fetch(req, init),
    retry: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 10 },
    timeoutMs: 5000,
    redactor: createRedactor({ secretValues: [], secretHeaders: [], secretQueryParams: [] }),
    log: (line) => lines.push(line),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  };
  return { opts, lines, sleeps };
}

const ctx = (extra: Partial<CallContext> = {}): CallContext => ({
  vendor: "acme",
  operationId: "listEvents",
  safe: true,
  ...extra,
});

describe("retries on the wire", () => {
  it("retries 503 and returns the success", async () => {
    const local = await serve(statuses(503, 503));
    const { opts, sleeps } = harness();
    const response = await send(new Request(`${local.url}/events`), ctx(), opts);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(local.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeLessThan(10 * 2 ** i);
    });
  });

  it("returns the last failure once retries run out", async () => {
    const local = await serve(statuses(503, 502, 500, 500));
    const { opts } = harness();
    const response = await send(new Request(`${local.url}/events`), ctx(), opts);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: "failure 3" });
    expect(local.requests).toHaveLength(3);
  });

  it.each([400, 401, 404, 422])("does not retry %i", async (status) => {
    const local = await serve(statuses(status));
    const { opts, sleeps } = harness();
    expect((await send(new Request(`${local.url}/events`), ctx(), opts)).status).toBe(status);
    expect(local.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("honours Retry-After in seconds", async () => {
    const local = await serve(statuses([429, { "retry-after": "1" }], [503, { "retry-after": "2" }]));
    const { opts, sleeps } = harness();
    expect((await send(new Request(`${local.url}/events`), ctx(), opts)).status).toBe(200);
    expect(sleeps).toEqual([1000, 2000]);
    expect(local.requests).toHaveLength(3);
  });

  it("honours Retry-After with a real wait", async () => {
    const local = await serve(statuses([503, { "retry-after": "1" }]));
    const { opts } = harness({ sleep: undefined });
    expect((await send(new Request(`${local.url}/events`), ctx(), opts)).status).toBe(200);
    expect(local.requests).toHaveLength(2);
  });

  it.each([
    ["seconds", "61"],
    ["date", new Date(Date.now() + 3_600_000).toUTCString()],
  ])("surfaces a 429 at once when Retry-After (%s) exceeds the cap", async (_name, retryAfter) => {
    const local = await serve(statuses([429, { "retry-after": retryAfter }]));
    const { opts, sleeps } = harness();
    const response = await send(new Request(`${local.url}/events`), ctx(), opts);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe(retryAfter);
    expect(await response.json()).toEqual({ message: "failure 1" });
    expect(local.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it.each<[string, Partial<CallContext>, number]>([
    ["the policy by default", {}, 3],
    ["ctx.retries", { retries: 4 }, 5],
    ["ctx.retries 0", { retries: 0 }, 1],
    ["ctx.retries false", { retries: false }, 1],
  ])("takes the number of attempts from %s", async (_name, extra, want) => {
    const local = await serve(statuses(503, 503, 503, 503, 503, 503));
    const { opts } = harness();
    await send(new Request(`${local.url}/events`), ctx(extra), opts);
    expect(local.requests).toHaveLength(want);
  });
});

describe("unsafe operations", () => {
  const post = (url: string) =>
    new Request(`${url}/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ page: 1 }),
    });

  it("does not retry a POST by default", async () => {
    const local = await serve(statuses(503));
    const { opts } = harness();
    expect((await send(post(local.url), ctx({ safe: false }), opts)).status).toBe(503);
    expect(local.requests).toHaveLength(1);
  });

  it("retries a POST when the call asks, re-sending the body each time", async () => {
    const local = await serve(statuses(503, 503));
    const { opts } = harness();
    expect((await send(post(local.url), ctx({ safe: false, retries: 2 }), opts)).status).toBe(200);
    expect(local.requests.map((r) => [r.method, r.body])).toEqual([
      ["POST", '{"page":1}'],
      ["POST", '{"page":1}'],
      ["POST", '{"page":1}'],
    ]);
  });

  it("re-sends a streamed body", async () => {
    const local = await serve(statuses(503));
    const { opts } = harness();
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("streamed"));
        controller.close();
      },
    });
    const request = new Request(`${local.url}/events`, { method: "POST", body, duplex: "half" } as RequestInit);
    expect((await send(request, ctx({ safe: true }), opts)).status).toBe(200);
    expect(local.requests.map((r) => r.body)).toEqual(["streamed", "streamed"]);
  });

  it("does not retry a POST's connection failure by default", async () => {
    const { opts } = harness();
    const error = await send(post(await closedPortUrl()), ctx({ safe: false }), opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).attempts).toBe(1);
  });
});

describe("connection failures and timeouts", () => {
  it("throws ConnectionError after every attempt is refused", async () => {
    const url = await closedPortUrl();
    const { opts, sleeps, lines } = harness();
    const error = (await send(new Request(`${url}/events`), ctx(), opts).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.attempts).toBe(3);
    expect(error.method).toBe("GET");
    expect(error.url).toBe(`${url}/events`);
    expect(error.message).toContain("ECONNREFUSED");
    expect(sleeps).toHaveLength(2);
    expect(lines.filter((line) => line.includes("→ ECONNREFUSED"))).toHaveLength(3);
  });

  it("redacts the cause of a fetch failure that quotes the request", async () => {
    const { opts } = harness({
      redactor: createRedactor({ secretValues: ["tok-secret-2"], secretHeaders: [], secretQueryParams: ["key"] }),
      // Some fetch implementations put the URL, or more, into their error messages.
      fetch: async (req) => {
        throw new TypeError(`request to ${req.url} failed`, {
          cause: Object.assign(new Error(`reset while sending ${req.headers.get("authorization")}`), {
            code: "ECONNRESET",
          }),
        });
      },
    });
    const request = new Request("https://api.acme.test/e?key=tok-secret-2", {
      headers: { authorization: "tok-secret-2" },
    });
    const error = (await send(request, ctx(), opts).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    const cause = error.cause as Error & { cause: Error & { code: string } };
    expect(cause.message).toBe("request to https://api.acme.test/e?key=[redacted] failed");
    expect(cause.cause.message).toBe("reset while sending [redacted]");
    expect(cause.cause.code).toBe("ECONNRESET");
    expect(error.message).toContain("ECONNRESET");
    for (const text of [error.message, JSON.stringify(error), String(cause.stack), String(cause.cause.stack)]) {
      expect(text).not.toContain("tok-secret-2");
    }
  });

  it("throws TimeoutError when the server never answers, after retrying", async () => {
    const local = await serve(never);
    const { opts } = harness();
    const error = (await send(new Request(`${local.url}/events`), ctx({ timeoutMs: 100, retries: 1 }), opts).catch(
      (e: unknown) => e,
    )) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(100);
    expect(error.attempts).toBe(2);
    // Not the server's count: on a busy machine 100 ms can pass before a request even arrives.
    expect(local.requests.length).toBeLessThanOrEqual(2);
  });

  it("takes the timeout from the options when the call sets none", async () => {
    const local = await serve(never);
    const { opts } = harness({ timeoutMs: 100 });
    const error = (await send(new Request(`${local.url}/events`), ctx({ retries: false }), opts).catch(
      (e: unknown) => e,
    )) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(100);
    expect(error.attempts).toBe(1);
  });

  it("does not retry an unsafe call's timeout by default", async () => {
    const local = await serve(never);
    const { opts } = harness();
    const request = new Request(`${local.url}/events`, { method: "POST", body: "{}" });
    const error = await send(request, ctx({ safe: false, timeoutMs: 100 }), opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).attempts).toBe(1);
    expect(local.requests.length).toBeLessThanOrEqual(1);
  });
});

describe("caller abort", () => {
  it("rejects with the signal's reason during a request, with no further attempt", async () => {
    const controller = new AbortController();
    // Aborted once the request has arrived, and never answered.
    const local = await serve(() => controller.abort());
    const { opts, sleeps } = harness();
    const pending = send(new Request(`${local.url}/events`), ctx({ signal: controller.signal }), opts);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe("AbortError");
    // A further attempt would have slept first.
    expect(sleeps).toEqual([]);
    expect(local.requests).toHaveLength(1);
  });

  it("rejects during a backoff sleep that ignores the signal", async () => {
    const local = await serve(statuses(503));
    const controller = new AbortController();
    let sleeping = false;
    const { opts } = harness({
      sleep: () => {
        sleeping = true;
        controller.abort();
        return new Promise(() => {});
      },
    });
    const error = await send(new Request(`${local.url}/events`), ctx({ signal: controller.signal }), opts).catch(
      (e: unknown) => e,
    );
    expect(sleeping).toBe(true);
    expect((error as Error).name).toBe("AbortError");
    expect(local.requests).toHaveLength(1);
  });

  it("interrupts the default sleep, even a long Retry-After", async () => {
    const local = await serve(statuses([503, { "retry-after": "30" }]));
    const controller = new AbortController();
    const { opts } = harness({
      sleep: undefined,
      observer: { onRetry: () => setTimeout(() => controller.abort(), 10) },
    });
    const error = await send(new Request(`${local.url}/events`), ctx({ signal: controller.signal }), opts).catch(
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe("AbortError");
    expect(local.requests).toHaveLength(1);
  });

  it("a fetch that aborts the call as it starts leaves no rejection unhandled", async () => {
    const local = await serve(statuses());
    const controller = new AbortController();
    const { opts } = harness({
      fetch: (request, init) => {
        controller.abort();
        return fetch(request, init);
      },
    });
    const error = await send(new Request(`${local.url}/events`), ctx({ signal: controller.signal }), opts).catch(
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe("AbortError");
  });

  it("sends nothing when the signal is already aborted", async () => {
    const local = await serve(statuses());
    const { opts } = harness();
    const reason = new Error("cancelled before");
    const error = await send(
      new Request(`${local.url}/events`),
      ctx({ signal: AbortSignal.abort(reason) }),
      opts,
    ).catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(local.requests).toHaveLength(0);
  });

  it("honours the request's own signal as the caller's", async () => {
    const controller = new AbortController();
    const local = await serve(() => controller.abort());
    const { opts } = harness();
    const pending = send(new Request(`${local.url}/events`, { signal: controller.signal }), ctx(), opts);
    expect(((await pending.catch((e: unknown) => e)) as Error).name).toBe("AbortError");
    expect(local.requests).toHaveLength(1);
  });
});

describe("debug log and observer", () => {
  it("logs each attempt and retry with the redacted URL, status, latency and attempt", async () => {
    const local = await serve(statuses(503));
    const { opts, lines } = harness({
      redactor: createRedactor({ secretValues: ["tok-secret-1"], secretHeaders: [], secretQueryParams: ["api_key"] }),
    });
    await send(new Request(`${local.url}/v1/events?cursor=abc&api_key=tok-secret-1`), ctx(), opts);
    const url = `${local.url.replaceAll(".", "\\.")}/v1/events\\?cursor=abc&api_key=\\[redacted\\]`;
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^\\[eventkit\\] acme GET ${url} → 503 in \\d+ ms \\(attempt 1/3\\)$`));
    expect(lines[1]).toMatch(/^\[eventkit\] acme retry 1\/2 in \d+ ms after 503$/);
    expect(lines[2]).toMatch(new RegExp(`^\\[eventkit\\] acme GET ${url} → 200 in \\d+ ms \\(attempt 2/3\\)$`));
    expect(lines.join("\n")).not.toContain("tok-secret-1");
  });

  it("tells the observer about requests, responses and retries with redacted URLs", async () => {
    const local = await serve(statuses([503, { "retry-after": "1" }]));
    const events: unknown[] = [];
    const observer: Observer = {
      onRequest: (e) => events.push(["request", e]),
      onResponse: (e) => events.push(["response", { ...e, durationMs: typeof e.durationMs }]),
      onRetry: (e) => events.push(["retry", e]),
    };
    const { opts } = harness({
      observer,
      redactor: createRedactor({ secretValues: [], secretHeaders: [], secretQueryParams: ["key"] }),
    });
    await send(new Request(`${local.url}/e?key=k1`), ctx(), opts);
    const base = { vendor: "acme", operationId: "listEvents" };
    const url = `${local.url}/e?key=[redacted]`;
    expect(events).toEqual([
      ["request", { ...base, method: "GET", url, attempt: 1 }],
      ["response", { ...base, method: "GET", url, status: 503, attempt: 1, durationMs: "number" }],
      ["retry", { ...base, attempt: 1, delayMs: 1000, reason: "503" }],
      ["request", { ...base, method: "GET", url, attempt: 2 }],
      ["response", { ...base, method: "GET", url, status: 200, attempt: 2, durationMs: "number" }],
    ]);
  });

  it("is not derailed by an observer that throws", async () => {
    const local = await serve(statuses(503));
    const { opts } = harness({
      observer: {
        onRequest: () => {
          throw new Error("observer bug");
        },
        onRetry: () => {
          throw new Error("observer bug");
        },
      },
    });
    expect((await send(new Request(`${local.url}/e`), ctx(), opts)).status).toBe(200);
    expect(local.requests).toHaveLength(2);
  });
});
