import { reasonPhrase, summarizeBody } from "./error-message.js";
import { redactValue, type Redactor } from "./redact.js";

/**
 * Every error the runtime throws. Fields hold only redacted values, and `toJSON` lists them, so an
 * error can be logged or serialised whole without leaking a credential.
 *
 * Each class states its `name` as a static field, which `new.target.name` reads: a minifier renames
 * classes (`e: ...` from `String(err)` in a user's bundle), never a string. The field costs each
 * lite bundle its 14 names (about 120 bytes gzipped).
 */
export class EventkitError extends Error {
  static override readonly name: string = "EventkitError";

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }

  /** Own enumerable fields: what subclasses assign with `Object.assign`, all redacted values. */
  toJSON(): Record<string, unknown> {
    return Object.assign({ name: this.name, message: this.message }, this) as unknown as Record<string, unknown>;
  }
}

export interface ApiErrorInit<S extends number = number, B = unknown> {
  readonly vendor: string;
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  readonly status: S;
  readonly headers: Record<string, string>;
  readonly body: B;
  readonly requestId?: string;
  readonly message: string;
}

/** A response outside 2xx. Build it with `createApiError`, which redacts what the server sent. */
export class ApiError<S extends number = number, B = unknown> extends EventkitError {
  static override readonly name: string = "ApiError";
  declare readonly vendor: string;
  declare readonly operationId: string;
  declare readonly method: string;
  declare readonly url: string;
  declare readonly status: S;
  declare readonly headers: Record<string, string>;
  declare readonly body: B;
  declare readonly requestId?: string;

  constructor(init: ApiErrorInit<S, B>) {
    super(init.message);
    // `message` too: an own property already (Error's, not enumerable), it stays what it is.
    Object.assign(this, init);
  }
}

export class BadRequestError extends ApiError<400> {
  static override readonly name: string = "BadRequestError";
}
export class AuthenticationError extends ApiError<401> {
  static override readonly name: string = "AuthenticationError";
}
export class PermissionDeniedError extends ApiError<403> {
  static override readonly name: string = "PermissionDeniedError";
}
export class NotFoundError extends ApiError<404> {
  static override readonly name: string = "NotFoundError";
}
export class ConflictError extends ApiError<409> {
  static override readonly name: string = "ConflictError";
}
export class UnprocessableEntityError extends ApiError<422> {
  static override readonly name: string = "UnprocessableEntityError";
}
export class RateLimitError extends ApiError<429> {
  static override readonly name: string = "RateLimitError";
}
export class InternalServerError extends ApiError<number> {
  static override readonly name: string = "InternalServerError";
}

/** `never`: each class accepts only its own status, which the table guarantees by its keys. */
export type ApiErrorClass = new (init: ApiErrorInit<never>) => ApiError;

const ERROR_CLASS_BY_STATUS: Readonly<Record<number, ApiErrorClass>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The class of the error for a response status: one per common status, `InternalServerError` for 5xx, else `ApiError`. */
export function apiErrorClass(status: number): ApiErrorClass {
  return ERROR_CLASS_BY_STATUS[status] ?? (status >= 500 ? InternalServerError : ApiError);
}

/** First present wins; vendors and the proxies in front of them name the id differently. */
export const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id", "cf-ray"];

const MAX_DETAIL_LENGTH = 200;

export interface ApiErrorSource {
  readonly vendor: string;
  readonly operationId: string;
  readonly method: string;
  /** As sent; redacted here. */
  readonly url: string;
  readonly status: number;
  readonly statusText?: string | undefined;
  readonly headers: Headers;
  /** Parsed JSON when the response was JSON, else its text. */
  readonly body: unknown;
}

export function createApiError(init: ApiErrorSource, redactor: Redactor): ApiError {
  const headers = redactor.headers(init.headers);
  const body = redactValue(init.body, redactor);
  const requestId = REQUEST_ID_HEADERS.map((name) => headers[name]).find((value) => value);
  const reason = reasonPhrase(init.status, init.statusText);
  const detail = summarizeBody(init.body, redactor, MAX_DETAIL_LENGTH);
  const message =
    `${init.vendor} ${init.operationId}: ${init.status}${reason ? ` ${reason}` : ""}` +
    (requestId ? ` (request id ${requestId})` : "") +
    (detail ? ` — ${detail}` : "");
  const errorClass = apiErrorClass(init.status);
  const fields: ApiErrorInit = {
    vendor: init.vendor,
    operationId: init.operationId,
    method: init.method.toUpperCase(),
    url: redactor.url(init.url),
    status: init.status,
    headers,
    body,
    ...(requestId ? { requestId } : {}),
    message,
  };
  return new errorClass(fields as ApiErrorInit<never>);
}

export interface ConnectionErrorInit {
  readonly vendor: string;
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  /** Already passed through `redactCause`. */
  readonly cause?: unknown;
}

/** No response arrived: refused, reset, DNS failure and the like. */
export class ConnectionError extends EventkitError {
  static override readonly name: string = "ConnectionError";
  declare readonly vendor: string;
  declare readonly operationId: string;
  declare readonly method: string;
  declare readonly url: string;
  declare readonly attempts: number;

  constructor(fields: ConnectionErrorInit) {
    const { cause } = fields;
    const reason = describeCause(cause);
    super(
      `${fields.vendor} ${fields.operationId}: ${fields.method} ${fields.url} failed after ${plural(fields.attempts, "attempt")}${reason ? ` (${reason})` : ""}`,
      { cause },
    );
    // `cause` too: an own property already (Error's, not enumerable), it stays what it is.
    Object.assign(this, fields);
  }
}

export interface TimeoutErrorInit {
  readonly vendor: string;
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  readonly timeoutMs: number;
  readonly attempts: number;
}

export class TimeoutError extends EventkitError {
  static override readonly name: string = "TimeoutError";
  declare readonly vendor: string;
  declare readonly operationId: string;
  declare readonly method: string;
  declare readonly url: string;
  declare readonly timeoutMs: number;
  declare readonly attempts: number;

  constructor(fields: TimeoutErrorInit) {
    super(
      `${fields.vendor} ${fields.operationId}: ${fields.method} ${fields.url} timed out after ${fields.timeoutMs} ms (${plural(fields.attempts, "attempt")})`,
    );
    Object.assign(this, fields);
  }
}

export interface InvalidResponseErrorInit {
  readonly vendor: string;
  readonly operationId: string;
  /** Already redacted: a parser's message can quote the body, and the body can echo a credential. */
  readonly detail: string;
}

/** A 2xx response the client cannot use, such as a body that is not the JSON it declares. */
export class InvalidResponseError extends EventkitError {
  static override readonly name: string = "InvalidResponseError";
  declare readonly vendor: string;
  declare readonly operationId: string;
  declare readonly detail: string;

  constructor(fields: InvalidResponseErrorInit) {
    super(`${fields.vendor} ${fields.operationId}: invalid response: ${fields.detail}`);
    Object.assign(this, fields);
  }
}

export type PaginationErrorReason = "repeated-cursor" | "repeated-url" | "foreign-origin" | "invalid-response";

export interface PaginationErrorInit {
  readonly vendor: string;
  readonly operationId: string;
  readonly reason: PaginationErrorReason;
  /** Must not contain a URL's query string: it may carry a credential. */
  readonly detail: string;
}

export class PaginationError extends EventkitError {
  static override readonly name: string = "PaginationError";
  declare readonly vendor: string;
  declare readonly operationId: string;
  declare readonly reason: PaginationErrorReason;
  declare readonly detail: string;

  constructor(fields: PaginationErrorInit) {
    super(`${fields.vendor} ${fields.operationId}: pagination stopped (${fields.reason}): ${fields.detail}`);
    Object.assign(this, fields);
  }
}

function describeCause(cause: unknown): string {
  const parts: string[] = [];
  for (let e = cause, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    parts.push(typeof code === "string" ? code : e.message);
  }
  return [...new Set(parts)].join(": ");
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
