/** Exit codes: documented in the README and in `--help`. */
export const EXIT = {
  ok: 0,
  /** Something unexpected: a bug. */
  error: 1,
  /** Wrong flags or values, missing credentials, a state file that is not one, a file that cannot be read or written. */
  usage: 2,
  vendorsFailed: 3,
  /** Another `eventkit sync` is using the same state or output file: nothing was done, try again later. */
  busy: 4,
  /** 128 + the signal's number, as shells report a process the signal ended. */
  sigint: 130,
  sigterm: 143,
} as const;

export const EXIT_HELP =
  "Exit codes: 0 success, 2 usage or file error, 3 some vendors failed (the others' events are still listed), 4 another sync holds the state or output file, 130/143 interrupted (SIGINT/SIGTERM).";

/** Wrong flags, values, files or setup: the user can fix it, and exit code 2 says so. */
export class UsageError extends Error {
  override readonly name: string = "UsageError";
}

/** A state or output file is in use by another run: exit code 4. */
export class BusyError extends Error {
  override readonly name = "BusyError";
}
