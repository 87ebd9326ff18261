import { sleep as sleepFor, untilAborted } from "./abort.js";
import {
  BodyLimitError,
  type ExchangeLimits,
  type ReadDeadline,
  type ReadResponse,
  settle,
  type SettledResponse,
  toResponse,
} from "./body.js";
import { ConnectionError, InvalidResponseError, TimeoutError } from "./errors.js";
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
  readonly retries?: number | false | undefined;
  /** Per attempt. */
  readonly timeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
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
  /** Called as the global fetch is: the request, and an init carrying the attempt's abort signal. */
  readonly fetch: (req: Request, init?: RequestInit) => Promise<Response>;
  /**
   * The global fetch, when no other was given: it is sent request parts as they are (URL and
   * init), so that it makes the attempt's only Request, instead of a Request of ours that it would
   * copy into its own.
   */
  readonly fetchUrl?:
    | ((url: string, init: RequestInit, limits?: ExchangeLimits) => Promise<Response | ReadResponse>)
    | undefined;
  readonly retry: RetryPolicy;
  /** Per attempt, from the request to the response body's last byte. */
  readonly timeoutMs: number;
  /** The most bytes a response body may have, decoded; default 64 MiB (body.ts's MAX_BODY_BYTES). */
  readonly limits?: ExchangeLimits | undefined;
  readonly log?: LogSink | undefined;
  readonly redactor: Redactor;
  readonly observer?: Observer | undefined;
  /** Injected by tests; the caller's abort interrupts it whether or not it honours the signal. */
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

/**
 * A request not yet made: the typed methods build one Request per attempt from these (the body as
 * text or bytes), which costs less than cloning a Request (a clone tees its body stream) and leaves
 * no signal of its own to combine with the caller's.
 */
export interface RequestParts {
  readonly url: string;
  readonly init: RequestInit & { readonly method: string; readonly headers: Headers };
}

type Outcome =
  | { readonly kind: "response"; readonly response: SettledResponse }
  | { readonly kind: "retry"; readonly status: number; readonly delayMs: number }
  | { readonly kind: "timeout" }
  | { readonly kind: "too-large"; readonly error: BodyLimitError }
  | { readonly kind: "network"; readonly error: unknown };

/**
 * Sends `request`, retrying transient failures. Non-2xx responses are returned, not thrown: turning
 * them into `ApiError`s is the caller's business. The response returned has its body read whole,
 * within the attempt's deadline, and redacted.
 */
export async function send(request: Request, ctx: CallContext, opts: TransportOptions): Promise<Response> {
  return toResponse(await sendSettled(request, ctx, opts));
}

/** `send`, returning the settled response as data (no Response, no body stream to make). */
export async function sendSettled(
  request: Request | RequestParts,
  ctx: CallContext,
  opts: TransportOptions,
): Promise<SettledResponse> {
  // A stream body cannot be sent twice: parts carrying one go as a Request, cloned per attempt.
  const given =
    request instanceof Request
      ? request
      : request.init.body instanceof ReadableStream
        ? new Request(request.url, { ...request.init, duplex: "half" } as RequestInit)
        : undefined;
  // The caller's signal comes in the call context, or on the request (a raw openapi-fetch call).
  // AbortSignal.any is costly, so it is used only when both are present.
  const caller =
    given === undefined
      ? ctx.signal
      : ctx.signal && ctx.signal !== given.signal
        ? AbortSignal.any([ctx.signal, given.signal])
        : given.signal;
  const retries = allowedRetries(ctx, opts.retry);
  const attempts = retries + 1;
  const timeoutMs = ctx.timeoutMs ?? opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = opts.sleep ?? sleepFor;
  const { vendor, operationId } = ctx;
  const method = given ? given.method : (request as RequestParts).init.method;
  let redactedUrl: string | undefined;
  // Redacting parses the URL: done only when something is logged, observed or thrown.
  const url = () => (redactedUrl ??= opts.redactor.url(request.url));
  const watched = Boolean(opts.log || opts.observer);

  const pause = async (attempt: number, delayMs: number, reason: string): Promise<void> => {
    opts.log?.(formatRetry({ vendor, retry: attempt, retries, delayMs, reason }));
    notify(() => opts.observer?.onRetry?.({ vendor, operationId, attempt, delayMs, reason }));
    await untilAborted(sleep(delayMs, caller), caller);
  };

  for (let attempt = 1; ; attempt++) {
    caller?.throwIfAborted();
    if (watched) notify(() => opts.observer?.onRequest?.({ vendor, operationId, method, url: url(), attempt }));
    // A body stream can be read only once: an attempt that may be followed by another sends a copy.
    const sent = given
      ? given.body !== null && attempt <= retries
        ? given.clone()
        : given
      : opts.fetchUrl
        ? (request as RequestParts)
        : new Request((request as RequestParts).url, (request as RequestParts).init);
    const started = performance.now();
    const outcome = await attemptOnce(sent, caller, timeoutMs, opts, attempt <= retries ? attempt : 0);
    const durationMs = performance.now() - started;

    if (outcome.kind === "response" || outcome.kind === "retry") {
      const status = outcome.kind === "response" ? outcome.response.status : outcome.status;
      if (watched) {
        opts.log?.(formatAttempt({ vendor, method, url: url(), outcome: status, durationMs, attempt, attempts }));
        notify(() =>
          opts.observer?.onResponse?.({ vendor, operationId, method, url: url(), status, attempt, durationMs }),
        );
      }
      if (outcome.kind === "response") return outcome.response;
      await pause(attempt, outcome.delayMs, String(status));
      continue;
    }

    const reason =
      outcome.kind === "timeout"
        ? "timeout"
        : outcome.kind === "too-large"
          ? "body too large"
          : networkReason(outcome.error);
    opts.log?.(formatAttempt({ vendor, method, url: url(), outcome: reason, durationMs, attempt, attempts }));
    // Another attempt would read the same body again.
    if (outcome.kind === "too-large")
      throw new InvalidResponseError({ vendor, operationId, detail: `${method} ${url()}: ${outcome.error.message}` });
    if (attempt > retries) {
      if (outcome.kind === "timeout")
        throw new TimeoutError({ vendor, operationId, method, url: url(), timeoutMs, attempts });
      const cause = redactCause(outcome.error, opts.redactor);
      throw new ConnectionError({ vendor, operationId, method, url: url(), attempts, cause });
    }
    await pause(attempt, backoffDelay(attempt, opts.retry), reason);
  }
}

/**
 * One attempt, from sending the request to the last byte of the response body, aborted by the
 * caller's signal or by its own deadline, whichever comes first. A body that stalls after the
 * headers is a timeout like a server that never answers. With no timeout (`timeoutMs` 0 or
 * Infinity) and no caller's signal, fetch gets no signal at all: in Node 20 a signal on a request
 * costs tens of microseconds, which shows at high request rates. `retryable` is the attempt's number when
 * another may follow (a retryable status is then a retry), 0 for the last one.
 */
async function attemptOnce(
  request: Request | RequestParts,
  caller: AbortSignal | undefined,
  timeoutMs: number,
  opts: TransportOptions,
  retryable: number,
): Promise<Outcome> {
  const timed = Number.isFinite(timeoutMs) && timeoutMs > 0;
  // Without a timeout, a caller's signal still gets a per-attempt one in front of it: fetch (undici)
  // adds a listener to the signal of every request and removes it only when the request is
  // collected, so one long-lived signal over 1,500 requests warned of a listener leak.
  const deadline = timed || caller ? new AttemptDeadline(caller, timed ? timeoutMs : 0) : undefined;
  const signal = deadline?.signal ?? caller;
  try {
    // The signal goes in fetch's second argument, as with the global fetch: a new Request per
    // attempt to carry it would cost more than the rest of the call together.
    const pending =
      request instanceof Request
        ? signal === undefined || signal === request.signal
          ? opts.fetch(request)
          : opts.fetch(request, { signal })
        : // The signal is set on the parts' own init, not on a spread copy of it, which the Request
          // fetch makes of it would read on a slow path (serialize-request.ts).
          opts.fetchUrl!(request.url, signal ? Object.assign(request.init, { signal }) : request.init, opts.limits);
    const response = await (deadline ? deadline.race(pending) : untilAborted(pending, signal));
    const delayMs =
      retryable > 0 && isRetryableStatus(response.status)
        ? retryDelay(retryable, response.headers, opts.retry)
        : undefined;
    if (delayMs !== undefined) {
      await discard(response);
      return { kind: "retry", status: response.status, delayMs };
    }
    return {
      kind: "response",
      response: await settle(response, deadline ?? caller, opts.redactor, opts.limits?.maxBodyBytes),
    };
  } catch (error) {
    if (caller?.aborted) throw caller.reason;
    if (deadline?.timedOut) return { kind: "timeout" };
    // nodeHttp's, as fetch fails: TypeError("fetch failed") with the limit as its cause.
    const tooLarge = error instanceof BodyLimitError ? error : (error as Error | undefined)?.cause;
    return tooLarge instanceof BodyLimitError ? { kind: "too-large", error: tooLarge } : { kind: "network", error };
  } finally {
    deadline?.clear();
  }
}

/**
 * An attempt's signal: aborted by its one timer or by the caller's signal. A class rather than
 * closures, so that an attempt allocates one object and its controller, not a closure per callback.
 */
class AttemptDeadline implements ReadDeadline {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  /** Rejects what `race` returned, if it is still pending. */
  #reject: ((reason: unknown) => void) | undefined;
  /** The response body being read, cancelled on abort (`settle`). */
  #reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  timedOut = false;

  constructor(caller: AbortSignal | undefined, timeoutMs: number) {
    this.#caller = caller;
    caller?.addEventListener("abort", this);
    if (timeoutMs) this.#timer = setTimeout(AttemptDeadline.#expire, timeoutMs, this);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * Settles with `promise`, or rejects with the abort's reason as soon as the attempt is aborted:
   * `untilAborted` without a listener of its own (a fetch that ignores its signal still ends here).
   */
  race<T>(promise: Promise<T>): Promise<T> {
    const signal = this.#controller.signal;
    if (signal.aborted) {
      // Dropped, but its own rejection (often this very abort) must not go unhandled.
      promise.catch(ignore);
      return Promise.reject(signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      promise.then(resolve, reject);
    });
  }

  /** The caller's abort (this object is its listener). */
  handleEvent(): void {
    this.#abort(this.#caller!.reason);
  }

  static #expire(deadline: AttemptDeadline): void {
    deadline.timedOut = true;
    deadline.#abort(new DOMException("attempt timed out", "TimeoutError"));
  }

  watch(reader: ReadableStreamDefaultReader<Uint8Array>): void {
    this.#reader = reader;
  }

  unwatch(): void {
    this.#reader = undefined;
  }

  #abort(reason: unknown): void {
    this.#controller.abort(reason);
    // Releases the connection even when the fetch in use ignores signals.
    this.#reader?.cancel(reason).catch(ignore);
    this.#reject?.(reason);
  }

  clear(): void {
    this.#reject = undefined;
    this.#reader = undefined;
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener("abort", this);
  }
}

function ignore(): void {
  // See where it is used.
}

function allowedRetries(ctx: CallContext, policy: RetryPolicy): number {
  if (ctx.retries === false) return 0;
  const wanted = typeof ctx.retries === "number" ? ctx.retries : ctx.safe ? policy.retries : 0;
  return Number.isFinite(wanted) ? Math.max(0, Math.floor(wanted)) : 0;
}

/** An unread body holds its connection open until garbage collection. */
async function discard(response: Response | ReadResponse): Promise<void> {
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
