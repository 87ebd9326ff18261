import {
  type BodySerializer,
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  mergeHeaders,
  type PathSerializer,
  type QuerySerializer,
  type QuerySerializerOptions,
  removeTrailingSlash,
} from "openapi-fetch";
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

type HeadersLike = Parameters<typeof mergeHeaders>[number];

const defaultQuerySerializer = createQuerySerializer();

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
    requestQuerySerializer === undefined
      ? defaultQuerySerializer
      : typeof requestQuerySerializer === "function"
        ? requestQuerySerializer
        : createQuerySerializer(requestQuerySerializer);
  const header = params.header as HeadersLike;
  let serializedBody: unknown;
  let finalHeaders: Headers;
  if (body === undefined) finalHeaders = mergeHeaders(baseHeaders, headers as HeadersLike, header);
  else if (
    bodySerializer !== defaultBodySerializer ||
    mayDeleteContentType(baseHeaders) ||
    mayDeleteContentType(headers) ||
    mayDeleteContentType(header)
  ) {
    // openapi-fetch's way exactly: the serializer sees the merged headers, then they are merged
    // again over a JSON Content-Type, which a `null` among them deletes.
    serializedBody = (bodySerializer as (body: unknown, headers: Headers) => unknown)(
      body,
      mergeHeaders(baseHeaders, headers as HeadersLike, header),
    );
    finalHeaders = mergeHeaders(
      // As openapi-fetch: none of ours for FormData (fetch sets its boundary).
      serializedBody === undefined || serializedBody instanceof FormData ? {} : { "Content-Type": "application/json" },
      baseHeaders,
      headers as HeadersLike,
      header,
    );
  } else {
    // The default serializer and no `null` Content-Type anywhere: merging once and adding the JSON
    // Content-Type where none was set gives the same headers.
    finalHeaders = mergeHeaders(baseHeaders, headers as HeadersLike, header);
    serializedBody = (bodySerializer as (body: unknown, headers: Headers) => unknown)(body, finalHeaders);
    if (serializedBody !== undefined && !(serializedBody instanceof FormData) && !finalHeaders.has("content-type"))
      finalHeaders.set("Content-Type", "application/json");
  }
  const url = createFinalURL(path, {
    baseUrl: localBaseUrl ? removeTrailingSlash(localBaseUrl) : baseUrl,
    params: params as Parameters<typeof createFinalURL>[1]["params"],
    querySerializer: querySerializer as QuerySerializer<unknown>,
    pathSerializer,
  });
  return {
    url,
    init: {
      redirect: "follow",
      ...(rest as RequestInit),
      method: method.toUpperCase(),
      headers: finalHeaders,
      body: (serializedBody ?? null) as BodyInit | null,
    },
  };
}
