/**
 * `@eventkit/runtime/node`: requests sent with node:http and node:https instead of the global fetch,
 * for Node processes that make many requests (the events feed). In Node 20, fetch (undici) costs
 * about five times the CPU of node:http per request on loopback, and leaves some 15 kB per request
 * that outlives the young generation (its web streams and finalization registrations), which a long
 * listing pays for in old space until the next full GC (`pnpm --filter @eventkit/events bench`).
 *
 * It keeps fetch's contract as the client uses it: the same headers sent (with fetch's default
 * `accept-encoding`, and compressed bodies decoded), redirects followed as fetch follows them, an
 * abort rejecting with the signal's reason, network failures as `TypeError("fetch failed")` with the
 * cause. A body that is not text or bytes (a stream, FormData, a Blob) goes through the global fetch.
 * Import it only on Node: it is not part of the browser-safe entry points.
 */
import {
  type AgentOptions,
  Agent as HttpAgent,
  globalAgent as httpGlobalAgent,
  type IncomingMessage,
  request as httpRequest,
} from "node:http";
import { Agent as HttpsAgent, globalAgent as httpsGlobalAgent, request as httpsRequest } from "node:https";
import type { Readable, Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { BodyLimitError, type Exchange, MAX_BODY_BYTES, NULL_BODY_STATUSES, type ReadResponse } from "./body.js";

export type { Exchange, ExchangeLimits, ReadResponse } from "./body.js";

/** fetch's limit (the Fetch standard's 20). */
const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

// Connections kept alive between requests, as fetch keeps them; idle sockets do not hold the
// process open (Node unrefs them). Through the proxy Node's own agents use, if any.
const defaultAgents: Agents = {
  "http:": new HttpAgent({ keepAlive: true, ...proxyOf(httpGlobalAgent) }),
  "https:": new HttpsAgent({ keepAlive: true, ...proxyOf(httpsGlobalAgent) }),
};

/**
 * Node's proxy settings, as its global agents (and its fetch) follow them: on Node >= 24.5, under
 * `NODE_USE_ENV_PROXY=1` or `--use-env-proxy`, the global agents carry `proxyEnv` (HTTP_PROXY,
 * HTTPS_PROXY, NO_PROXY), which an agent made here must be given to go through the same proxy.
 * Older Node has no proxy support in node:http (nor in fetch): nothing to carry.
 */
function proxyOf(agent: HttpAgent): AgentOptions {
  const proxyEnv = (agent as { options?: { proxyEnv?: unknown } }).options?.proxyEnv;
  return proxyEnv ? ({ proxyEnv } as AgentOptions) : {};
}

interface Agents {
  readonly "http:": HttpAgent;
  readonly "https:": HttpsAgent;
}

export interface NodeHttpOptions {
  /**
   * Sends what node:http cannot: a body that is not text or bytes (a stream, FormData, a Blob).
   * Default: the global fetch.
   */
  readonly fallback?: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * The agent for `http:` URLs, in place of a shared keep-alive agent (which goes through Node's
   * proxy when Node has one: see `proxyOf`): a proxy's agent, or other socket settings.
   */
  readonly httpAgent?: HttpAgent;
  /**
   * The agent for `https:` URLs, in place of a shared keep-alive agent: a private certificate
   * authority (`ca`), a client certificate (`cert`, `key`), a proxy's agent.
   */
  readonly httpsAgent?: HttpsAgent;
}

/**
 * Sends the request with node:http(s) and reads the response whole, as the client's transport reads
 * a fetch Response, stopping at the client's `maxBodyBytes` (`limits`; 64 MiB without), counted
 * decoded, so that a small compressed body that would inflate past it is stopped too: the
 * connection is then closed and the request fails as fetch fails, its cause a BodyLimitError.
 * `init.body` must be a string or bytes (or absent) for node:http to send it; anything else is sent
 * by `options.fallback` (default: the global fetch).
 */
export function nodeHttpExchange(options: NodeHttpOptions = {}): Exchange {
  const fallback = options.fallback ?? ((url, init) => globalThis.fetch(url, init));
  const agents: Agents = {
    "http:": options.httpAgent ?? defaultAgents["http:"],
    "https:": options.httpsAgent ?? defaultAgents["https:"],
  };
  return (url, init = {}, limits) => {
    const body = init.body;
    if (body != null && typeof body !== "string" && !(body instanceof Uint8Array)) return fallback(url, init);
    return exchange(url, init, body ?? undefined, agents, limits?.maxBodyBytes ?? MAX_BODY_BYTES);
  };
}

/** node:http(s) for every request whose body is text or bytes, the global fetch for the others. */
export const nodeHttp: Exchange = nodeHttpExchange();

async function exchange(
  url: string,
  init: RequestInit,
  body: string | Uint8Array | undefined,
  agents: Agents,
  maxBodyBytes: number,
): Promise<ReadResponse> {
  const signal = init.signal ?? undefined;
  let method = (init.method ?? "GET").toUpperCase();
  const headers = new Headers(init.headers);
  // What fetch sends when the caller did not say.
  if (!headers.has("accept")) headers.set("accept", "*/*");
  if (!headers.has("accept-language")) headers.set("accept-language", "*");
  if (!headers.has("sec-fetch-mode")) headers.set("sec-fetch-mode", "cors");
  if (!headers.has("accept-encoding")) headers.set("accept-encoding", "gzip, deflate");
  if (!headers.has("user-agent")) headers.set("user-agent", "node");
  let target = new URL(url);
  for (let redirects = 0; ; redirects++) {
    signal?.throwIfAborted();
    const response = await once(target, method, headers, body, signal, agents, maxBodyBytes);
    const location = response.headers.get("location");
    if (!REDIRECT_STATUSES.has(response.status) || location === null || init.redirect === "manual") return response;
    if (init.redirect === "error") throw new TypeError("fetch failed", { cause: new Error("unexpected redirect") });
    if (redirects >= MAX_REDIRECTS)
      throw new TypeError("fetch failed", { cause: new Error("redirect count exceeded") });
    const next = new URL(location, target);
    if (next.protocol !== "http:" && next.protocol !== "https:")
      throw new TypeError("fetch failed", { cause: new Error(`redirect to a ${next.protocol} URL`) });
    // As fetch: 303 (but HEAD), and 301/302 after a POST, become a GET without the body.
    if (
      (response.status === 303 && method !== "HEAD") ||
      ((response.status === 301 || response.status === 302) && method === "POST")
    ) {
      method = "GET";
      body = undefined;
      for (const name of ["content-type", "content-length", "content-encoding", "content-language", "content-location"])
        headers.delete(name);
    }
    // As fetch: credentials in `authorization` are not sent to another origin.
    if (next.origin !== target.origin) headers.delete("authorization");
    target = next;
  }
}

function once(
  url: URL,
  method: string,
  headers: Headers,
  body: string | Uint8Array | undefined,
  signal: AbortSignal | undefined,
  agents: Agents,
  maxBodyBytes: number,
): Promise<ReadResponse> {
  const agent = url.protocol === "http:" || url.protocol === "https:" ? agents[url.protocol] : undefined;
  if (!agent)
    return Promise.reject(
      new TypeError("fetch failed", { cause: new Error(`${url.protocol} URLs are not sent over HTTP`) }),
    );
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  const outgoing: Record<string, string> = {};
  for (const [name, value] of headers) outgoing[name] = value;
  if (body !== undefined) {
    outgoing["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.length);
    if (typeof body === "string" && !headers.has("content-type")) outgoing["content-type"] = "text/plain;charset=UTF-8";
  } else if (method === "POST" || method === "PUT" || method === "PATCH") outgoing["content-length"] = "0";
  return new Promise<ReadResponse>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
    };
    const onAbort = (): void => {
      request.destroy();
      fail(signal!.reason);
    };
    const request = send(url, { method, headers: outgoing, agent }, (incoming) => {
      const status = incoming.statusCode ?? 0;
      const responseHeaders = new Headers();
      const raw = incoming.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) responseHeaders.append(raw[i]!, raw[i + 1]!);
      const done = (chunks: Uint8Array[] | null): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        resolve({
          status,
          statusText: incoming.statusMessage ?? "",
          headers: responseHeaders,
          url: url.href,
          body: null,
          chunks,
        });
      };
      if (method === "HEAD" || NULL_BODY_STATUSES.has(status) || REDIRECT_STATUSES.has(status)) {
        incoming.resume();
        incoming.once("end", () => done(null));
        incoming.once("error", fail);
        return;
      }
      const stream = decoded(incoming, responseHeaders.get("content-encoding"));
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBodyBytes) {
          request.destroy();
          return fail(new BodyLimitError(maxBodyBytes));
        }
        if (chunk.length > 0) chunks.push(chunk);
      });
      stream.once("end", () => done(chunks));
      stream.once("error", fail);
      // A connection closed before the body's end (a short Content-Length, a reset).
      incoming.once("close", () => {
        if (!incoming.complete) fail(new Error("terminated"));
      });
    });
    request.once("error", fail);
    if (signal) {
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
    }
    request.end(body);
  });
}

/**
 * The body as sent, decoded as fetch decodes it: `Content-Encoding` lists the codings in the order
 * they were applied (`gzip, br`), so they are undone last first. gzip (x-gzip), deflate and br are
 * known; a list with any other coding is left as is, as fetch leaves it.
 */
function decoded(incoming: IncomingMessage, encoding: string | null): Readable {
  if (!encoding) return incoming;
  const decoders: Transform[] = [];
  const codings = encoding.toLowerCase().split(",");
  for (let i = codings.length - 1; i >= 0; i--) {
    const decoder = decoderOf(codings[i]!.trim());
    if (!decoder) return incoming;
    decoders.push(decoder);
  }
  let stream: Readable = incoming;
  for (const decoder of decoders) {
    // An error anywhere upstream (the socket, an earlier decoder) ends the last stream with it.
    stream.once("error", (error) => decoder.destroy(error));
    stream = stream.pipe(decoder);
  }
  return stream;
}

function decoderOf(coding: string): Transform | undefined {
  if (coding === "gzip" || coding === "x-gzip") return createGunzip();
  if (coding === "deflate") return createInflate();
  if (coding === "br") return createBrotliDecompress();
  return undefined;
}
