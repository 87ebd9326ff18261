export { createApiClient } from "./client.js";
export type { ApiClient, CallOptions, InitArgs, OperationData, OperationErrorBody, OperationInit, OperationMethod, PaginateMethod, PagesMethod } from "./call-types.js";
export type { ClientOptions } from "./options.js";
export type {
  ClientSpec,
  FeedConfigValue,
  FeedFilter,
  FeedId,
  FeedParam,
  FeedSpec,
  FeedStatus,
  FeedStatusSpec,
  FeedTag,
  FeedText,
  FeedTime,
  HttpMethod,
  OperationSpec,
  PaginationSpec,
  SecuritySchemeSpec,
  ServerSpec,
  ServerVariableSpec,
  TimeFormat,
} from "./spec.js";
export type { ServerOptions } from "./servers.js";
export { ConfigurationError } from "./config-error.js";
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  createApiError,
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
export type { Page, PaginateOptions } from "./pagination.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";
export type { Observer } from "./transport.js";
export type { LogSink } from "./log.js";
