import type { Client, ParamsOption, RequestBodyOption } from "openapi-fetch";
import type { ErrorResponseJSON, RequiredKeysOf, SuccessResponseJSON } from "openapi-typescript-helpers";
import type { Page, PaginateOptions } from "./pagination.js";
import type { ClientSpec } from "./spec.js";

/** Per-call options, beside the operation's parameters. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  /** Per attempt; default the client's `timeoutMs` (60 s). */
  readonly timeoutMs?: number | undefined;
  /** `false` or 0 disables retries for this call; a number also enables them for unsafe operations. */
  readonly retries?: number | false | undefined;
  readonly headers?: Record<string, string> | undefined;
}

/** What an operation method takes: openapi-fetch's `{ params, body }` plus call options. */
export type OperationInit<Op> = ParamsOption<Op> & RequestBodyOption<Op> & CallOptions;

/** The init argument is optional exactly when the operation requires nothing. */
export type InitArgs<Op, Extra extends unknown[] = [], Init = OperationInit<Op>> =
  RequiredKeysOf<Init> extends never ? [init?: Init, ...Extra] : [init: Init, ...Extra];

// biome-ignore lint/suspicious/noExplicitAny: widens an operation for openapi-typescript-helpers' response lookups.
type AnyOp = Record<string | number, any>;

/** The JSON body of the operation's success response. */
export type OperationData<Op> = SuccessResponseJSON<Op & AnyOp>;

/** The JSON bodies the spec declares for the operation's error responses (an `ApiError`'s `body`). */
export type OperationErrorBody<Op> = ErrorResponseJSON<Op & AnyOp>;

/** Calls the operation; resolves to the response body, throws a typed error otherwise. */
export type OperationMethod<Op> = (...args: InitArgs<Op>) => Promise<OperationData<Op>>;

/** Every item over all pages, fetched lazily. */
export type PaginateMethod<Op, Item> = (
  ...args: InitArgs<Op, [options?: PaginateOptions]>
) => AsyncGenerator<Item, void, undefined>;

/** Every page, fetched lazily. */
export type PagesMethod<Op, Item> = (
  ...args: InitArgs<Op, [options?: PaginateOptions]>
) => AsyncGenerator<Page<Item, OperationData<Op>>, void, undefined>;

/** What every generated client has besides its operations. */
export interface ApiClient<Paths extends {}> {
  /** openapi-fetch's client over the same pipeline (auth, retries, timeouts, logging); returns `{ data, error }`. */
  readonly raw: Client<Paths>;
  readonly spec: ClientSpec;
  readonly baseUrl: string;
}
