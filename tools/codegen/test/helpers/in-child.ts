import { join } from "node:path";
import { run } from "./run.js";

const RUNNER = join(import.meta.dirname, "child-runner.ts");

export type ChildResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

/**
 * Calls `name` from the module at `file` in a process of its own (through tsx) and returns what it
 * returned, or its error's message. For work that holds the CPU for many seconds in one stretch (the
 * generator over a 3.8 MB spec, a 50,000-deep `$ref` chain): inside the test worker it would block
 * vitest's RPC past its fixed 60 s deadline on a busy machine and fail the run although the test
 * passed. Arguments and the result cross as JSON.
 */
export async function inChild<T>(file: string, name: string, ...args: unknown[]): Promise<ChildResult<T>> {
  const { status, stdout, stderr } = await run(process.execPath, [
    "--import",
    "tsx/esm",
    RUNNER,
    file,
    name,
    JSON.stringify(args),
  ]);
  const last = stdout.trimEnd().split("\n").at(-1) ?? "";
  if (status !== 0 || !last.startsWith("{")) {
    throw new Error(`${name} in a child process exited ${status}:\n${stdout.slice(-2000)}\n${stderr.slice(-4000)}`);
  }
  return JSON.parse(last) as ChildResult<T>;
}
