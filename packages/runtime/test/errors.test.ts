import { describe, expect, it } from "vitest";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  EventkitError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
  createApiError,
} from "../src/errors.js";
import { createRedactor, redactCause } from "../src/redact.js";

const SECRET = "sk_live_0123456789";
const redactor = createRedactor({ secretValues: [SECRET], secretHeaders: ["x-api-key"], secretQueryParams: ["token"] });

function apiError(status: number, overrides: { headers?: HeadersInit; body?: unknown; statusText?: string } = {}) {
  return createApiError(
    {
      vendor: "acme",
      operationId: "listEvents",
      method: "get",
      url: "https://api.acme.test/v1/events?token=abcd1234&page=2",
      status,
      statusText: overrides.statusText,
      headers: new Headers(overrides.headers),
      body: overrides.body ?? null,
    },
    redactor,
  );
}

/** Every string reachable from an error by the ways people print one. */
function printedForms(error: Error): string[] {
  return [
    error.message,
    String(error),
    error.stack ?? "",
    JSON.stringify(error),
    JSON.stringify(Object.entries(error)),
    JSON.stringify(error.cause ?? null),
    String((error.cause as Error | undefined)?.message),
    String((error.cause as Error | undefined)?.stack),
  ];
}

describe("createApiError", () => {
  it.each<[number, new (...args: never[]) => ApiError]>([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [599, InternalServerError],
  ])("%i → %o", (status, want) => {
    const error = apiError(status);
    expect(error).toBeInstanceOf(want);
    expect(error.constructor).toBe(want);
    expect(error.name).toBe(want.name);
    expect(error.status).toBe(status);
  });

  it.each([402, 405, 418, 451])("%i → ApiError itself", (status) => {
    const error = apiError(status);
    expect(error.constructor).toBe(ApiError);
    expect(error).toBeInstanceOf(EventkitError);
    expect(error).toBeInstanceOf(Error);
  });

  it.each<[string, HeadersInit, string | undefined]>([
    ["x-request-id", { "x-request-id": "r1" }, "r1"],
    ["request-id", { "request-id": "r3" }, "r3"],
    ["x-amzn-requestid", { "x-amzn-RequestId": "r4" }, "r4"],
    ["x-correlation-id", { "x-correlation-id": "r5" }, "r5"],
    ["cf-ray", { "cf-ray": "r6" }, "r6"],
    ["first in the list wins", { "cf-ray": "late", "x-request-id": "early" }, "early"],
    ["none", { "x-other": "r7" }, undefined],
  ])("request id from %s", (_name, headers, want) => {
    expect(apiError(500, { headers }).requestId).toBe(want);
  });

  it.each<[string, { statusText?: string; body?: unknown; headers?: HeadersInit }, string]>([
    [
      "status text, request id and message",
      { statusText: "Too Many Requests", headers: { "x-request-id": "abc" }, body: { message: "Slow down" } },
      "acme listEvents: 429 Too Many Requests (request id abc) — Slow down",
    ],
    ["reason phrase when the status text is empty", { statusText: "" }, "acme listEvents: 429 Too Many Requests"],
    [
      "errors array of strings",
      { body: { errors: ["first", "second"] } },
      "acme listEvents: 429 Too Many Requests — first; second",
    ],
    [
      "errors array of objects",
      { body: { errors: [{ detail: "bad filter" }, { title: "bad page" }] } },
      "acme listEvents: 429 Too Many Requests — bad filter; bad page",
    ],
    ["error field", { body: { error: "rate limited" } }, "acme listEvents: 429 Too Many Requests — rate limited"],
    ["plain-text body", { body: "  try\n again  " }, "acme listEvents: 429 Too Many Requests — try again"],
    ["HTML body is left out", { body: "<html><body>Oops</body></html>" }, "acme listEvents: 429 Too Many Requests"],
    ["body without a message", { body: { count: 1 } }, "acme listEvents: 429 Too Many Requests"],
  ])("message: %s", (_name, given, want) => {
    expect(apiError(429, given).message).toBe(want);
  });

  it("cuts the body's message to 200 characters", () => {
    const error = apiError(400, { body: { message: "x".repeat(500) } });
    const detail = error.message.split(" — ")[1] ?? "";
    expect(detail).toHaveLength(200);
    expect(detail.endsWith("…")).toBe(true);
  });

  it("keeps the parsed body and the headers, redacted", () => {
    const error = apiError(401, {
      headers: { "x-api-key": "whatever", "www-authenticate": `Bearer error="${SECRET}"`, "x-request-id": "r" },
      body: { message: "bad key", key: SECRET },
    });
    expect(error.body).toEqual({ message: "bad key", key: "[redacted]" });
    expect(error.headers).toEqual({
      "x-api-key": "[redacted]",
      "www-authenticate": 'Bearer error="[redacted]"',
      "x-request-id": "r",
    });
    expect(error.url).toBe("https://api.acme.test/v1/events?token=[redacted]&page=2");
    expect(error.method).toBe("GET");
    expect(error.vendor).toBe("acme");
    expect(error.operationId).toBe("listEvents");
  });

  it("never prints a secret from the body, headers, request id or URL", () => {
    const error = apiError(403, {
      headers: { "x-request-id": `id-${SECRET}`, "set-cookie": `s=${SECRET}` },
      body: { message: `key ${SECRET} lacks scope`, echo: { deep: [SECRET] } },
    });
    for (const form of printedForms(error)) expect(form).not.toContain(SECRET);
    expect(JSON.stringify(error)).not.toContain("abcd1234");
    expect(error.message).toBe(
      "acme listEvents: 403 Forbidden (request id id-[redacted]) — key [redacted] lacks scope",
    );
  });

  it("cuts the message only after redacting, so half a secret cannot show", () => {
    const error = apiError(400, { body: { message: `${"x".repeat(190)}${SECRET}` } });
    expect(error.message).toContain("[redacted]");
    expect(error.message).not.toContain("sk_live");
  });

  it("serialises the safe fields", () => {
    const error = apiError(404, { headers: { "x-request-id": "r9" }, body: { message: "gone" } });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "NotFoundError",
      message: "acme listEvents: 404 Not Found (request id r9) — gone",
      vendor: "acme",
      operationId: "listEvents",
      method: "GET",
      url: "https://api.acme.test/v1/events?token=[redacted]&page=2",
      status: 404,
      headers: { "x-request-id": "r9" },
      body: { message: "gone" },
      requestId: "r9",
    });
  });
});

describe("ConnectionError", () => {
  it("carries a redacted cause and safe fields", () => {
    const original = new TypeError("fetch failed", {
      cause: Object.assign(new Error(`getaddrinfo ENOTFOUND ${SECRET}.acme.test`), { code: "ENOTFOUND" }),
    });
    const error = new ConnectionError({
      vendor: "acme",
      operationId: "listEvents",
      method: "GET",
      url: redactor.url(`https://api.acme.test/v1?token=${SECRET}`),
      attempts: 3,
      cause: redactCause(original, redactor),
    });
    expect(error.message).toBe(
      "acme listEvents: GET https://api.acme.test/v1?token=[redacted] failed after 3 attempts (fetch failed: ENOTFOUND)",
    );
    expect(error.name).toBe("ConnectionError");
    expect((error.cause as Error).message).toBe("fetch failed");
    for (const form of printedForms(error)) expect(form).not.toContain(SECRET);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "ConnectionError",
      message: error.message,
      vendor: "acme",
      operationId: "listEvents",
      method: "GET",
      url: "https://api.acme.test/v1?token=[redacted]",
      attempts: 3,
    });
  });
});

describe("TimeoutError", () => {
  it("names the timeout and the attempts", () => {
    const error = new TimeoutError({
      vendor: "acme",
      operationId: "listEvents",
      method: "GET",
      url: "https://api.acme.test/v1",
      timeoutMs: 100,
      attempts: 1,
    });
    expect(error.message).toBe("acme listEvents: GET https://api.acme.test/v1 timed out after 100 ms (1 attempt)");
    expect(error).toBeInstanceOf(EventkitError);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: "TimeoutError", timeoutMs: 100, attempts: 1 });
  });
});

describe("PaginationError", () => {
  it("names the reason and the detail", () => {
    const error = new PaginationError({
      vendor: "acme",
      operationId: "listEvents",
      reason: "foreign-origin",
      detail: "page 2 links to https://evil.test",
    });
    expect(error.message).toBe(
      "acme listEvents: pagination stopped (foreign-origin): page 2 links to https://evil.test",
    );
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "PaginationError",
      message: error.message,
      vendor: "acme",
      operationId: "listEvents",
      reason: "foreign-origin",
      detail: "page 2 links to https://evil.test",
    });
  });
});

describe("InvalidResponseError", () => {
  it("names the operation and the detail", () => {
    const error = new InvalidResponseError({ vendor: "acme", operationId: "listEvents", detail: "body is not JSON" });
    expect(error.message).toBe("acme listEvents: invalid response: body is not JSON");
    expect(error).toBeInstanceOf(EventkitError);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "InvalidResponseError",
      message: error.message,
      vendor: "acme",
      operationId: "listEvents",
      detail: "body is not JSON",
    });
  });
});
