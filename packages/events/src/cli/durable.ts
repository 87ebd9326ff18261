import { type FileHandle, open, readdir, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { onFile } from "./file-errors.js";

/** Flushes a directory entry (a new or renamed file) to disk; some file systems refuse, which is fine. */
export async function syncDirectory(path: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    await handle.sync();
  } catch {
    // Not supported here (some platforms cannot open a directory): the rename is still atomic.
  } finally {
    await handle?.close();
  }
}

const temporaryOf = (path: string, pid: number | string): string =>
  join(dirname(path), `.${basename(path)}.${pid}.tmp`);

/**
 * Replaces a file in one step: a reader, or a run killed at any instant, finds the old content or
 * the new, never a mix. A run killed before the rename leaves its temporary file, which the next
 * run removes (removeStaleTemporaries).
 */
export async function writeFileAtomically(path: string, text: string, what: string): Promise<void> {
  const temporary = temporaryOf(path, process.pid);
  await onFile(path, `write ${what}`, async () => {
    try {
      const handle = await open(temporary, "w");
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  });
  await syncDirectory(dirname(path));
}

/**
 * Removes what writeFileAtomically left of `path` in runs that were killed. Call it only holding
 * the lock on `path`: no one else is writing one now.
 */
export async function removeStaleTemporaries(path: string): Promise<string[]> {
  const prefix = `.${basename(path)}.`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  const stale = names.filter((name) => name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length)));
  for (const name of stale) await unlink(join(dirname(path), name)).catch(() => undefined);
  return stale;
}
