import { sleep as sleepFor, untilAborted } from "./abort.js";
import { ConnectionError, TimeoutError } from "./errors.js";
import { formatAttempt, formatRetry, type LogSink } from "./log.js";
import { redactCause, type Redactor } from "./redact.js";
import { backoffDelay, isRetryableStatus, retryDelay, type RetryPolicy } from "./retry.js";

export const DEFAULT_TIMEOUT_MS = 60_000;

export interface CallContext {
  readonly vendor: string;
  readonly operationId: string;
  /** Safe operations are retried by default; others only when `retries` is a number. */
  readonly safe: boolean;
  /** `false` or 0: one attempt only. */
  readonly retries?: number | false;
  /** Per attempt. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Every URL passed to an observer is redacted. */
export interface Observer {
  onRequest?(e: { vendor: string; operationId: string; method: string; url: string; attempt: number }): void;
  onResponse?(e: {
    vendor: string;
    operationId: string;
    method: string;
    url: string;
    status: number;
    attempt: number;
    durationMs: number;
  }): void;
  /** `attempt` is the attempt that failed, which is also the number of the retry to come. */
  onRetry?(e: { vendor: string; operationId: string; attempt: number; delayMs: number; reason: string }): void;
}

export interface TransportOptions {
  readonly fetch: (req: Request) => Promise<Response>;
  readonly retry: RetryPolicy;
  /** Per attempt, until response headers arrive. */
  readonly timeoutMs: number;
  readonly log?: LogSink;
  readonly redactor: Redactor;
  readonly observer?: Observer;
  /** Injected by tests; the caller's abort interrupts it whether or not it honours the signal. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

type Outcome =
  | { readonly kind: "response"; readonly response: Response }
  | { readonly kind: "timeout" }
  | { readonly kind: "network"; readonly error: unknown };

/**
 * Sends `request`, retrying transient failures. Non-2xx responses are returned, not thrown: turning
 * them into `ApiError`s needs the body, which only the caller reads.
 */
export async function send(request: Request, ctx: CallContext, opts: TransportOptions): Promise<Response> {
  const caller = ctx.signal ? AbortSignal.any([ctx.signal, request.signal]) : request.signal;
  const retries = allowedRetries(ctx, opts.retry);
  const attempts = retries + 1;
  const timeoutMs = ctx.timeoutMs ?? opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = opts.sleep ?? sleepFor;
  const { vendor, operationId } = ctx;
  const method = request.method;
  const url = opts.redactor.url(request.url);

  const pause = async (attempt: number, delayMs: number, reason: string): Promise<void> => {
    opts.log?.(formatRetry({ vendor, retry: attempt, retries, delayMs, reason }));
    notify(() => opts.observer?.onRetry?.({ vendor, operationId, attempt, delayMs, reason }));
    await untilAborted(sleep(delayMs, caller), caller);
  };

  for (let attempt = 1; ; attempt++) {
    caller.throwIfAborted();
    notify(() => opts.observer?.onRequest?.({ vendor, operationId, method, url, attempt }));
    // A fresh copy per attempt: a body stream can be read only once.
    const copy = request.clone();
    const started = performance.now();
    const outcome = await attemptOnce(copy, caller, timeoutMs, opts.fetch);
    const durationMs = performance.now() - started;

    if (outcome.kind === "response") {
      const { status, headers } = outcome.response;
      opts.log?.(formatAttempt({ vendor, method, url, outcome: status, durationMs, attempt, attempts }));
      notify(() => opts.observer?.onResponse?.({ vendor, operationId, method, url, status, attempt, durationMs }));
      const delayMs =
        attempt <= retries && isRetryableStatus(status) ? retryDelay(attempt, headers, opts.retry) : undefined;
      if (delayMs === undefined) return outcome.response;
      await discard(outcome.response);
      await pause(attempt, delayMs, String(status));
      continue;
    }

    const reason = outcome.kind === "timeout" ? "timeout" : networkReason(outcome.error);
    opts.log?.(formatAttempt({ vendor, method, url, outcome: reason, durationMs, attempt, attempts }));
    if (attempt > retries) {
      if (outcome.kind === "timeout") throw new TimeoutError({ vendor, operationId, method, url, timeoutMs, attempts });
      const cause = redactCause(outcome.error, opts.redactor);
      throw new ConnectionError({ vendor, operationId, method, url, attempts, cause });
    }
    await pause(attempt, backoffDelay(attempt, opts.retry), reason);
  }
}

async function attemptOnce(
  request: Request,
  caller: AbortSignal,
  timeoutMs: number,
  fetch: TransportOptions["fetch"],
): Promise<Outcome> {
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(new DOMException("attempt timed out", "TimeoutError")), timeoutMs);
  const signal = AbortSignal.any([caller, timer.signal]);
  try {
    const response = await untilAborted(fetch(new Request(request, { signal })), signal);
    return { kind: "response", response };
  } catch (error) {
    if (caller.aborted) throw caller.reason;
    return timer.signal.aborted ? { kind: "timeout" } : { kind: "network", error };
  } finally {
    clearTimeout(handle);
  }
}

function allowedRetries(ctx: CallContext, policy: RetryPolicy): number {
  if (ctx.retries === false) return 0;
  const wanted = typeof ctx.retries === "number" ? ctx.retries : ctx.safe ? policy.retries : 0;
  return Number.isFinite(wanted) ? Math.max(0, Math.floor(wanted)) : 0;
}

/** An unread body holds its connection open until garbage collection. */
async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already closed or errored: nothing left to release.
  }
}

function networkReason(error: unknown): string {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return error instanceof Error ? error.name : "network error";
}

/** An observer is someone else's code; its failure must not change the request's outcome. */
function notify(call: () => void): void {
  try {
    call();
  } catch {
    // Deliberately ignored, see above.
  }
}
