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
  const serializedBody =
    body === undefined
      ? undefined
      : (bodySerializer as (body: unknown, headers: Headers) => unknown)(
          body,
          mergeHeaders(baseHeaders, headers as HeadersLike, params.header as HeadersLike),
        );
  const finalHeaders = mergeHeaders(
    // As openapi-fetch: no Content-Type without a body, and none of ours for FormData (fetch sets its boundary).
    serializedBody === undefined || serializedBody instanceof FormData ? {} : { "Content-Type": "application/json" },
    baseHeaders,
    headers as HeadersLike,
    params.header as HeadersLike,
  );
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
