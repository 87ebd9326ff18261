import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionError, TimeoutError, createApiError, type ApiError } from "../src/errors.js";
import { createRedactor, type Redactor } from "../src/redact.js";
import { DEFAULT_RETRY_POLICY } from "../src/retry.js";
import { send, type CallContext, type TransportOptions } from "../src/transport.js";
import { closedPortUrl, sendJson, startLocalServer, type LocalServer } from "./helpers/local-server.js";

/**
 * One case per way a credential travels. `secrets` are the strings that must never be printed;
 * `redactor` is configured the way auth would configure it for that kind of credential.
 */
interface CredentialCase {
  readonly name: string;
  readonly secrets: readonly string[];
  readonly redactor: Redactor;
  readonly path: string;
  readonly headers: Record<string, string>;
}

const KEY = "ek_live_9f8e7d6c5b4a";
const BASIC = Buffer.from(`ops:${KEY}`).toString("base64");

const cases: CredentialCase[] = [
  {
    name: "secret header value",
    secrets: [KEY],
    redactor: createRedactor({ secretValues: [KEY], secretHeaders: ["x-api-key"], secretQueryParams: [] }),
    path: "/v1/events",
    headers: { "x-api-key": KEY },
  },
  {
    name: "Token-prefixed key",
    secrets: [KEY],
    redactor: createRedactor({ secretValues: [KEY, `Token ${KEY}`], secretHeaders: [], secretQueryParams: [] }),
    path: "/v1/events",
    headers: { authorization: `Token ${KEY}` },
  },
  {
    name: "bearer token",
    secrets: [KEY],
    redactor: createRedactor({ secretValues: [KEY, `Bearer ${KEY}`], secretHeaders: [], secretQueryParams: [] }),
    path: "/v1/events",
    headers: { authorization: `Bearer ${KEY}` },
  },
  {
    name: "basic auth header",
    secrets: [KEY, BASIC],
    redactor: createRedactor({
      secretValues: [KEY, BASIC, `Basic ${BASIC}`],
      secretHeaders: [],
      secretQueryParams: [],
    }),
    path: "/v1/events",
    headers: { authorization: `Basic ${BASIC}` },
  },
  {
    name: "secret query parameter",
    secrets: [KEY],
    redactor: createRedactor({ secretValues: [KEY], secretHeaders: [], secretQueryParams: ["api_key"] }),
    path: `/v1/events?api_key=${KEY}&limit=5`,
    headers: {},
  },
];

let echo: LocalServer;
let silent: LocalServer;
let refused: string;

beforeAll(async () => {
  // Echoes every credential it received, in the body, in headers and in a cookie, as careless servers do.
  echo = await startLocalServer((req, res) => {
    const received = `${req.url} ${req.headers.authorization ?? ""} ${req.headers["x-api-key"] ?? ""}`;
    sendJson(
      res,
      401,
      { message: `invalid credentials: ${received}`, errors: [received], echo: { received } },
      {
        "x-request-id": `req-${received.length}`,
        "x-echo": received,
        "set-cookie": `last=${encodeURIComponent(received)}`,
      },
    );
  });
  silent = await startLocalServer(() => {});
  refused = await closedPortUrl();
});

afterAll(async () => {
  await echo.close();
  await silent.close();
});

/** A short timeout only where a timeout is the point: a loaded CI machine answers slowly. */
function harness(redactor: Redactor, timeoutMs = 5000) {
  const lines: string[] = [];
  const opts: TransportOptions = {
    fetch: (req, init) => fetch(req, init),
    retry: { ...DEFAULT_RETRY_POLICY, retries: 1 },
    timeoutMs,
    redactor,
    log: (line) => lines.push(line),
    sleep: async () => {},
  };
  return { opts, lines };
}

const ctx: CallContext = { vendor: "acme", operationId: "listEvents", safe: true };

/** What a client does with a call: send it, and turn a non-2xx response into an ApiError. */
async function call(baseUrl: string, c: CredentialCase, opts: TransportOptions): Promise<unknown> {
  try {
    const response = await send(new Request(`${baseUrl}${c.path}`, { headers: c.headers }), ctx, opts);
    const body: unknown = await response.json();
    return createApiError(
      {
        vendor: ctx.vendor,
        operationId: ctx.operationId,
        method: "GET",
        url: `${baseUrl}${c.path}`,
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body,
      },
      opts.redactor,
    );
  } catch (error) {
    return error;
  }
}

function printedForms(error: Error): Record<string, string> {
  const cause = error.cause as Error | undefined;
  return {
    message: error.message,
    string: String(error),
    stack: error.stack ?? "",
    json: JSON.stringify(error),
    fields: JSON.stringify(Object.entries(error)),
    cause: JSON.stringify(cause ?? null),
    causeMessage: String(cause?.message),
    causeStack: String(cause?.stack),
    innerCause: String((cause?.cause as Error | undefined)?.stack),
  };
}

function expectNoSecret(c: CredentialCase, error: Error, lines: string[]): void {
  const forms = { ...printedForms(error), log: lines.join("\n") };
  for (const secret of c.secrets) {
    for (const [where, text] of Object.entries(forms)) {
      expect({ where, leaked: text.includes(secret) }).toEqual({ where, leaked: false });
    }
  }
}

describe.each(cases)("$name", (c) => {
  it("never appears in an ApiError built from a response that echoes it", async () => {
    const { opts, lines } = harness(c.redactor);
    const error = (await call(echo.url, c, opts)) as ApiError;
    expect(error.name).toBe("AuthenticationError");
    // The echo did happen: the server saw the credential and sent it back.
    expect(echo.requests.at(-1)?.url).toBe(c.path);
    expect(error.message).toContain("invalid credentials");
    expect(error.headers["x-echo"]).toContain("[redacted]");
    expectNoSecret(c, error, lines);
    expect(lines).toHaveLength(1);
  });

  it("never appears in a ConnectionError", async () => {
    const { opts, lines } = harness(c.redactor);
    const error = (await call(refused, c, opts)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expectNoSecret(c, error, lines);
    expect(lines.length).toBeGreaterThan(0);
  });

  it("never appears in a TimeoutError", async () => {
    const { opts, lines } = harness(c.redactor, 100);
    const error = (await call(silent.url, c, opts)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expectNoSecret(c, error, lines);
    expect(lines.length).toBeGreaterThan(0);
  });
});
