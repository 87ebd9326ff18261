/** Exit codes: documented in the README and in `--help`. */
export const EXIT = {
  ok: 0,
  /** Something unexpected: a bug, or the disk refusing a write. */
  error: 1,
  usage: 2,
  vendorsFailed: 3,
  interrupted: 130,
} as const;

/** Wrong flags, values or setup: the user can fix it, and exit code 2 says so. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
