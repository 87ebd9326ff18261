import type { VendorName } from "../event.js";
import { VENDOR_VARIABLES } from "./vendor-options.js";
import { UsageError } from "./usage.js";

export interface RunningMocks {
  readonly urls: Partial<Record<VendorName, string>>;
  /** Dummy values for every vendor's variables: the mocks check that credentials are sent, not what they are. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** Fixed, so that every `--mock` run serves the same events. */
export const MOCK_SEED = 7;
export const MOCK_EVENTS = 30;
/**
 * The events span the 22 hours up to the anchor: all of them stay within `--since 24h` (the
 * default) for the whole hour the anchor is good for.
 */
const SPAN_SECONDS = 22 * 3600;

/** The start of the current UTC hour: recent enough for `--since 24h`, stable enough to run twice. */
export function mockAnchor(now: number): number {
  return Math.floor(now / 3_600_000) * 3_600_000;
}

/**
 * Starts the scenario mocks (Prism validating every response against the vendor's spec, in front
 * of a server with many pages of events) in this process. @eventkit/mock-server is an optional
 * peer dependency, loaded only here, so that the library does not pull Prism in.
 */
export async function startMocks(
  vendors: readonly VendorName[],
  anchor: number,
  signal: AbortSignal,
): Promise<RunningMocks> {
  let mockServer: typeof import("@eventkit/mock-server");
  try {
    mockServer = await import("@eventkit/mock-server");
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "ERR_MODULE_NOT_FOUND" || !String((error as Error).message).includes("@eventkit/mock-server"))
      throw error;
    throw new UsageError(
      "--mock needs @eventkit/mock-server: install it beside @eventkit/events (npm i -D @eventkit/mock-server)",
    );
  }
  signal.throwIfAborted();
  const starting = mockServer.startScenarios(vendors, {
    seed: MOCK_SEED,
    events: MOCK_EVENTS,
    pageSize: 10,
    window: { end: anchor, seconds: SPAN_SECONDS },
  });
  // Ctrl-C while Prism starts: stop waiting now, and close the mocks whenever they are up.
  const scenarios = await new Promise<Awaited<typeof starting>>((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason);
      starting.then((started) => Promise.all(started.map((s) => s.close()))).catch(() => undefined);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    starting.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
  return {
    urls: Object.fromEntries(scenarios.map((s) => [s.vendor, s.url])),
    env: mockEnvironment(vendors),
    close: async () => {
      await Promise.all(scenarios.map((s) => s.close()));
    },
  };
}

/** Dummy values for the vendors' required variables: known before any mock starts, so that flags are checked first. */
export function mockEnvironment(vendors: readonly VendorName[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of vendors.flatMap((v) => VENDOR_VARIABLES[v])) {
    if (variable.required) env[variable.env] = variable.mockValue;
  }
  return env;
}
