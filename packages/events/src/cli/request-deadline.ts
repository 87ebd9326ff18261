/**
 * A request function (a fetch, or an `@eventkit/runtime/node` exchange) with a deadline over the
 * whole response, body included. The clients' `timeoutMs` is meant
 * to cover exactly that; this is the CLI's own guarantee on top of it, so that one vendor whose
 * server sends headers and then stalls can never hold the CLI (and the other vendors' events) for
 * longer than its `--timeout` per request, whatever the client does with the body. Aborting the
 * request's signal after the headers errors the body stream, so a read in progress ends with it.
 */
export function withRequestDeadline<Input, Result>(
  timeoutMs: number,
  base: (input: Input, init?: RequestInit) => Promise<Result>,
): (input: Input, init?: RequestInit) => Promise<Result> {
  return (input, init) => {
    const deadline = new AbortController();
    // Left running after the body is read, where aborting no longer does anything; unref'd so that
    // it never keeps the process alive.
    setTimeout(
      () => deadline.abort(new DOMException(`no complete response within ${timeoutMs} ms (--timeout)`, "TimeoutError")),
      timeoutMs,
    ).unref();
    const given = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const signal = given ? AbortSignal.any([given, deadline.signal]) : deadline.signal;
    return base(input, { ...init, signal });
  };
}
