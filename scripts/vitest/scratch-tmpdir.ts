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

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), `eventkit-test-${basename(process.cwd())}-`));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.EVENTKIT_KEEP_TEST_TMP === "1") console.log(`test files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
