import { type ParamsOption, type PathSerializer, removeTrailingSlash, type RequestBodyOption } from "openapi-fetch";
import type { InitArgs, OperationData } from "./call-types.js";
import { ConfigurationError } from "./config-error.js";
import type { Env } from "./env.js";
import { serializeRequest } from "./serialize-request.js";
import {
  apiErrorClass,
  type ApiErrorInit,
  ConnectionError,
  EventkitError,
  InvalidResponseError,
  REQUEST_ID_HEADERS,
  TimeoutError,
} from "./errors.js";

/**
 * The lite clients (`@eventkit/<vendor>/lite`): openapi-fetch with the base URL, the spec's
 * credentials (placed by generated code, one scheme at a time), typed errors and a per-attempt
 * timeout, and nothing else. What costs bytes comes as middleware the application passes in
 * `use` (`withRetry` from `@eventkit/runtime/retry`), so a bundle holds only what it calls.
 */

/** What one call through the middleware chain knows about itself. */
export interface LiteCall {
  readonly vendor: string;
  readonly operationId: string;
  /** A read that is safe to repeat (GET, HEAD, or `x-eventkit-safe`): what `withRetry` retries. */
  readonly safe: boolean;
  /** Per attempt, from the request to the response body's last byte. */
  readonly timeoutMs: number;
  /** Attempts sent so far (each pass through the innermost fetch). */
  attempts: number;
}

/** The innermost fetch and every middleware's result: sends the request once per call. */
export type LiteFetch = (request: Request, call: LiteCall) => Promise<Response>;
/** Wraps the fetch below it (retries, logging, caching...); the first in `use` is the outermost. */
export type LiteMiddleware = (next: LiteFetch) => LiteFetch;

export interface LiteClientOptions<Auth = Record<string, unknown>, Vars = Record<string, string>> {
  /** Credentials by security scheme name; each falls back to its environment variable. */
  readonly auth?: Auth | undefined;
  /** Overrides the spec's first server (a mock, a proxy, a regional host). */
  readonly baseUrl?: string | undefined;
  /** Variables of the spec's first server URL; each falls back to its environment variable, then its default. */
  readonly server?: { readonly variables?: Vars | undefined } | undefined;
  /** Default: the global fetch. */
  readonly fetch?: ((request: Request, init?: RequestInit) => Promise<Response>) | undefined;
  /** Per attempt, from sending the request to the response body's last byte; default 60 000. 0 or Infinity: none. */
  readonly timeoutMs?: number | undefined;
  /** Sent with every request. */
  readonly headers?: Record<string, string> | undefined;
  /** Middleware, outermost first: `use: [withRetry()]`. */
  readonly use?: readonly LiteMiddleware[] | undefined;
  /** Where credentials and server variables are read from; default process.env where there is one. */
  readonly env?: Env | undefined;
}

/** Per-call options, beside the operation's parameters. */
export interface LiteCallOptions {
  readonly signal?: AbortSignal | undefined;
  /** Per attempt; default the client's `timeoutMs`. */
  readonly timeoutMs?: number | undefined;
  readonly headers?: Record<string, string> | undefined;
}

export type LiteOperationInit<Op> = ParamsOption<Op> & RequestBodyOption<Op> & LiteCallOptions;

/** Calls the operation; resolves to the response body, throws a typed error otherwise. */
export type LiteOperationMethod<Op> = (...args: InitArgs<Op, [], LiteOperationInit<Op>>) => Promise<OperationData<Op>>;

/** What a scheme with a credential adds to a request, and the forms the credential takes (redacted from errors). */
export interface LiteCredential {
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly secrets: readonly string[];
}

/**
 * One operation: method, path template, operationId, its security requirements (alternatives of
 * scheme names; `[[]]` for an operation that needs none) and 1 when it is safe to repeat.
 */
export type LiteOperation = readonly [
  method: string,
  path: string,
  operationId: string,
  security: readonly (readonly string[])[],
  safe?: 1,
];

export interface LiteDefinition {
  readonly vendor: string;
  /** The spec's first server (no trailing slash), its variables filled in by the generated factory. */
  readonly baseUrl: string;
  /** Per security scheme: its credential, or how to give one (`auth.X or $ENV`) when none was found. */
  readonly credentials: Readonly<Record<string, LiteCredential | string>>;
  readonly operations: Readonly<Record<string, LiteOperation>>;
  /**
   * openapi-fetch's `defaultPathSerializer` when a path has a `{parameter}`; none (the URL as it is)
   * otherwise, so that the bundle of a client whose spec has no path parameters holds no path serializer.
   */
  readonly pathSerializer?: PathSerializer;
}

export { defaultPathSerializer } from "openapi-fetch";
export { base64 } from "./base64.js";
export { defaultEnv } from "./env.js";

/** For a spec without servers: the client needs `baseUrl`. */
export function noServer(vendor: string): never {
  throw new ConfigurationError(`${vendor}: the spec names no server: pass baseUrl`);
}

/** A server variable whose spec lists its values: the value, or a ConfigurationError naming what is allowed. */
export function oneOf(vendor: string, name: string, value: string, allowed: readonly string[]): string {
  if (allowed.includes(value)) return value;
  throw new ConfigurationError(`${vendor}: server variable ${name} "${value}" is not one of ${allowed.join(", ")}`);
}

type Init = LiteCallOptions & {
  params?: { query?: Record<string, unknown>; header?: Record<string, string>; path?: Record<string, unknown> };
  body?: unknown;
};

/**
 * Builds the client a generated `create<Vendor>LiteClient` describes: one method per operation.
 * Requests are built as the full client's typed calls build them (serialize-request.ts: openapi-fetch's
 * own serializers), so a call sends what openapi-fetch's `client.request` would; its client object
 * (middleware hooks, one helper per method, `use`/`eject`) is left out, since `use` here takes our
 * middleware.
 */
export function createLiteClient<Auth, Vars>(
  definition: LiteDefinition,
  options: LiteClientOptions<Auth, Vars>,
): Record<string, unknown> {
  const { vendor, credentials } = definition;
  const baseUrl = removeTrailingSlash(options.baseUrl ?? definition.baseUrl);
  const doFetch = options.fetch ?? ((request: Request, init?: RequestInit) => fetch(request, init));
  const innermost: LiteFetch = (request, call) => {
    call.attempts++;
    const ms = call.timeoutMs;
    return doFetch(
      request,
      ms > 0 && ms < Infinity ? { signal: AbortSignal.any([request.signal, AbortSignal.timeout(ms)]) } : undefined,
    );
  };
  const send = (options.use ?? []).reduceRight<LiteFetch>((next, middleware) => middleware(next), innermost);
  // An empty secret (a basic scheme's empty password) would match between every two characters.
  const secrets = Object.values(credentials).flatMap((c) => (c as LiteCredential).secrets?.filter((x) => x) ?? []);
  // Every string of what an error carries, at any depth, with the credentials replaced (a copy: JSON
  // in, JSON out, as the body came).
  const scrub = <T>(value: T): T =>
    JSON.parse(
      JSON.stringify(value, (_, v: unknown) =>
        typeof v === "string" ? secrets.reduce((text, secret) => text.replaceAll(secret, "[redacted]"), v) : v,
      ),
    ) as T;

  // 60 s per attempt, as the full client (transport.ts DEFAULT_TIMEOUT_MS).
  const defaultTimeoutMs = options.timeoutMs ?? 60_000;
  const methods: Record<string, unknown> = {};
  for (const [name, [method, path, operationId, security, safe]] of Object.entries(definition.operations)) {
    methods[name] = async ({
      signal,
      timeoutMs = defaultTimeoutMs,
      params = {},
      headers,
      body,
      ...rest
    }: Init = {}) => {
      const chosen = security.find((set) => set.every((s) => typeof credentials[s] === "object"));
      if (!chosen)
        throw new ConfigurationError(
          `${vendor} ${operationId}: missing credentials: pass ${credentials[security[0]!.find((s) => typeof credentials[s] === "string")!]}`,
        );
      let query = params.query;
      for (const s of chosen) {
        const credential = credentials[s] as LiteCredential;
        query = { ...query, ...credential.query };
        headers = { ...headers, ...credential.headers };
      }
      const call: LiteCall = { vendor, operationId, safe: !!safe, timeoutMs, attempts: 0 };
      const fields = { vendor, operationId, method, url: baseUrl + path };
      let response: Response;
      let text: string;
      try {
        // Request's default redirect mode is "follow", which openapi-fetch spells out; an undefined
        // signal is none.
        const request = new Request(
          ...serializeRequest(
            method,
            baseUrl,
            path,
            { ...params, query },
            options.headers,
            headers,
            body,
            { ...rest, signal } as RequestInit,
            undefined,
            definition.pathSerializer,
          ),
        );
        response = await send(request, call);
        // An empty body (204, HEAD, Content-Length 0) is no data, as openapi-fetch reads it.
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (error instanceof EventkitError) throw error;
        throw (error as Error)?.name === "TimeoutError"
          ? new TimeoutError({ ...fields, timeoutMs, attempts: call.attempts })
          : new ConnectionError({ ...fields, attempts: call.attempts, cause: error });
      }
      // JSON, as openapi-fetch reads it; an error's body that is not JSON is kept as its text.
      let data: unknown;
      try {
        data = text ? JSON.parse(text) : undefined;
      } catch {
        if (response.ok)
          throw new InvalidResponseError({ vendor, operationId, detail: "response body is not valid JSON" });
        data = text;
      }
      if (response.ok) return data;
      const found = scrub({
        ...fields,
        url: response.url || fields.url,
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: data,
      }) as Omit<ApiErrorInit, "message">;
      const requestId = REQUEST_ID_HEADERS.map((h) => found.headers[h]).find((v) => v);
      const Class = apiErrorClass(response.status);
      throw new Class({
        ...found,
        ...(requestId ? { requestId } : {}),
        message: `${vendor} ${operationId}: ${response.status}${requestId ? ` (request id ${requestId})` : ""}`,
      } as ApiErrorInit<never>);
    };
  }
  return methods;
}
