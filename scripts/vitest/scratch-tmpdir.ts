/**
 * vitest globalSetup shared by the packages' test configs: every temporary file of the run (the
 * tests' own `mkdtemp(tmpdir())`, and what the generators, mocks and CLIs they start write there)
 * goes to one folder of its own, removed when the run ends, passed or failed. Without it each run
 * left its throwaway workspaces behind (thousands of folders in /tmp after a few runs).
 *
 * It works by pointing TMPDIR (what `os.tmpdir()` reads on every call) at that folder before vitest
 * starts its workers and child processes, which inherit it. EVENTKIT_KEEP_TEST_TMP=1 keeps the folder
 * and prints where it is, to look at what a failing test wrote.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

/** The folder this process's run has made, so that a second call (a project of the same run) reuses it. */
const MADE = "EVENTKIT_TEST_TMPDIR";

export default function setup(): () => void {
  // A config with projects runs its global setup once for the root and once per project, in one
  // process: one folder for them all, not one inside the other (nested folders make paths too
  // long for the Unix sockets tools open there: tsx's IPC pipe is $TMPDIR/tsx-<uid>/<pid>.pipe,
  // and a socket path may have at most 107 bytes).
  if (process.env[MADE] !== undefined && process.env[MADE] === process.env.TMPDIR) return () => {};
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), `eventkit-test-${basename(process.cwd())}-`));
  process.env.TMPDIR = dir;
  process.env[MADE] = dir;
  return () => {
    delete process.env[MADE];
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.EVENTKIT_KEEP_TEST_TMP === "1") console.log(`test files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
