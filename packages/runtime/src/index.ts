export { createApiClient, type ClientExtensions } from "./client.js";
export type { PasswordDigests } from "./auth.js";
export type {
  ApiClient,
  InitArgs,
  OperationData,
  OperationErrorBody,
  OperationInit,
  OperationMethod,
  PaginateMethod,
  PagesMethod,
} from "./call-types.js";
export type { ClientOptions } from "./options.js";
export type { Exchange, ExchangeLimits, ReadResponse } from "./body.js";
export type {
  ClientFeeds,
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
export * from "./client-exports.js";
export { createApiError } from "./errors.js";
export { DEFAULT_RETRY_POLICY } from "./retry.js";
