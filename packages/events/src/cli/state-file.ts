import { randomUUID } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { ConfigurationError } from "@eventkit/runtime";
import { checkState, describeValue, emptySyncState, isIsoInstant, isPlainObject, type SyncState } from "../sync.js";
import { writeFileAtomically } from "./durable.js";
import { onFile } from "./file-errors.js";
import { UsageError } from "./usage.js";

/** Where the output file stood after the last completed run (see out-file.ts). */
export interface OutRecord {
  readonly path: string;
  /** Its length after the last completed run. */
  readonly bytes: number;
  /** Set while a run appends: that many bytes past `bytes` may be this state's, not yet delivered. */
  readonly pending?: number;
  /** Its inode: a file replaced under the same path is another file. */
  readonly ino?: string;
}

/** The CLI's state: the library's, plus what the CLI keeps for itself. */
export type CliState = SyncState & {
  /** This state's identity: the output file's owner record names it. */
  readonly id: string;
  readonly out?: OutRecord;
  /** The anchor of the mock world, when syncing from `--mock`. */
  readonly mock?: { readonly end: string };
};

/** A state is small (checkpoints, and the ids of a few minutes per vendor); anything this big is not one. */
const MAX_STATE_BYTES = 64 * 1024 * 1024;
const CLI_KEYS = new Set(["version", "vendors", "id", "out", "mock"]);

/** The state in `path`, or a new one if there is no such file yet. */
export async function readState(path: string): Promise<CliState> {
  const text = await onFile(path, "read the state file", async () => {
    try {
      const { size } = await stat(path);
      if (size > MAX_STATE_BYTES)
        throw new UsageError(`--state ${path}: ${size} bytes is not a state file (at most ${MAX_STATE_BYTES})`);
      return await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  });
  if (text === undefined) return { ...emptySyncState(), id: randomUUID() };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--state ${path}: not JSON (${(error as Error).message}); a state file is what eventkit sync wrote`,
    );
  }
  try {
    return checkCliState(checkState(value) as SyncState & Record<string, unknown>);
  } catch (error) {
    if (error instanceof ConfigurationError) throw new UsageError(`--state ${path}: ${error.message}`);
    throw error;
  }
}

function checkCliState(state: SyncState & Record<string, unknown>): CliState {
  const fail = (where: string, why: string): never => {
    throw new ConfigurationError(`not an eventkit sync state: ${where}: ${why}`);
  };
  for (const key of Object.keys(state)) if (!CLI_KEYS.has(key)) fail(key, "unknown field");
  // A state written before states had an identity gets one now.
  const id = state.id ?? randomUUID();
  if (typeof id !== "string" || !/^[\w-]{1,100}$/.test(id)) fail("id", `expected a state id, got ${describeValue(id)}`);
  if (state.out !== undefined) {
    const out = state.out;
    if (!isPlainObject(out)) return fail("out", `expected { path, bytes }, got ${describeValue(out)}`);
    for (const key of Object.keys(out))
      if (!["path", "bytes", "pending", "ino"].includes(key)) fail(`out.${key}`, "unknown field");
    if (typeof out.path !== "string" || !isAbsolute(out.path))
      fail("out.path", `expected an absolute path, got ${describeValue(out.path)}`);
    for (const key of ["bytes", "pending"] as const) {
      if ((key === "bytes" || out[key] !== undefined) && !(Number.isSafeInteger(out[key]) && (out[key] as number) >= 0))
        fail(`out.${key}`, `expected a length in bytes, got ${describeValue(out[key])}`);
    }
    if (out.ino !== undefined && !(typeof out.ino === "string" && /^\d{1,30}$/.test(out.ino)))
      fail("out.ino", `expected an inode number, got ${describeValue(out.ino)}`);
  }
  if (state.mock !== undefined) {
    const mock = state.mock;
    if (!isPlainObject(mock)) return fail("mock", `expected { end }, got ${describeValue(mock)}`);
    for (const key of Object.keys(mock)) if (key !== "end") fail(`mock.${key}`, "unknown field");
    if (!isIsoInstant(mock.end))
      fail(
        "mock.end",
        `expected an ISO 8601 UTC time such as 2025-01-01T12:00:00.000Z, got ${describeValue(mock.end)}`,
      );
    if (Date.parse(mock.end as string) > Date.now())
      fail(
        "mock.end",
        `${mock.end as string} is in the future; the mock world ends at the start of an hour that has begun`,
      );
  }
  return { ...state, id } as CliState;
}

export async function writeState(path: string, state: CliState): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(state, null, 2)}\n`, "the state file");
}

/** Checkpoints ahead of the clock: the events between now and them will never be read. */
export function futureCheckpoints(state: SyncState, now: number): string[] {
  return Object.entries(state.vendors)
    .filter(([, entry]) => Date.parse(entry!.checkpoint) > now)
    .map(([vendor, entry]) => `vendors.${vendor}.checkpoint ${entry!.checkpoint}`);
}
