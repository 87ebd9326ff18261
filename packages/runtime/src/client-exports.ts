/**
 * What every generated vendor package re-exports (`export * from "@eventkit/runtime/client-exports"`),
 * so `import { RateLimitError } from "@eventkit/opal"` works for an application that installed
 * only the client: the error classes and the option types a caller names.
 */
export { ConfigurationError } from "./config-error.js";
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  EventkitError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
} from "./errors.js";
export type { CallOptions } from "./call-types.js";
export type { LogSink } from "./log.js";
export type { Page, PaginateOptions } from "./pagination.js";
export type { RetryPolicy } from "./retry.js";
export type { Observer } from "./transport.js";
