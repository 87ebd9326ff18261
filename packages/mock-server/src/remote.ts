/** The scenario API seen from another process (a vitest worker): the same handle, asynchronous. */
import type { ScenarioInfo } from "./control.js";
import { MockServerError, type MockServerErrorCode } from "./errors.js";
import type { ScenarioOptions } from "./scenario.js";
import type { RecordedRequest } from "./scenario/upstream.js";
import { assertNoViolations, type ViolationRecord } from "./violations.js";

export interface RemoteScenario extends ScenarioInfo {
  events(operationId?: string): Promise<unknown[]>;
  addEvents(count: number): Promise<void>;
  violations(): Promise<ViolationRecord[]>;
  /** Rejects with a SpecViolationError listing every error-severity violation so far. */
  expectNoViolations(options?: { warnings?: boolean }): Promise<void>;
  requests(): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

export type RemoteScenarioOptions = Omit<ScenarioOptions, "onRequest" | "window"> & {
  readonly vendor: string;
  readonly window?: { readonly end?: string | number; readonly seconds?: number };
};

export interface ScenarioControl {
  start(options: RemoteScenarioOptions): Promise<RemoteScenario>;
  /** A scenario already running, by id (the vitest helper registers its scenarios under the vendor's name). */
  get(id: string): Promise<RemoteScenario>;
}

export function scenarioControl(controlUrl: string): ScenarioControl {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${controlUrl}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
    });
    if (response.status === 204) return undefined as T;
    const payload = (await response.json()) as { error?: string; code?: MockServerErrorCode };
    if (!response.ok)
      throw new MockServerError(
        payload.code ?? "INVALID_OPTIONS",
        payload.error ?? `scenario control: ${response.status}`,
      );
    return payload as T;
  };
  const handle = (info: ScenarioInfo): RemoteScenario => {
    const base = `/scenarios/${encodeURIComponent(info.id)}`;
    const violations = () => call<ViolationRecord[]>("GET", `${base}/violations`);
    return {
      ...info,
      events: (operationId) =>
        call("GET", `${base}/events${operationId ? `?operation=${encodeURIComponent(operationId)}` : ""}`),
      addEvents: (count) => call("POST", `${base}/events`, { count }),
      violations,
      expectNoViolations: async (options) =>
        assertNoViolations(await violations(), `${info.vendor} scenario ${info.id}`, options),
      requests: () => call("GET", `${base}/requests`),
      close: () => call("DELETE", base),
    };
  };
  return {
    start: async (options) => handle(await call<ScenarioInfo>("POST", "/scenarios", options)),
    get: async (id) => handle(await call<ScenarioInfo>("GET", `/scenarios/${encodeURIComponent(id)}`)),
  };
}
