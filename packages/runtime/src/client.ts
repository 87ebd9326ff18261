import createClient, { type Client } from "openapi-fetch";
import { createAuthorizer, type PasswordDigests } from "./auth.js";
import { bodyIsEmpty, bodyJson, bodyText, MAX_BODY_BYTES, type SettledResponse, toResponse } from "./body.js";
import type { ApiClient, CallOptions } from "./call-types.js";
import { defaultEnv } from "./env.js";
import { createApiError, InvalidResponseError } from "./errors.js";
import { ConfigurationError } from "./config-error.js";
import { createLogger } from "./log.js";
import type { ClientOptions } from "./options.js";
import { type FetchedPage, paginate, paginateItems, type PageRequest, type PaginateOptions } from "./pagination.js";
import { createRedactor } from "./redact.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";
import { requestParts } from "./request-parts.js";
import { resolveBaseUrl, type ServerOptions } from "./servers.js";
import type { ClientSpec, OperationSpec } from "./spec.js";
import { DEFAULT_TIMEOUT_MS, send, sendSettled, type TransportOptions } from "./transport.js";

// biome-ignore lint/complexity/noBannedTypes: openapi-fetch's paths type for a client built from spec data; each generated package casts to its own.
type AnyPaths = {};
type Init = CallOptions & {
  params?: { query?: Record<string, unknown>; header?: unknown; path?: unknown; cookie?: unknown };
  body?: unknown;
  /** openapi-fetch's: how a success body is read (default JSON), for operations that answer otherwise. */
  parseAs?: "json" | "text" | "blob" | "arrayBuffer" | "stream" | undefined;
};
type Method = (init?: Init) => Promise<unknown>;
type Iterate = (init?: Init, options?: PaginateOptions) => AsyncGenerator<unknown, void, undefined>;

/**
 * A page's data, and its Response (without a body) made only if someone reads it: most listings
 * never do. A class, not a literal with a getter, which V8 takes a microsecond to make.
 */
class FetchedPageOf implements FetchedPage<unknown> {
  readonly data: unknown;
  // Only what `response` shows (it has no body): holding `settled` would keep the page's text or
  // bytes alive as long as the page, and a feed's pages outlive a scavenge or two.
  #head: SettledResponse;
  #response: Response | undefined;

  constructor({ data, settled }: { data: unknown; settled: SettledResponse }) {
    this.data = data;
    const { status, statusText, headers, url } = settled;
    this.#head = { status, statusText, headers, url, body: null };
  }

  get response(): Response {
    this.#response ??= toResponse(this.#head, false);
    return this.#response;
  }
}

const fetchedPage = (fetched: { data: unknown; settled: SettledResponse }): FetchedPage<unknown> =>
  new FetchedPageOf(fetched);

function retryPolicy(option: number | Partial<RetryPolicy> | undefined): RetryPolicy {
  if (typeof option === "number") return { ...DEFAULT_RETRY_POLICY, retries: option };
  return { ...DEFAULT_RETRY_POLICY, ...option };
}

/** What a generated client adds to the runtime only when its spec needs it, so other clients do not bundle it. */
export interface ClientExtensions {
  /** Digests the spec's basic schemes send instead of the password (`x-eventkit-password-digest`). */
  readonly passwordDigests?: PasswordDigests;
  /**
   * The exact-digits JSON parser (`@eventkit/runtime/int64`) for operations whose spec lists
   * `int64Paths`; only clients with such operations import it.
   */
  readonly parseJsonInt64?: (text: string, paths: readonly string[]) => unknown;
}

/** The `maxBodyBytes` option, checked: a positive whole number of bytes, or absent for the default. */
function bodyLimit(vendor: string, value: number | undefined): number {
  if (value === undefined) return MAX_BODY_BYTES;
  if (Number.isSafeInteger(value) && value > 0) return value;
  throw new ConfigurationError(`${vendor}: maxBodyBytes must be a positive whole number of bytes, not ${value}`);
}

/**
 * Builds a client from the spec data a generated package passes in: one method per operation
 * (throwing typed errors), `paginate`/`pages` iterators for paginated ones, and `raw`, the
 * openapi-fetch client over the same pipeline.
 */
export function createApiClient<
  Auth extends object = Record<string, unknown>,
  Vars extends object = Record<string, string>,
>(
  spec: ClientSpec,
  options: ClientOptions<Auth, Vars> = {},
  extensions: ClientExtensions = {},
): ApiClient<AnyPaths> & Record<string, unknown> {
  const env = options.env ?? defaultEnv();
  const vendor = spec.vendor;
  const baseUrl = resolveBaseUrl(
    vendor,
    spec.servers,
    options.baseUrl,
    options.server as ServerOptions | undefined,
    env,
  );
  const authorizer = createAuthorizer(
    spec,
    options.auth as Record<string, unknown> | undefined,
    env,
    extensions.passwordDigests,
  );
  const redactor = createRedactor(authorizer);
  const { parseJsonInt64 } = extensions;
  if (!parseJsonInt64) {
    const op = Object.values(spec.operations).find((o) => o.int64Paths);
    if (op)
      throw new ConfigurationError(
        `${vendor}: operation ${op.operationId} has int64 fields, but the client was built without their parser (pass { parseJsonInt64 } to createApiClient, imported from "@eventkit/runtime/int64")`,
      );
  }
  const transport: TransportOptions = {
    fetch: options.fetch ?? ((request, init) => globalThis.fetch(request, init)),
    fetchUrl: options.fetch ? undefined : (options.exchange ?? ((url, init) => globalThis.fetch(url, init))),
    retry: retryPolicy(options.retries),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    limits: { maxBodyBytes: bodyLimit(vendor, options.maxBodyBytes) },
    log: createLogger(options.debug, env, vendor),
    redactor,
    observer: options.observer,
  };

  const context = (op: OperationSpec, call: CallOptions) => ({
    vendor,
    operationId: op.operationId,
    safe: op.safe,
    retries: call.retries,
    timeoutMs: call.timeoutMs,
    signal: call.signal,
  });
  const pipeline = (op: OperationSpec, call: CallOptions) => async (request: Request) =>
    send(await authorizer.authorize(request, op), context(op, call), transport);

  // `raw` calls name a path template, not an operation: find the operation it belongs to so the
  // call gets that operation's credentials and retry safety.
  const templates = new WeakMap<Request, string>();
  const byRoute = new Map(Object.values(spec.operations).map((op) => [`${op.method.toUpperCase()} ${op.path}`, op]));
  const headers = options.headers ?? {};
  const trimmedBaseUrl = baseUrl.endsWith("/") ? baseUrl.slice(0, -1) : baseUrl;
  const raw = createClient<AnyPaths>({
    baseUrl,
    headers,
    fetch: (request: Request) => {
      const template = templates.get(request) ?? new URL(request.url).pathname;
      const op = byRoute.get(`${request.method} ${template}`) ?? {
        operationId: `${request.method} ${template}`,
        method: "get",
        path: template,
        safe: request.method === "GET",
        security: [],
      };
      return pipeline(op, {})(request);
    },
  }) as Client<AnyPaths>;
  raw.use({ onRequest: ({ request, schemaPath }) => void templates.set(request, schemaPath) });

  /**
   * A typed call: the request openapi-fetch would make, built as parts (one Request per attempt,
   * no clone) and sent through the transport, its body settled and then checked and parsed here.
   */
  async function execute(
    op: OperationSpec,
    init: Init = {},
    at?: URL,
  ): Promise<{ data: unknown; settled: SettledResponse }> {
    // `rest` is a fresh object: the call's headers go back on it rather than on a copy of it.
    const { signal, timeoutMs, retries, headers: callHeaders, parseAs, ...rest } = init;
    (rest as { headers?: unknown }).headers = callHeaders;
    const parts = requestParts(at ? at.origin : trimmedBaseUrl, headers, op.method, at ? at.pathname : op.path, rest);
    const authorized = { url: authorizer.authorizeParts(parts.url, parts.init.headers, op), init: parts.init };
    const call = { vendor, operationId: op.operationId, safe: op.safe, retries, timeoutMs, signal };
    const settled = await sendSettled(authorized, call, transport);
    const response = settled;
    if (settled.status < 200 || settled.status > 299) {
      const text = bodyText(settled);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: the error body stays text, as the server sent it.
      }
      throw createApiError(
        {
          vendor,
          operationId: op.operationId,
          method: op.method.toUpperCase(),
          url: response.url || `${baseUrl}${op.path}`,
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          body,
        },
        redactor,
      );
    }
    if (response.status === 204 || bodyIsEmpty(settled)) return { data: undefined, settled };
    if (parseAs !== undefined && parseAs !== "json") {
      const body = toResponse(settled);
      return { data: parseAs === "stream" ? body.body : await body[parseAs](), settled };
    }
    try {
      return {
        data: op.int64Paths ? parseJsonInt64!(bodyText(settled), op.int64Paths) : bodyJson(settled),
        settled,
      };
    } catch (error) {
      throw new InvalidResponseError({
        vendor,
        operationId: op.operationId,
        detail: redactor.text(`response body is not valid JSON (${(error as Error).message})`),
      });
    }
  }

  /** A page request becomes the operation called again with other query/body values, or a GET of a next-page URL. */
  const pageFetcher = (op: OperationSpec, init: Init, options: PaginateOptions) => {
    // The same for every page of a listing: made once, not per page.
    const call = { ...init, signal: options.signal ?? init.signal };
    let ownPath: string | undefined;
    return async (req: PageRequest) => {
      if (req.url === undefined) {
        const params = { ...call.params, query: req.query };
        return fetchedPage(
          await execute(op, req.body !== undefined ? { ...call, params, body: req.body } : { ...call, params }),
        );
      }
      const url = new URL(req.url);
      const query = Object.fromEntries(url.searchParams);
      ownPath ??= new URL(`${baseUrl}${op.path}`).pathname.replace(/\/+$/, "");
      const samePath = url.pathname.replace(/\/+$/, "") === ownPath;
      return fetchedPage(await execute(op, { ...call, params: { ...call.params, query } }, samePath ? undefined : url));
    };
  };

  const pagesArgs = (op: OperationSpec, init: Init = {}, options: PaginateOptions = {}) => ({
    vendor,
    operationId: op.operationId,
    spec: op.pagination!,
    baseUrl,
    first: { query: { ...(init.params?.query ?? {}) }, body: init.body },
    fetchPage: pageFetcher(op, init, options),
    options,
  });

  const client: Record<string, unknown> = { raw, spec, baseUrl };
  const paginateMembers: Record<string, Iterate> = {};
  const pagesMembers: Record<string, Iterate> = {};
  for (const [name, op] of Object.entries(spec.operations)) {
    client[name] = (async (init?: Init) => (await execute(op, init)).data) satisfies Method;
    if (!op.pagination) continue;
    paginateMembers[name] = (init, options) => paginateItems(pagesArgs(op, init, options));
    pagesMembers[name] = (init, options) => paginate(pagesArgs(op, init, options));
  }
  client.paginate = paginateMembers;
  client.pages = pagesMembers;
  return client as ApiClient<AnyPaths> & Record<string, unknown>;
}
