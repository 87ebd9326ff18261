import { afterEach, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  retryDelay,
  type RetryPolicy,
} from "../src/retry.js";

const NOW = Date.parse("2025-01-01T00:00:00Z");
const policy: RetryPolicy = { retries: 2, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

// The delays read the platform's clock and random source (no parameters for them: bytes in every
// bundle with withRetry); these tests pin both.
afterEach(() => {
  vi.restoreAllMocks();
});

describe("isRetryableStatus", () => {
  it.each([
    [200, false],
    [400, false],
    [401, false],
    [404, false],
    [408, true],
    [409, false],
    [429, true],
    [499, false],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
  ])("%i → %s", (status, want) => {
    expect(isRetryableStatus(status)).toBe(want);
  });
});

describe("parseRetryAfter", () => {
  it.each<[string | null, number | undefined]>([
    ["0", 0],
    ["1", 1000],
    [" 30 ", 30_000],
    ["1.5", 1500],
    ["Wed, 01 Jan 2025 00:00:10 GMT", 10_000],
    ["Wednesday, 01-Jan-25 00:00:05 GMT", 5000],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
    ["soon", undefined],
    ["-5", undefined],
    ["10s", undefined],
    ["Wed, 99 Foo 2025 nonsense", undefined],
    ["", undefined],
    [null, undefined],
  ])("%j → %j", (value, want) => {
    expect(parseRetryAfter(value, NOW)).toBe(want);
  });
});

describe("backoffDelay", () => {
  it.each([
    // attempt, random, want: a uniform share of min(max, base * 2^(attempt-1))
    [1, 0.5, 50],
    [2, 0.5, 100],
    [3, 0.5, 200],
    [3, 0.999, 399],
    [5, 0.5, 500],
    [20, 0.5, 500],
    [1, 0, 0],
  ])("attempt %i, random %f → %i ms", (attempt, random, want) => {
    vi.spyOn(Math, "random").mockReturnValue(random);
    expect(backoffDelay(attempt, policy)).toBe(want);
  });

  it("stays below the cap with the default random source", () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const delay = backoffDelay(attempt, policy);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
    }
  });
});

describe("retryDelay", () => {
  const headers = (retryAfter?: string): Headers =>
    new Headers(retryAfter === undefined ? {} : { "retry-after": retryAfter });

  it.each<[string, Headers | undefined, number | undefined]>([
    ["no headers: backoff", undefined, 50],
    ["no Retry-After: backoff", headers(), 50],
    ["Retry-After seconds win over backoff", headers("2"), 2000],
    ["Retry-After date wins over backoff", headers("Wed, 01 Jan 2025 00:00:03 GMT"), 3000],
    ["Retry-After at the cap is honoured", headers("5"), 5000],
    ["Retry-After above the cap: no retry", headers("6"), undefined],
    ["unparseable Retry-After: backoff", headers("later"), 50],
  ])("%s", (_name, given, want) => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    vi.spyOn(Date, "now").mockReturnValue(NOW);
    expect(retryDelay(1, given, policy)).toBe(want);
  });
});

it("DEFAULT_RETRY_POLICY has the documented values", () => {
  expect(DEFAULT_RETRY_POLICY).toEqual({ retries: 2, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 });
});
