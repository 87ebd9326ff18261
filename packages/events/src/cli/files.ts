import { open, readFile, rename, stat, truncate, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { checkState, emptySyncState, type SyncState } from "../sync.js";
import { UsageError } from "./usage.js";

/** The CLI's state: the library's, plus the anchor of the mock world when syncing from `--mock`. */
export type CliState = SyncState & { readonly mock?: { readonly end: string } };

export async function readState(path: string): Promise<CliState> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptySyncState();
    throw error;
  }
  try {
    return checkState(JSON.parse(text)) as CliState;
  } catch (error) {
    throw new UsageError(`--state ${path}: ${error instanceof SyntaxError ? "not JSON" : (error as Error).message}`);
  }
}

/** Flushes a directory entry (a new or renamed file) to disk; some file systems refuse, which is fine. */
async function syncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, "r");
    await handle.sync();
  } catch {
    // Not supported here (some platforms cannot open a directory): the rename is still atomic.
  } finally {
    await handle?.close();
  }
}

/**
 * Replaces the state file in one step: a reader, or a run killed at any instant, finds the old
 * state or the new one, never a mix.
 */
export async function writeStateAtomically(path: string, state: CliState): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export interface OutRecovery {
  readonly state: CliState;
  /** Bytes cut off the end: what a run killed after appending, before writing its state, had written. */
  readonly truncated: number;
  /** The file is shorter than the state says: someone else changed it. */
  readonly shrunk: boolean;
}

/**
 * Makes the output file agree with the state before anything is appended. The state records the
 * file's length after the last delivered run; anything beyond is from a run that did not finish
 * (its checkpoints were not saved, so those events come again) and is cut off. A file the state
 * does not know yet gets its current length recorded, durably, before the first append.
 */
export async function reconcileOut(statePath: string, state: CliState, outPath: string): Promise<OutRecovery> {
  const size = (await sizeOf(outPath)) ?? 0;
  if (state.out && state.out.path === outPath) {
    if (size > state.out.bytes) {
      await truncate(outPath, state.out.bytes);
      return { state, truncated: size - state.out.bytes, shrunk: false };
    }
    if (size === state.out.bytes) return { state, truncated: 0, shrunk: false };
  }
  const recorded: CliState = { ...state, out: { path: outPath, bytes: size } };
  await writeStateAtomically(statePath, recorded);
  return { state: recorded, truncated: 0, shrunk: state.out?.path === outPath };
}

/** Appends and waits until the bytes are on disk; returns how many were written. */
export async function appendDurably(path: string, text: string): Promise<number> {
  const existed = (await sizeOf(path)) !== undefined;
  const data = Buffer.from(text, "utf8");
  const handle = await open(path, "a");
  try {
    if (data.length > 0) await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (!existed) await syncDirectory(dirname(path));
  return data.length;
}
