import { SpecViolationError } from "./errors.js";

/** One entry of Prism's `sl-violations` header. */
export interface Violation {
  /** `["request", "query", "limit"]`, `["response", "body", "results", "0", "id"]`… */
  readonly location: readonly string[];
  readonly severity: "Error" | "Warning" | "Information" | "Hint" | string;
  readonly code?: string | number;
  readonly message: string;
}

/** A request whose exchange Prism flagged, as recorded by a mock or scenario. */
export interface ViolationRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly violations: readonly Violation[];
}

/** Parses the `sl-violations` header Prism sets; an absent or unreadable header is no violation. */
export function parseViolations(header: string | null | undefined): Violation[] {
  if (!header) return [];
  // Prism cuts a header over 8 KB and prefixes it; whatever it cut, the exchange did violate.
  const truncated = header.startsWith("Too many violations! ");
  const text = truncated ? header.slice("Too many violations! ".length) : header;
  try {
    const parsed = JSON.parse(text) as Violation[];
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [
      {
        location: [],
        severity: "Error",
        message: truncated ? "too many violations to list" : `unreadable sl-violations header: ${text.slice(0, 200)}`,
      },
    ];
  }
}

export function isError(violation: Violation): boolean {
  return violation.severity === "Error";
}

export function describeViolation(v: Violation): string {
  const where = v.location.join(".");
  return `${v.severity.toLowerCase()}${where ? ` at ${where}` : ""}: ${v.message}`;
}

/**
 * Throws a SpecViolationError listing every error-severity violation in `records`. Warnings (such
 * as a status code the spec does not declare, which Prism only warns about) pass unless asked for.
 */
export function assertNoViolations(
  records: readonly ViolationRecord[],
  label: string,
  options: { warnings?: boolean } = {},
): void {
  const failing = records
    .map((r) => ({
      ...r,
      violations: r.violations.filter((v) => isError(v) || (options.warnings === true && v.severity === "Warning")),
    }))
    .filter((r) => r.violations.length > 0);
  if (failing.length === 0) return;
  const lines = failing.flatMap((r) => [
    `  ${r.method} ${r.path} → ${r.status}`,
    ...r.violations.map((v) => `    ${describeViolation(v)}`),
  ]);
  const count = failing.reduce((n, r) => n + r.violations.length, 0);
  throw new SpecViolationError(
    `${label}: ${count} spec violation${count === 1 ? "" : "s"} reported by Prism:\n${lines.join("\n")}`,
    failing.flatMap((r) => r.violations),
  );
}

/**
 * A `fetch` for a client under test that fails the call when Prism reports an error-severity
 * violation of the request or the response, so a test cannot pass on data the spec forbids.
 */
export function failOnViolations(
  fetchImpl: (request: Request) => Promise<Response> = (request) => fetch(request),
): (request: Request) => Promise<Response> {
  return async (request) => {
    const method = request.method;
    const path = new URL(request.url).pathname;
    const response = await fetchImpl(request);
    const violations = parseViolations(response.headers.get("sl-violations"));
    if (violations.some(isError)) {
      await response.body?.cancel().catch(() => undefined);
      assertNoViolations([{ method, path, status: response.status, violations }], `${method} ${path}`);
    }
    return response;
  };
}
