import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { parseViolations, type Violation } from "./violations.js";

/** One request a mock answered, as seen on the wire. */
export interface Exchange {
  readonly method: string;
  /** Path and query, as requested. */
  readonly path: string;
  readonly status: number;
  readonly violations: readonly Violation[];
  readonly durationMs: number;
  /** Set when Prism answered by itself with a problem (invalid request, missing credentials…). */
  readonly problem?: { readonly title: string; readonly detail?: string };
}

type Listener = (exchange: Exchange) => void;

const listeners = new Map<string, Listener>();
const started = new WeakMap<ServerResponse, number>();
const problems = new WeakMap<ServerResponse, { title: string; detail?: string; violations: Violation[] }>();
let subscribed = false;

function keyOf(server: Server | undefined): string | undefined {
  const address = server?.address();
  return address && typeof address === "object" ? `${address.address}:${address.port}` : undefined;
}

/**
 * Node's HTTP diagnostics channels report every exchange of every server in the process, Prism's
 * included, without reaching into Prism: that is how mocks learn status and `sl-violations`.
 */
function ensureSubscribed(): void {
  if (subscribed) return;
  subscribed = true;
  subscribe("http.server.request.start", (message) => {
    const { response, server } = message as { response: ServerResponse; server?: Server };
    started.set(response, performance.now());
    const key = keyOf(server);
    if (key !== undefined && listeners.has(key)) captureProblem(response);
  });
  subscribe("http.server.response.finish", (message) => {
    const { request, response, server } = message as {
      request: IncomingMessage;
      response: ServerResponse;
      server?: Server;
    };
    const key = keyOf(server);
    const listener = key === undefined ? undefined : listeners.get(key);
    if (!listener) return;
    const header = response.getHeader("sl-violations");
    const problem = problems.get(response);
    listener({
      method: request.method ?? "GET",
      path: request.url ?? "/",
      status: response.statusCode,
      violations: [...parseViolations(typeof header === "string" ? header : undefined), ...(problem?.violations ?? [])],
      durationMs: performance.now() - (started.get(response) ?? performance.now()),
      ...(problem ? { problem: { title: problem.title, ...(problem.detail ? { detail: problem.detail } : {}) } } : {}),
    });
  });
}

/** Calls `listener` for each exchange of the server bound to `address:port`; returns the unsubscribe. */
export function observe(address: string, port: number, listener: Listener): () => void {
  ensureSubscribed();
  const key = `${address}:${port}`;
  listeners.set(key, listener);
  return () => {
    if (listeners.get(key) === listener) listeners.delete(key);
  };
}

/**
 * When Prism rejects a request itself it says why in an application/problem+json body, not in
 * `sl-violations`; the body is read as it is sent so that the log can say what was wrong.
 */
function captureProblem(response: ServerResponse): void {
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.end = ((...args: unknown[]) => {
    const chunk = args[0];
    if (
      String(response.getHeader("content-type") ?? "").includes("problem+json") &&
      (typeof chunk === "string" || Buffer.isBuffer(chunk))
    ) {
      try {
        const body = JSON.parse(String(chunk)) as { title?: unknown; detail?: unknown; validation?: unknown };
        const violations = Array.isArray(body.validation)
          ? (body.validation as { location?: unknown; severity?: unknown; code?: unknown; message?: unknown }[]).map(
              (v) => ({
                location: Array.isArray(v.location) ? v.location.map(String) : [],
                severity: typeof v.severity === "string" ? v.severity : "Error",
                ...(typeof v.code === "string" || typeof v.code === "number" ? { code: v.code } : {}),
                message: String(v.message ?? ""),
              }),
            )
          : [];
        problems.set(response, {
          title: String(body.title ?? "problem"),
          ...(typeof body.detail === "string" ? { detail: body.detail } : {}),
          violations,
        });
      } catch {
        // Not the JSON it claims to be: nothing to report beyond the status.
      }
    }
    return end(...args);
  }) as ServerResponse["end"];
}
