import { dirname } from "node:path";
import { UsageError } from "./usage.js";

/** A file the user named cannot be used: exit 2, with the path and what to do about it. */
export class FileError extends UsageError {
  override readonly name = "FileError";
}

const REASONS: Record<string, (path: string) => string> = {
  ENOENT: (path) => `the folder ${dirname(path)} does not exist: create it, or give another path`,
  EISDIR: (path) => `${path} is a folder: give the path of a file`,
  ENOTDIR: (path) => `a part of ${dirname(path)} is a file, not a folder: give another path`,
  EACCES: (path) =>
    `permission denied: the user running eventkit needs read and write access to ${path} and its folder ${dirname(path)}`,
  EPERM: (path) =>
    `operation not permitted on ${path} (immutable, or not ours?): check its attributes and its folder's`,
  EROFS: (path) => `${path} is on a read-only file system: give a path on a writable one`,
  ENOSPC: (path) => `no space left on the device holding ${path}: free some space and run again`,
  EDQUOT: (path) => `disk quota exceeded on the device holding ${path}: free some space and run again`,
  ENAMETOOLONG: (path) => `${path}: the name is too long for the file system`,
  ELOOP: (path) => `${path}: too many symbolic links`,
  EMFILE: () => "too many open files in this process: raise the limit (ulimit -n)",
  ENFILE: () => "too many open files on this system",
  EIO: (path) => `input/output error on the device holding ${path}: check the disk`,
};

/**
 * Turns a file-system error into one that names the path, what failed and what to do; anything
 * that is not a file-system error goes through unchanged.
 */
export function fileError(error: unknown, path: string, doing: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!(error instanceof Error) || typeof code !== "string" || error instanceof UsageError) return error;
  const reason = REASONS[code]?.(path) ?? `${path}: ${code} (${error.message})`;
  return new FileError(`cannot ${doing}: ${reason}`);
}

/** Runs `step`, and names the path and the step if the file system refuses it. */
export async function onFile<T>(path: string, doing: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw fileError(error, path, doing);
  }
}
