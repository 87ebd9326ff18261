import { EXIT } from "./usage.js";

/** How long a run may take to wind down after Ctrl-C before it is ended anyway. */
export const WIND_DOWN_MS = 5_000;

export interface Interrupt {
  /** Aborted on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** 130 or 143 once a signal came. */
  readonly exitCode: number | undefined;
  dispose(): void;
}

const CODES = { SIGINT: EXIT.sigint, SIGTERM: EXIT.sigterm } as const;

/**
 * Turns SIGINT and SIGTERM into an abort, so that the run winds down on its own terms: requests
 * aborted, mocks closed, nothing half-written. The files a run writes stay consistent even if it
 * is killed outright (see files), so the wind-down is bounded: a second signal, or WIND_DOWN_MS
 * after the first, ends the process at once, with the same exit code.
 */
export function watchInterrupts(
  stderr: NodeJS.WritableStream,
  exit: (code: number) => never = (code) => process.exit(code),
): Interrupt {
  const controller = new AbortController();
  let exitCode: number | undefined;
  const onSignal = (signal: keyof typeof CODES): void => {
    if (exitCode !== undefined) {
      stderr.write(`eventkit: ${signal} again: stopping now\n`);
      exit(exitCode);
    }
    exitCode = CODES[signal];
    controller.abort(new DOMException(`interrupted by ${signal}`, "AbortError"));
    setTimeout(() => {
      stderr.write(`eventkit: still winding down ${WIND_DOWN_MS / 1000}s after ${signal}: stopping now\n`);
      exit(exitCode!);
    }, WIND_DOWN_MS).unref();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    get exitCode() {
      return exitCode;
    },
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
