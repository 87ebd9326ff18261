import { unlinkSync } from "node:fs";
import { type FileHandle, open, readFile, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { BusyError } from "./usage.js";
import { onFile } from "./file-errors.js";

/** Who holds a lock: written into the lock file, shown to whoever finds it taken. */
interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

export interface Lock {
  release(): Promise<void>;
}

/** A breaker, or a lock file without its holder, older than this was left by a killed process. */
const STALE_MS = 10_000;

/**
 * Takes `<path>.lock`, created with O_EXCL so that exactly one process can hold it, and holding
 * its pid, host and start time. A lock whose holder is dead (same host, pid gone) is stale and
 * taken over; one held by a live process, or by another host (whose processes we cannot see), is
 * a BusyError naming the holder. The lock file is removed on release, and on exit if the process
 * ends before that (process.exit after a second Ctrl-C); only SIGKILL leaves it, stale.
 */
export async function acquireLock(path: string, what: string): Promise<Lock> {
  const lockPath = `${path}.lock`;
  const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    if (await create(lockPath, me)) break;
    const holder = await readHolder(lockPath);
    const left = await stat(lockPath).catch(() => undefined);
    if (!left && attempt < 3) continue; // Released meanwhile.
    if (holder ? !isDead(holder) : !left || Date.now() - left.mtimeMs < STALE_MS) {
      const by = holder
        ? `pid ${holder.pid} on ${holder.host}, since ${holder.started}`
        : "a process that is just starting";
      throw new BusyError(
        `${what} ${path} is in use by another eventkit sync (${by}): nothing was done; run again when it has finished. If no such process runs, remove ${lockPath}.`,
      );
    }
    // Stale (or unreadable for long: a holder killed between creating the file and writing it). Two runs
    // may find it stale at once: the breaker makes sure only one of them removes it.
    if (attempt > 3 || !(await breakStale(lockPath, holder))) {
      throw new BusyError(
        `${what} ${path}: its lock ${lockPath} is being taken over by another eventkit sync: nothing was done; run again.`,
      );
    }
  }
  const onExit = (): void => {
    try {
      unlinkSync(lockPath);
    } catch {
      // Already gone.
    }
  };
  process.once("exit", onExit);
  return {
    release: async () => {
      process.off("exit", onExit);
      await unlink(lockPath).catch(() => undefined);
    },
  };
}

async function create(lockPath: string, holder: Holder): Promise<boolean> {
  return onFile(lockPath, "create the lock file", async () => {
    let handle: FileHandle;
    try {
      handle = await open(lockPath, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
    try {
      await handle.writeFile(`${JSON.stringify(holder)}\n`);
    } catch (error) {
      await handle.close();
      await unlink(lockPath).catch(() => undefined);
      throw error;
    }
    await handle.close();
    return true;
  });
}

async function readHolder(lockPath: string): Promise<Holder | undefined> {
  try {
    const holder = JSON.parse(await readFile(lockPath, "utf8")) as Partial<Holder>;
    if (Number.isSafeInteger(holder.pid) && typeof holder.host === "string" && typeof holder.started === "string")
      return holder as Holder;
  } catch {
    // Gone since, half-written, or not ours: stale in any case (see isDead).
  }
  return undefined;
}

/**
 * A lock or breaker file without a readable holder is what a process killed between creating and
 * writing it leaves; just created, it is a holder about to write.
 */
async function leftLongAgo(path: string): Promise<boolean> {
  const left = await stat(path).catch(() => undefined);
  return left !== undefined && Date.now() - left.mtimeMs > STALE_MS;
}

function isDead(holder: Holder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Removes a stale lock, provided it is still the one judged stale. Only the holder of
 * `<lock>.break` does so, and it reads the lock again under it: a run that took the lock meanwhile
 * keeps it. A breaker left by a process killed while holding it is removed once old enough.
 */
async function breakStale(lockPath: string, judged: Holder | undefined): Promise<boolean> {
  const breaker = `${lockPath}.break`;
  const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  if (!(await create(breaker, me))) {
    const holder = await readHolder(breaker);
    if (!(await leftLongAgo(breaker)) || (holder && !isDead(holder))) return false;
    await unlink(breaker).catch(() => undefined);
    if (!(await create(breaker, me))) return false;
  }
  try {
    const now = await readHolder(lockPath);
    if (JSON.stringify(now) !== JSON.stringify(judged)) return true; // Changed or gone: try to create it again.
    await onFile(lockPath, "remove the stale lock file", async () => {
      await unlink(lockPath).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
    });
    return true;
  } finally {
    await unlink(breaker).catch(() => undefined);
  }
}
