import { SpecError } from "../errors.js";

/** Prints a failure the way a user can act on it and returns the exit status. */
export function reportFailure(error: unknown): number {
  if (error instanceof SpecError) {
    process.stderr.write(`error: ${error.toString()}\n`);
  } else {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  return 1;
}
