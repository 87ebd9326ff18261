/**
 * The real binary against a vendor whose server sends headers and then stalls: the others are not
 * held back past --timeout, and SIGINT/SIGTERM end the run at once, leaving files consistent.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  baseEnv,
  baseUrlArgs,
  parseLines,
  printed,
  runCli,
  SECRETS,
  sharedUrls,
  startCli,
  startStallingServer,
} from "./helpers/cli.js";

const SHARED_WINDOW = ["--since", "2024-12-01", "--until", "2025-02-01"];
const env = () => baseEnv({ ...SECRETS });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "eventkit-interrupt-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let stalled: Awaited<ReturnType<typeof startStallingServer>>;
beforeEach(async () => {
  stalled = await startStallingServer();
});
afterEach(() => stalled.close());

describe("events", { timeout: 120_000 }, () => {
  it("a stalled vendor fails after --timeout; the others are listed and the run exits 3", {
    timeout: 180_000,
  }, async () => {
    // Long enough for every healthy vendor's page on a machine under heavy load (under-load 6 on two
    // busy cores saw pages take over 5 s); the stalled one fails after it, and after any retries.
    const { code, stdout, stderr } = await runCli(
      [
        "events",
        "--format",
        "jsonl",
        "--timeout",
        "20s",
        ...SHARED_WINDOW,
        ...baseUrlArgs({ ...sharedUrls(), opal: stalled.url }),
      ],
      env(),
    );
    expect(code, stderr).toBe(3);
    expect(new Set(parseLines(stdout).map((e) => e.vendor))).toEqual(
      new Set(["mem0", "datadog", "trieve", "capillary"]),
    );
    expect(stderr).toMatch(/^opal\s+failed/m);
    expect(stderr).toContain("TimeoutError");
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s while a vendor stalls ends the run at once: exit %i", async (signal, exitCode) => {
    // A deadline no test reaches: only the signal may end this run.
    const { child, done } = startCli(
      [
        "events",
        "--format",
        "jsonl",
        "--timeout",
        "1d",
        ...SHARED_WINDOW,
        ...baseUrlArgs({ ...sharedUrls(), opal: stalled.url }),
      ],
      env(),
    );
    await stalled.arrived;
    child.kill(signal);
    const { code, stderr } = await done;
    expect(code).toBe(exitCode);
    expect(stderr).toContain(`interrupted by ${signal}`);
  });
});

describe("--mock", { timeout: 120_000 }, () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s while the mocks start ends the run: exit %i, nothing listed", async (signal, exitCode) => {
    const { child, done } = startCli(["events", "--mock", "--format", "jsonl"], baseEnv());
    // Printed just before Prism loads (over a second per process even on a quiet machine).
    await printed(child.stderr!, /^mock: starting /m);
    child.kill(signal);
    const { code, stdout, stderr } = await done;
    expect(code, stderr).toBe(exitCode);
    expect(stderr).toContain(`interrupted by ${signal}`);
    expect(stdout).toBe("");
  });
});

// Each test runs the CLI more than once: a busy machine needs more than the default 30 s.
describe("sync", { timeout: 120_000 }, () => {
  it("SIGINT while a vendor stalls: exit 130, the stalled vendor's checkpoint unchanged, no lock left", async () => {
    const state = join(dir, "stalled-state.json");
    const out = join(dir, "stalled-events.jsonl");
    const args = [
      "sync",
      "--vendor",
      "opal,mem0",
      "--since",
      "2024-01-01",
      "--timeout",
      "1d",
      "--state",
      state,
      "--out",
      out,
    ];
    const { child, done } = startCli([...args, ...baseUrlArgs({ ...sharedUrls(), opal: stalled.url })], env());
    await stalled.arrived;
    child.kill("SIGINT");
    const { code, stderr } = await done;
    expect(code).toBe(130);
    // Mem0 may have delivered its batches (and saved them) before the signal; Opal delivered nothing.
    expect(stderr).toMatch(
      /interrupted: (nothing delivered, checkpoints unchanged|\d+ events? delivered and checkpointed; the rest comes on the next run)/,
    );
    if (existsSync(state)) expect(JSON.parse(await readFile(state, "utf8")).vendors.opal).toBeUndefined();
    if (existsSync(out)) expect(parseLines(await readFile(out, "utf8")).filter((e) => e.vendor === "opal")).toEqual([]);
    expect((await readdir(dir)).filter((name) => name.endsWith(".lock") || name.endsWith(".tmp"))).toEqual([]);

    // The next run, with the vendor back, delivers everything once.
    const again = await runCli([...args, ...baseUrlArgs(sharedUrls())], env());
    expect(again.code).toBe(0);
    const ids = parseLines(await readFile(out, "utf8")).map((e) => `${e.vendor}/${e.id}`);
    expect(ids).toHaveLength(240);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
