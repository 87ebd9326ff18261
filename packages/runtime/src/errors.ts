import { reasonPhrase, summarizeBody } from "./error-message.js";
import { redactValue, type Redactor } from "./redact.js";

/**
 * Every error the runtime throws. Fields hold only redacted values, and `toJSON` lists them, so an
 * error can be logged or serialised whole without leaking a credential.
 */
export class EventkitError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message };
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
  readonly vendor: string;
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  readonly status: S;
  readonly headers: Record<string, string>;
  readonly body: B;
  readonly requestId?: string;

  constructor(init: ApiErrorInit<S, B>) {
    super(init.message);
    this.vendor = init.vendor;
    this.operationId = init.operationId;
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.headers = init.headers;
    this.body = init.body;
    this.requestId = init.requestId;
  }

  override toJSON(): Record<string, unknown> {
    const { vendor, operationId, method, url, status, headers, body, requestId } = this;
    return { ...super.toJSON(), vendor, operationId, method, url, status, headers, body, requestId };
  }
}

export class BadRequestError extends ApiError<400> {}
export class AuthenticationError extends ApiError<401> {}
export class PermissionDeniedError extends ApiError<403> {}
export class NotFoundError extends ApiError<404> {}
export class ConflictError extends ApiError<409> {}
export class UnprocessableEntityError extends ApiError<422> {}
export class RateLimitError extends ApiError<429> {}
export class InternalServerError extends ApiError<number> {}

/** `never`: each class accepts only its own status, which the table guarantees by its keys. */
type ApiErrorClass = new (init: ApiErrorInit<never>) => ApiError;

const ERROR_CLASS_BY_STATUS: Readonly<Record<number, ApiErrorClass>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** First present wins; vendors and the proxies in front of them name the id differently. */
const REQUEST_ID_HEADERS = [
  "x-request-id",
  "x-datadog-request-id",
  "request-id",
  "x-amzn-requestid",
  "x-correlation-id",
  "cf-ray",
];

const MAX_DETAIL_LENGTH = 200;

export interface ApiErrorSource {
  readonly vendor: string;
  readonly operationId: string;
  readonly method: string;
  /** As sent; redacted here. */
  readonly url: string;
  readonly status: number;
  readonly statusText?: string;
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
  const errorClass = ERROR_CLASS_BY_STATUS[init.status] ?? (init.status >= 500 ? InternalServerError : ApiError);
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
  readonly vendor: string;
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  readonly attempts: number;

  constructor(init: ConnectionErrorInit) {
    const reason = describeCause(init.cause);
    super(
      `${init.vendor} ${init.operationId}: ${init.method} ${init.url} failed after ${plural(init.attempts, "attempt")}` +
        (reason ? ` (${reason})` : ""),
      { cause: init.cause },
    );
    this.vendor = init.vendor;
    this.operationId = init.operationId;
    this.method = init.method;
    this.url = init.url;
    this.attempts = init.attempts;
  }

  override toJSON(): Record<string, unknown> {
    const { vendor, operationId, method, url, attempts } = this;
    return { ...super.toJSON(), vendor, operationId, method, url, attempts };
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
  readonly vendor: string;
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  readonly timeoutMs: number;
  readonly attempts: number;

  constructor(init: TimeoutErrorInit) {
    super(
      `${init.vendor} ${init.operationId}: ${init.method} ${init.url} timed out after ${init.timeoutMs} ms ` +
        `(${plural(init.attempts, "attempt")})`,
    );
    this.vendor = init.vendor;
    this.operationId = init.operationId;
    this.method = init.method;
    this.url = init.url;
    this.timeoutMs = init.timeoutMs;
    this.attempts = init.attempts;
  }

  override toJSON(): Record<string, unknown> {
    const { vendor, operationId, method, url, timeoutMs, attempts } = this;
    return { ...super.toJSON(), vendor, operationId, method, url, timeoutMs, attempts };
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
  readonly vendor: string;
  readonly operationId: string;
  readonly detail: string;

  constructor(init: InvalidResponseErrorInit) {
    super(`${init.vendor} ${init.operationId}: invalid response: ${init.detail}`);
    this.vendor = init.vendor;
    this.operationId = init.operationId;
    this.detail = init.detail;
  }

  override toJSON(): Record<string, unknown> {
    const { vendor, operationId, detail } = this;
    return { ...super.toJSON(), vendor, operationId, detail };
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
  readonly vendor: string;
  readonly operationId: string;
  readonly reason: PaginationErrorReason;
  readonly detail: string;

  constructor(init: PaginationErrorInit) {
    super(`${init.vendor} ${init.operationId}: pagination stopped (${init.reason}): ${init.detail}`);
    this.vendor = init.vendor;
    this.operationId = init.operationId;
    this.reason = init.reason;
    this.detail = init.detail;
  }

  override toJSON(): Record<string, unknown> {
    const { vendor, operationId, reason, detail } = this;
    return { ...super.toJSON(), vendor, operationId, reason, detail };
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
