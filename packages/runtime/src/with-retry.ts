import { sleep } from "./abort.js";
import type { LiteMiddleware } from "./lite.js";
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableStatus, type RetryPolicy, retryDelay } from "./retry.js";

/**
 * Retries for a lite client (`use: [withRetry()]`), as the full client retries: operations that
 * are safe to repeat only, on 408, 429 and 5xx (waiting what `Retry-After` asks, up to
 * `maxRetryAfterMs`), on connection failures and on attempts that time out before the response
 * headers, with exponential backoff and full jitter otherwise. `retries` (default 2) or a policy.
 */
export function withRetry(option: number | Partial<RetryPolicy> = {}): LiteMiddleware {
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...(typeof option === "number" ? { retries: option } : option),
  };
  return (next) => async (request, call) => {
    for (let attempt = 1; ; attempt++) {
      const last = attempt > (call.safe ? policy.retries : 0);
      // A body can be read once: an attempt that may be followed by another sends a copy.
      const sent = last ? request : request.clone();
      let delayMs: number | undefined;
      try {
        const response = await next(sent, call);
        if (last || !isRetryableStatus(response.status)) return response;
        delayMs = retryDelay(attempt, response.headers, policy);
        if (delayMs === undefined) return response;
        await response.body?.cancel();
      } catch (error) {
        if (last || request.signal.aborted) throw error;
        delayMs = backoffDelay(attempt, policy);
      }
      await sleep(delayMs, request.signal);
    }
  };
}
