import { parseViolations, type Violation } from "../../src/violations.js";

export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly violations: readonly Violation[];
}

/** A fetch for the client under test that keeps what Prism said about each exchange. */
export function recordingFetch(): { fetch: (request: Request) => Promise<Response>; seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    fetch: async (request) => {
      const response = await fetch(request);
      seen.push({
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
        violations: parseViolations(response.headers.get("sl-violations")),
      });
      return response;
    },
  };
}
