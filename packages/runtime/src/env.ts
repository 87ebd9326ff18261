export type Env = Readonly<Record<string, string | undefined>>;

/** `process.env` where there is one (Node), else nothing: the runtime also runs in browsers. */
export function defaultEnv(): Env {
  const proc = (globalThis as { process?: { env?: Env } }).process;
  return proc?.env ?? {};
}
