export interface RetryPolicy {
  /** Further attempts after the first. */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A server asking for a longer wait than this gets its error surfaced instead. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
});

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Obsolete HTTP-date forms included; a bare number that is not delay-seconds is not a date. */
const HTTP_DATE = /^[A-Za-z]{3,9},? /;
const DELAY_SECONDS = /^\d+(\.\d+)?$/;

/** Milliseconds to wait per a `Retry-After` value (delay-seconds or HTTP-date); undefined when unusable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (DELAY_SECONDS.test(text)) return Math.ceil(Number(text) * 1000);
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Exponential backoff with full jitter: a uniform wait below a ceiling that doubles per retry, so
 * clients that failed together do not retry together. `attempt` counts retries from 1.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(Math.random() * ceiling);
}

/** The wait before retry number `attempt`, or undefined when the server asked for more than the policy allows. */
export function retryDelay(attempt: number, headers: Headers | undefined, policy: RetryPolicy): number | undefined {
  const retryAfter = parseRetryAfter(headers?.get("retry-after"), Date.now());
  if (retryAfter === undefined) return backoffDelay(attempt, policy);
  return retryAfter > policy.maxRetryAfterMs ? undefined : retryAfter;
}
