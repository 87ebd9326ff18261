import {
  type BodySerializer,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  type PathSerializer,
  type QuerySerializer,
  type QuerySerializerOptions,
  removeTrailingSlash,
} from "openapi-fetch";
import { type HeadersLike, serializeRequest } from "./serialize-request.js";
import type { RequestParts } from "./transport.js";

/** What a typed method's init holds besides call options, as openapi-fetch reads it. */
export interface RequestInitLike {
  readonly params?: {
    readonly query?: Record<string, unknown>;
    readonly header?: unknown;
    readonly path?: unknown;
    readonly cookie?: unknown;
  };
  readonly body?: unknown;
  readonly headers?: unknown;
  readonly baseUrl?: string;
  readonly querySerializer?: QuerySerializer<unknown> | QuerySerializerOptions;
  readonly bodySerializer?: BodySerializer<unknown>;
  readonly pathSerializer?: PathSerializer;
  /** openapi-fetch's keys that are not RequestInit, left out of it. */
  readonly fetch?: unknown;
  readonly Request?: unknown;
  readonly middleware?: unknown;
  readonly parseAs?: unknown;
}

/** Whether headers given to mergeHeaders may delete the Content-Type (a `null` value), or cannot be told cheaply. */
function mayDeleteContentType(headers: unknown): boolean {
  if (headers === undefined || headers === null || typeof headers !== "object" || headers instanceof Headers)
    return false;
  if (Array.isArray(headers)) return true;
  for (const key in headers)
    if ((headers as Record<string, unknown>)[key] === null && key.toLowerCase() === "content-type") return true;
  return false;
}

/**
 * The request openapi-fetch would make for `method path` with this init (the same URL, headers and
 * body, by its own serializers), as parts the transport makes a Request of per attempt: openapi-fetch
 * would make a Request here that the transport then has to clone for every attempt that may be retried.
 */
export function requestParts(
  baseUrl: string,
  baseHeaders: HeadersLike,
  method: string,
  path: string,
  init: RequestInitLike,
): RequestParts {
  const {
    baseUrl: localBaseUrl,
    headers,
    params = {},
    querySerializer: requestQuerySerializer,
    bodySerializer = defaultBodySerializer,
    pathSerializer = defaultPathSerializer,
    body,
    fetch: _fetch,
    Request: _request,
    middleware: _middleware,
    parseAs: _parseAs,
    ...rest
  } = init;
  const querySerializer =
    requestQuerySerializer === undefined || typeof requestQuerySerializer === "function"
      ? (requestQuerySerializer as QuerySerializer<unknown> | undefined)
      : createQuerySerializer(requestQuerySerializer);
  // The default serializer and no `null` Content-Type among the headers: merging them once (as for
  // no body) and adding the JSON Content-Type where none is set gives the headers openapi-fetch's
  // two merges give, for one Headers object less per call.
  const once =
    body !== undefined &&
    bodySerializer === defaultBodySerializer &&
    !mayDeleteContentType(baseHeaders) &&
    !mayDeleteContentType(headers) &&
    !mayDeleteContentType(params.header);
  const [url, request] = serializeRequest(
    method.toUpperCase(),
    localBaseUrl ? removeTrailingSlash(localBaseUrl) : baseUrl,
    path,
    params,
    baseHeaders,
    headers as HeadersLike,
    once ? undefined : body,
    { redirect: "follow", ...(rest as RequestInit) },
    querySerializer,
    pathSerializer,
    bodySerializer,
  );
  // None is null, as openapi-fetch makes it (the transport makes a Request of it per attempt).
  request.body ??= null;
  if (once) {
    const sent = (defaultBodySerializer as (body: unknown, headers: Headers) => unknown)(body, request.headers);
    request.body = (sent ?? null) as BodyInit | null;
    if (sent !== undefined && !(sent instanceof FormData) && !request.headers.has("content-type"))
      request.headers.set("Content-Type", "application/json");
  }
  return { url, init: request };
}
