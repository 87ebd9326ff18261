import type { Env } from "./env.js";
import type { LogSink } from "./log.js";
import type { Exchange } from "./body.js";
import type { RetryPolicy } from "./retry.js";
import type { ServerOptions } from "./servers.js";
import type { Observer } from "./transport.js";

export interface ClientOptions<Auth = Record<string, unknown>, Vars = Record<string, string>> {
  /** Credentials by security scheme name; each falls back to its environment variable. */
  readonly auth?: Auth | undefined;
  /** Overrides the spec's servers (a mock, a proxy, a regional host). */
  readonly baseUrl?: string | undefined;
  readonly server?: (ServerOptions & { readonly variables?: Vars }) | undefined;
  /** Default: the global fetch. */
  readonly fetch?: ((request: Request, init?: RequestInit) => Promise<Response>) | undefined;
  /**
   * How requests are sent when no `fetch` is given: `nodeHttp` from "@eventkit/runtime/node" sends
   * them with node:http(s), which costs a Node process about a fifth of fetch's CPU per request and
   * far less garbage. Default: the global fetch.
   */
  readonly exchange?: Exchange | undefined;
  /** Retries of safe operations (default 2), or a whole policy. */
  readonly retries?: number | Partial<RetryPolicy> | undefined;
  /** Per attempt, from sending the request to the response body's last byte; default 60 000. 0 or Infinity: no timeout (a little faster). */
  readonly timeoutMs?: number | undefined;
  /**
   * The most bytes a response body may have, counted decoded (a small gzip body that would inflate
   * past it is stopped too); default 64 MiB. Beyond it the read stops, the connection is closed and
   * the call fails at once, not retried, with an `InvalidResponseError` naming the limit. An
   * `exchange` reads under its own limit first (nodeHttp's `maxBodyBytes`, also 64 MiB by default).
   */
  readonly maxBodyBytes?: number | undefined;
  /** Debug log of every request; also enabled by EVENTKIT_DEBUG=1 or EVENTKIT_DEBUG=<vendor>. */
  readonly debug?: boolean | LogSink | undefined;
  readonly observer?: Observer | undefined;
  /** Sent with every request. */
  readonly headers?: Record<string, string> | undefined;
  /** Where credentials and server variables are read from; default process.env. */
  readonly env?: Env | undefined;
}
