export type LogSink = (line: string) => void;

const PREFIX = "[eventkit]";

/**
 * The debug sink for one vendor's client, or undefined when logging is off. An explicit `false`
 * wins over the environment, so code can silence a client that `EVENTKIT_DEBUG=*` would enable.
 */
export function createLogger(
  option: boolean | LogSink | undefined,
  env: Record<string, string | undefined>,
  vendor: string,
): LogSink | undefined {
  if (typeof option === "function") return option;
  if (option === false) return undefined;
  if (option === true || debugEnabled(env.EVENTKIT_DEBUG, vendor)) return writeToStderr;
  return undefined;
}

function debugEnabled(value: string | undefined, vendor: string): boolean {
  const setting = (value ?? "").trim().toLowerCase();
  if (setting === "1" || setting === "true") return true;
  return setting.split(",").some((name) => {
    const trimmed = name.trim();
    return trimmed === "*" || trimmed === vendor.toLowerCase();
  });
}

/** stderr in Node; the console elsewhere (browsers, edge runtimes). */
function writeToStderr(line: string): void {
  const stderr = (globalThis as { process?: { stderr?: { write(s: string): void } } }).process?.stderr;
  if (stderr) stderr.write(`${line}\n`);
  else console.error(line);
}

export interface AttemptLine {
  readonly vendor: string;
  readonly method: string;
  /** Redacted. */
  readonly url: string;
  /** A status code, or what went wrong instead (`timeout`, `ECONNREFUSED`). */
  readonly outcome: number | string;
  readonly durationMs: number;
  readonly attempt: number;
  readonly attempts: number;
}

export function formatAttempt(line: AttemptLine): string {
  return (
    `${PREFIX} ${line.vendor} ${line.method} ${line.url} → ${line.outcome} in ${Math.round(line.durationMs)} ms ` +
    `(attempt ${line.attempt}/${line.attempts})`
  );
}

export interface RetryLine {
  readonly vendor: string;
  readonly retry: number;
  readonly retries: number;
  readonly delayMs: number;
  readonly reason: number | string;
}

export function formatRetry(line: RetryLine): string {
  return `${PREFIX} ${line.vendor} retry ${line.retry}/${line.retries} in ${Math.round(line.delayMs)} ms after ${line.reason}`;
}
