/**
 * `eventkit sync` against other writers and hostile state files, with the real binary and real
 * files: a second run on the same state or output file, two states sharing one output file,
 * stale locks and temporary files, and every field of the state checked.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  baseEnv,
  baseUrlArgs,
  parseLines,
  runCli,
  SECRETS,
  sharedUrls,
  startCli,
  startStallingServer,
} from "./helpers/cli.js";

const env = () => baseEnv({ ...SECRETS });
const syncArgs = (state: string, out?: string): string[] => [
  "sync",
  "--vendor",
  "opal",
  "--since",
  "2024-01-01",
  "--state",
  state,
  ...(out ? ["--out", out] : []),
];

let dir: string;
let n = 0;
/** A fresh pair of paths per test. */
const paths = () => ({ state: join(dir, `state-${++n}.json`), out: join(dir, `events-${n}.jsonl`) });
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "eventkit-sync-safety-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

// Each test runs the CLI two or three times: a busy machine needs more than the default 30 s.
describe("a second writer", { timeout: 120_000 }, () => {
  it("a second run on the same state while the first runs: exit 4 naming the first, and no event twice", async () => {
    const { state, out } = paths();
    const stalled = await startStallingServer();
    try {
      const first = startCli(
        [...syncArgs(state, out), "--timeout", "1d", ...baseUrlArgs({ opal: stalled.url })],
        env(),
      );
      await stalled.arrived;
      const second = await runCli(
        [...syncArgs(state, join(dir, "elsewhere.jsonl")), ...baseUrlArgs(sharedUrls())],
        env(),
      );
      expect(second.code).toBe(4);
      expect(second.stderr).toContain(
        `--state ${state} is in use by another eventkit sync (pid ${first.child.pid} on ${hostname()}`,
      );
      expect(existsSync(join(dir, "elsewhere.jsonl"))).toBe(false);
      first.child.kill("SIGINT");
      expect((await first.done).code).toBe(130);
    } finally {
      await stalled.close();
    }
    expect((await runCli([...syncArgs(state, out), ...baseUrlArgs(sharedUrls())], env())).code).toBe(0);
    const ids = parseLines(await readFile(out, "utf8")).map((e) => e.id);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
  });

  it("another state on an output file in use: exit 4", async () => {
    const { state, out } = paths();
    const stalled = await startStallingServer();
    try {
      const first = startCli(
        [...syncArgs(state, out), "--timeout", "1d", ...baseUrlArgs({ opal: stalled.url })],
        env(),
      );
      await stalled.arrived;
      const second = await runCli([...syncArgs(paths().state, out), ...baseUrlArgs(sharedUrls())], env());
      expect(second.code).toBe(4);
      expect(second.stderr).toContain(`--out ${out} is in use by another eventkit sync`);
      first.child.kill("SIGTERM");
      expect((await first.done).code).toBe(143);
    } finally {
      await stalled.close();
    }
  });

  it("two states, one output file, one after the other: the second is refused and nothing of the first is cut", async () => {
    const { state, out } = paths();
    const other = paths().state;
    expect((await runCli([...syncArgs(state, out), ...baseUrlArgs(sharedUrls())], env())).code).toBe(0);
    const written = await readFile(out, "utf8");
    const refused = await runCli([...syncArgs(other, out), ...baseUrlArgs(sharedUrls())], env());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`--out ${out} belongs to the state ${state}`);
    expect(existsSync(other)).toBe(false);
    const again = await runCli([...syncArgs(state, out), ...baseUrlArgs(sharedUrls())], env());
    expect(again.code).toBe(0);
    expect(await readFile(out, "utf8")).toBe(written);
  });

  it("lines appended by someone else since the last run are kept, never cut", async () => {
    const { state, out } = paths();
    const args = [...syncArgs(state, out), ...baseUrlArgs(sharedUrls())];
    expect((await runCli(args, env())).code).toBe(0);
    const foreign = `${JSON.stringify({ vendor: "opal", id: "written-by-someone-else" })}\n`;
    await appendFile(out, foreign);
    const before = await readFile(out, "utf8");
    const again = await runCli(args, env());
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/has \d+ bytes past what this state last wrote that it did not write; kept/);
    expect(await readFile(out, "utf8")).toBe(before);
  });
});

describe("stale leftovers", { timeout: 120_000 }, () => {
  it("a lock left by a process that is gone is taken over, and removed after the run", async () => {
    const { state, out } = paths();
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    await writeFile(
      `${state}.lock`,
      JSON.stringify({ pid: Number(gone.stdout), host: hostname(), started: "2025-01-01T00:00:00.000Z" }),
    );
    const run = await runCli([...syncArgs(state, out), ...baseUrlArgs(sharedUrls())], env());
    expect(run.code).toBe(0);
    expect(existsSync(`${state}.lock`)).toBe(false);
    expect(parseLines(await readFile(out, "utf8"))).toHaveLength(120);
  });

  it.each([
    [
      "a live process on this host",
      () => ({ pid: process.pid, host: hostname() }),
      `pid ${process.pid} on ${hostname()}`,
    ],
    [
      "another host (whose processes cannot be seen)",
      () => ({ pid: 1, host: "elsewhere.example" }),
      "pid 1 on elsewhere.example",
    ],
  ])("a lock held by %s: exit 4, and the lock stays", async (_name, holder, named) => {
    const { state } = paths();
    await writeFile(`${state}.lock`, JSON.stringify({ ...holder(), started: "2025-01-01T00:00:00.000Z" }));
    const run = await runCli([...syncArgs(state), ...baseUrlArgs(sharedUrls())], env());
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(named);
    expect(run.stderr).toContain(`remove ${state}.lock`);
    expect(existsSync(`${state}.lock`)).toBe(true);
    expect(existsSync(state)).toBe(false);
  });

  it("the temporary file of a run killed while writing the state is removed", async () => {
    const { state, out } = paths();
    const left = join(dir, `.${state.split("/").pop()}.4242.tmp`);
    await writeFile(left, '{"version": 1, "vend');
    const run = await runCli([...syncArgs(state, out), ...baseUrlArgs(sharedUrls())], env());
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("left by a run that was killed while it wrote the state");
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

describe("the state file is checked, field by field", { timeout: 120_000 }, () => {
  const good = {
    version: 1,
    id: "0b7c9a52-4f0e-4b8a-9a57-1b2c3d4e5f60",
    vendors: { opal: { checkpoint: "2025-01-01T00:00:00.000Z", seen: ["a"] } },
  };
  it.each([
    ["not an object", "[]", /expected a JSON object, got a list/],
    ["version 2", JSON.stringify({ ...good, version: 2 }), /version 2 \(this eventkit reads version 1\)/],
    [
      "an unknown vendor",
      JSON.stringify({ ...good, vendors: { slack: good.vendors.opal } }),
      /vendors\.slack: unknown vendor/,
    ],
    [
      "a checkpoint that is no date",
      JSON.stringify({ ...good, vendors: { opal: { ...good.vendors.opal, checkpoint: "yesterday" } } }),
      /vendors\.opal\.checkpoint: expected an ISO 8601 UTC time .* got "yesterday"/,
    ],
    [
      "a checkpoint on Feb 31",
      JSON.stringify({ ...good, vendors: { opal: { ...good.vendors.opal, checkpoint: "2025-02-31T00:00:00.000Z" } } }),
      /vendors\.opal\.checkpoint/,
    ],
    [
      "a seen id that is no string",
      JSON.stringify({ ...good, vendors: { opal: { ...good.vendors.opal, seen: ["a", 7] } } }),
      /vendors\.opal\.seen\[1\]: expected an event id .* got 7/,
    ],
    [
      "an unknown field in a vendor",
      JSON.stringify({ ...good, vendors: { opal: { ...good.vendors.opal, extra: true } } }),
      /vendors\.opal\.extra: unknown field/,
    ],
    [
      "mock.end that is no date",
      JSON.stringify({ ...good, mock: { end: "soon" } }),
      /mock\.end: expected an ISO 8601 UTC time/,
    ],
    [
      "mock.end in the future",
      JSON.stringify({ ...good, mock: { end: "2999-01-01T00:00:00.000Z" } }),
      /mock\.end: 2999-01-01T00:00:00\.000Z is in the future/,
    ],
    [
      "a relative out.path",
      JSON.stringify({ ...good, out: { path: "events.jsonl", bytes: 0 } }),
      /out\.path: expected an absolute path/,
    ],
    [
      "a negative out.bytes",
      JSON.stringify({ ...good, out: { path: "/tmp/e.jsonl", bytes: -1 } }),
      /out\.bytes: expected a length in bytes, got -1/,
    ],
    [
      "out.pending as text",
      JSON.stringify({ ...good, out: { path: "/tmp/e.jsonl", bytes: 0, pending: "3" } }),
      /out\.pending: expected a length in bytes/,
    ],
    ["an id with slashes", JSON.stringify({ ...good, id: "../../etc" }), /id: expected a state id/],
    ["an unknown top-level field", JSON.stringify({ ...good, owner: "me" }), /owner: unknown field/],
  ])("%s: exit 2, naming the field", async (_name, text, message) => {
    const { state } = paths();
    await writeFile(state, text);
    const run = await runCli([...syncArgs(state), ...baseUrlArgs(sharedUrls())], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--state ${state}: not an eventkit sync state`);
    expect(run.stderr).toMatch(message);
    expect(await readFile(state, "utf8")).toBe(text);
  });

  it("a checkpoint in the future is reported", async () => {
    const { state } = paths();
    await writeFile(
      state,
      JSON.stringify({ ...good, vendors: { opal: { checkpoint: "2999-01-01T00:00:00.000Z", seen: [] } } }),
    );
    const run = await runCli([...syncArgs(state), ...baseUrlArgs(sharedUrls())], env());
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("vendors.opal.checkpoint 2999-01-01T00:00:00.000Z is in the future");
  });

  it("a state of the mock world used for real vendors, and the other way round: exit 2", async () => {
    const { state } = paths();
    await writeFile(state, JSON.stringify({ ...good, mock: { end: "2025-01-01T00:00:00.000Z" } }));
    const real = await runCli([...syncArgs(state), ...baseUrlArgs(sharedUrls())], env());
    expect(real.code).toBe(2);
    expect(real.stderr).toContain("holds the mock world's checkpoints");
    await writeFile(state, JSON.stringify(good));
    const mock = await runCli(["sync", "--mock", "--vendor", "opal", "--state", state]);
    expect(mock.code).toBe(2);
    expect(mock.stderr).toContain("holds real vendors' checkpoints");
  });
});
