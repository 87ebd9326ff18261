import {
  type BodySerializer,
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
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

/**
 * The request openapi-fetch's `client.request` makes (its coreFetch), by its own serializers: the
 * URL from `baseUrl` (no trailing slash), the path template and the path and query parameters; the
 * body serialized with the headers merged (base, call, header parameters) so the serializer sees
 * the Content-Type the caller chose; those merged again over a JSON Content-Type (none for no body
 * or FormData, whose boundary fetch sets), which a caller's own Content-Type overrides and a
 * `null` one deletes. `init` is the rest of the RequestInit; method, headers and body win over it.
 * One function for the lite client (lite.ts) and the full client's typed calls (request-parts.ts).
 *
 * `mergeOnce`: the caller knows that no header layer deletes the Content-Type (a `null` value) and
 * that the body serializer is the default: merging once and adding the JSON Content-Type where
 * none is set then gives the same headers as merging twice, for one Headers object less per call
 * (the full client checks; the lite client, whose bytes count more than that, does not).
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
  pathSerializer: PathSerializer = defaultPathSerializer,
  bodySerializer: BodySerializer<unknown> = defaultBodySerializer,
  mergeOnce?: boolean,
): [url: string, init: RequestInit & { method: string; headers: Headers }] {
  let merged = mergeHeaders(baseHeaders, headers, params.header as HeadersLike);
  let sent: unknown;
  // No body: the JSON Content-Type is not added, and one merge is all openapi-fetch's two give.
  if (body !== undefined) {
    sent = (bodySerializer as (body: unknown, headers: Headers) => unknown)(body, merged);
    const json = sent !== undefined && !(sent instanceof FormData);
    if (!mergeOnce)
      merged = mergeHeaders(
        json ? { "Content-Type": "application/json" } : {},
        baseHeaders,
        headers,
        params.header as HeadersLike,
      );
    else if (json && !merged.has("content-type")) merged.set("Content-Type", "application/json");
  }
  return [
    createFinalURL(path, {
      baseUrl,
      params: params as Parameters<typeof createFinalURL>[1]["params"],
      querySerializer,
      pathSerializer,
    }),
    { ...init, method, headers: merged, body: (sent ?? null) as BodyInit | null },
  ];
}
