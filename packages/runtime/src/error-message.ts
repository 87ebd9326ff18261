import type { Redactor } from "./redact.js";

/** HTTP/2 carries no reason phrase, so `statusText` is often empty. */
const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function reasonPhrase(status: number, statusText?: string): string {
  return statusText || REASON_PHRASES[status] || "";
}

/**
 * The start of the error message a response body carries, redacted before it is cut so that a
 * credential split by the cut cannot slip past the redactor.
 */
export function summarizeBody(body: unknown, redactor: Redactor, maxLength: number): string {
  return truncate(collapse(redactor.text(bodyMessage(body))), maxLength);
}

/** The human-readable part of an error body, under the names APIs commonly use for it. */
function bodyMessage(body: unknown, depth = 0): string {
  if (typeof body === "string") return depth === 0 && body.trimStart().startsWith("<") ? "" : body;
  if (depth > 3 || body === null || typeof body !== "object") return "";
  if (Array.isArray(body)) {
    return body
      .map((entry) => bodyMessage(entry, depth + 1))
      .filter(Boolean)
      .join("; ");
  }
  const record = body as Record<string, unknown>;
  for (const key of ["message", "errors", "error", "detail", "title"]) {
    const text = bodyMessage(record[key], depth + 1);
    if (text) return text;
  }
  return "";
}

function collapse(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
