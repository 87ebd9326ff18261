import {
  type BodySerializer,
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  mergeHeaders,
  type PathSerializer,
  type QuerySerializer,
} from "openapi-fetch";

/** What openapi-fetch's mergeHeaders takes: a Headers, a record (`null` deletes), or nothing. */
export type HeadersLike = Parameters<typeof mergeHeaders>[number];

/** An operation's parameters as openapi-fetch reads them (the cookie ones it ignores). */
export interface RequestParams {
  readonly query?: Record<string, unknown> | undefined;
  readonly path?: unknown;
  readonly header?: unknown;
}

const defaultQuerySerializer = createQuerySerializer();
const keepPath: PathSerializer = (url) => url;

/**
 * The request openapi-fetch's `client.request` makes (its coreFetch), by its own serializers: the
 * URL from `baseUrl` (no trailing slash), the path template and the path and query parameters; the
 * body serialized with the headers merged (base, call, header parameters), so that the serializer
 * sees the Content-Type the caller chose; then those merged again over a JSON Content-Type (none
 * for no body or FormData, whose boundary fetch sets), which a caller's own Content-Type
 * overrides and a `null` one deletes. `init` is the rest of the RequestInit, a fresh object the
 * caller gives up: method, headers and body are set on it (over any it has) and it is returned. One function for the lite client (lite.ts) and the full client's typed calls
 * (request-parts.ts, which takes a shortcut for JSON bodies where it gives the same headers).
 * No `pathSerializer` leaves the URL as it is, which is what openapi-fetch's gives for a path with
 * no `{parameter}`: a lite client whose spec has none passes none, so its bundle holds none (the
 * full client passes openapi-fetch's).
 */
export function serializeRequest(
  method: string,
  baseUrl: string,
  path: string,
  params: RequestParams,
  baseHeaders: HeadersLike,
  headers: HeadersLike,
  body: unknown,
  init: RequestInit,
  querySerializer: QuerySerializer<unknown> = defaultQuerySerializer,
  pathSerializer: PathSerializer = keepPath,
  bodySerializer: BodySerializer<unknown> = defaultBodySerializer,
): [url: string, init: RequestInit & { method: string; headers: Headers }] {
  const header = params.header as HeadersLike;
  const sent =
    body === undefined
      ? undefined
      : (bodySerializer as (body: unknown, headers: Headers) => unknown)(
          body,
          mergeHeaders(baseHeaders, headers, header),
        );
  // `init` is the caller's own fresh object, completed in place: a copy made by spreading it
  // (`{ ...init, method }`) costs the Request made of it 30 µs more per call in Node 20 (undici
  // reads such a copy's fields on a slow path), which was most of the full client's overhead.
  const request = Object.assign(init, {
    method,
    // Undefined for none, which a Request reads as none (request-parts makes it null).
    body: sent as BodyInit,
    headers: mergeHeaders(
      sent === undefined || sent instanceof FormData ? {} : { "Content-Type": "application/json" },
      baseHeaders,
      headers,
      header,
    ),
  });
  return [
    createFinalURL(path, {
      baseUrl,
      params: params as Parameters<typeof createFinalURL>[1]["params"],
      querySerializer,
      pathSerializer,
    }),
    request,
  ];
}
