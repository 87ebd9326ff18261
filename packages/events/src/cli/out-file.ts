import { open, readFile, stat, truncate } from "node:fs/promises";
import { dirname } from "node:path";
import { syncDirectory, writeFileAtomically } from "./durable.js";
import { onFile } from "./file-errors.js";
import type { CliState, OutRecord } from "./state-file.js";
import { UsageError } from "./usage.js";

/**
 * An output file belongs to one state: `<out>.eventkit-owner` names it. Without that, two states
 * appending to one file each took the other's lines for the remains of their own interrupted run.
 */
interface Owner {
  readonly state: string;
  readonly id: string;
}

export const ownerPath = (outPath: string): string => `${outPath}.eventkit-owner`;

async function readOwner(outPath: string): Promise<Owner | undefined> {
  const text = await onFile(ownerPath(outPath), "read the output file's owner", () =>
    readFile(ownerPath(outPath), "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    }),
  );
  if (text === undefined) return undefined;
  try {
    const owner = JSON.parse(text) as Partial<Owner>;
    if (typeof owner.state === "string" && typeof owner.id === "string") return owner as Owner;
  } catch {
    // Half-written by a run killed then, or not ours: this run, holding the lock, writes it anew.
  }
  return undefined;
}

interface OutFile {
  readonly size: number;
  readonly ino: string;
}

async function statOut(outPath: string): Promise<OutFile | undefined> {
  return onFile(outPath, "use the output file", async () => {
    try {
      const info = await stat(outPath, { bigint: true });
      if (!info.isFile())
        throw new UsageError(
          `--out ${outPath} is not a regular file: sync appends to a file it can measure and cut back (leave --out out to write to stdout)`,
        );
      return { size: Number(info.size), ino: String(info.ino) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  });
}

export interface OutPlan {
  /** Where this run appends: the file's length once reconciled. */
  readonly base: number;
  readonly ino: string | undefined;
  /** Bytes cut off: what an interrupted run of this state had appended and not delivered. */
  readonly truncated: number;
  /** Bytes this state did not write, found past what it last wrote: kept. */
  readonly foreign: number;
  /** The file is shorter than this state last left it: someone cut or replaced it. */
  readonly shrunk: boolean;
}

/**
 * Makes the output file agree with the state before anything is appended, holding the locks of
 * both. Claims the file for this state, or refuses one that another state owns. Past what the state
 * last wrote, only the bytes its own interrupted run may have appended (`out.pending`: recorded
 * before each append) are cut off — their checkpoints were not saved, so they come again; anything
 * else there is someone else's, and is kept.
 */
export async function reconcileOut(statePath: string, state: CliState, outPath: string): Promise<OutPlan> {
  const owner = await readOwner(outPath);
  if (owner && owner.id !== state.id && owner.state !== statePath) {
    throw new UsageError(
      `--out ${outPath} belongs to the state ${owner.state}: two states appending to one file would cut or repeat each other's events. Give this state its own --out, or sync with --state ${owner.state}. If that state is gone for good, remove ${ownerPath(outPath)}.`,
    );
  }
  const file = await statOut(outPath);
  if (!owner || owner.id !== state.id)
    await writeFileAtomically(
      ownerPath(outPath),
      `${JSON.stringify({ state: statePath, id: state.id } satisfies Owner)}\n`,
      "the output file's owner",
    );
  const size = file?.size ?? 0;
  const ino = file?.ino;
  const record: OutRecord | undefined =
    state.out?.path === outPath && (state.out.ino === undefined || state.out.ino === ino) ? state.out : undefined;
  if (!record || size === record.bytes) return { base: size, ino, truncated: 0, foreign: 0, shrunk: false };
  if (size < record.bytes) return { base: size, ino, truncated: 0, foreign: 0, shrunk: true };
  const extra = size - record.bytes;
  if (extra > (record.pending ?? 0)) return { base: size, ino, truncated: 0, foreign: extra, shrunk: false };
  await onFile(outPath, "cut back the output file", () => truncate(outPath, record.bytes));
  return { base: record.bytes, ino, truncated: extra, foreign: 0, shrunk: false };
}

/** Appends and waits until the bytes are on disk; returns the file's inode. */
export async function appendDurably(path: string, data: Buffer): Promise<string> {
  return onFile(path, "append to the output file", async () => {
    const handle = await open(path, "a");
    let ino: string;
    try {
      if (data.length > 0) await handle.writeFile(data);
      await handle.sync();
      ino = String((await handle.stat({ bigint: true })).ino);
    } finally {
      await handle.close();
    }
    await syncDirectory(dirname(path));
    return ino;
  });
}
