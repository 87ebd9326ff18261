/**
 * File-system faults in `eventkit sync`, on real files: each is exit 2 with a message naming the
 * path and what to do, never a raw errno, and never a checkpoint moved past undelivered events.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VENDORS } from "../src/index.js";
import {
  baseEnv,
  baseUrlArgs,
  type CliResult,
  parseLines,
  runCli,
  SECRETS,
  sharedUrls,
  startCli,
} from "./helpers/cli.js";

const env = () => baseEnv({ ...SECRETS });
const syncArgs = (state: string, out?: string, vendors = "opal"): string[] => [
  "sync",
  "--vendor",
  vendors,
  "--since",
  "2024-01-01",
  "--state",
  state,
  ...(out ? ["--out", out] : []),
  ...baseUrlArgs(sharedUrls()),
];
const isRoot = process.getuid?.() === 0;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "eventkit-files-"));
  await chmod(dir, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function expectExit2(run: CliResult, ...wanted: string[]): void {
  expect(run.code, run.stderr).toBe(2);
  for (const text of wanted) expect(run.stderr).toContain(text);
  expect(run.stderr).not.toMatch(/\b(Error|errno)\b: E[A-Z]+/);
}

describe("paths that cannot be used", { timeout: 120_000 }, () => {
  it("--state is a folder", async () => {
    const state = join(dir, "a-folder");
    await mkdir(state);
    expectExit2(
      await runCli(syncArgs(state), env()),
      `cannot read the state file: ${state} is a folder: give the path of a file`,
    );
  });

  it("--state in a folder that does not exist", async () => {
    const state = join(dir, "missing", "state.json");
    expectExit2(
      await runCli(syncArgs(state), env()),
      `the folder ${join(dir, "missing")} does not exist: create it, or give another path`,
    );
  });

  it("--out in a folder that does not exist: nothing is written", async () => {
    const state = join(dir, "for-missing-out.json");
    expectExit2(
      await runCli(syncArgs(state, join(dir, "missing", "events.jsonl")), env()),
      `the folder ${join(dir, "missing")} does not exist`,
    );
    expect(existsSync(state)).toBe(false);
  });

  it("--out is a folder: nothing is written", async () => {
    const state = join(dir, "for-folder-out.json");
    const out = join(dir, "out-folder");
    await mkdir(out);
    expectExit2(await runCli(syncArgs(state, out), env()), `--out ${out} is not a regular file`);
    expect(existsSync(state)).toBe(false);
    expect(existsSync(`${out}.eventkit-owner`)).toBe(false);
  });

  it("a folder this user may not write to", async () => {
    const locked = join(dir, "read-only");
    await mkdir(locked);
    const state = join(locked, "state.json");
    let run: CliResult;
    if (isRoot) {
      // Root may write anywhere: run the CLI as nobody, for whom the folder (root's, 0755) is read-only.
      run = await startCli(syncArgs(state), env(), { uid: 65534, gid: 65534 }).done;
    } else {
      await chmod(locked, 0o555);
      run = await runCli(syncArgs(state), env());
    }
    expectExit2(run, "permission denied", locked);
    expect(existsSync(state)).toBe(false);
  });
});

/**
 * A 16 KiB file system, mounted where the machine allows it (root, as in CI's container): smaller
 * than any one vendor's batch of 120 events, so the first append fails whichever vendor's batch
 * comes first (at 64 KiB a batch of small events could fit, and which vendor answers first is the
 * machine's timing).
 */
const tiny = join(tmpdir(), `eventkit-tiny-${process.pid}`);
const mounted = await (async () => {
  if (!isRoot) return false;
  await mkdir(tiny, { recursive: true });
  if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", tiny]).status === 0) return true;
  await rm(tiny, { recursive: true, force: true });
  return false;
})();

describe.runIf(mounted)("a full disk (a 16 KiB tmpfs)", { timeout: 120_000 }, () => {
  afterAll(async () => {
    spawnSync("umount", [tiny]);
    await rm(tiny, { recursive: true, force: true });
  });

  it("ENOSPC while appending: exit 2 naming the file, checkpoints unchanged; with space again, every event once", async () => {
    const state = join(dir, "full-disk-state.json");
    const out = join(tiny, "events.jsonl");
    const full = await runCli(syncArgs(state, out, VENDORS.join(",")), env());
    expectExit2(
      full,
      `cannot append to the output file: no space left on the device holding ${out}: free some space and run again`,
    );
    const saved = JSON.parse(await readFile(state, "utf8")) as { vendors: object; out: { pending: number } };
    expect(saved.vendors).toEqual({});
    expect(saved.out.pending).toBeGreaterThan(16 * 1024);

    expect(spawnSync("mount", ["-o", "remount,size=4m", tiny]).status).toBe(0);
    const again = await runCli(syncArgs(state, out, VENDORS.join(",")), env());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("recovered: removed");
    const keys = parseLines(await readFile(out, "utf8")).map((e) => `${e.vendor}/${e.id}`);
    expect(keys).toHaveLength(5 * 120);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
