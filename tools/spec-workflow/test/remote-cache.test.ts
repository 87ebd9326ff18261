/**
 * turbo's remote cache against a self-hosted server on loopback (the turborepo-remote-cache
 * package): a clean clone builds and uploads, and a second clean clone gets every task from it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mustRunAsync, REPO, removeTree, run, runAsync } from "./helpers/repo.js";

const TOKEN = randomBytes(16).toString("hex");
const TEAM = "eventkit";
/** The package whose build, with its dependencies', the clones run (cloneAndBuild). */
const GRAPH = "@eventkit/mem0";
// Catches a server that never starts, with its log, before the hook's own timeout (1,200 s, or more, in
// vitest.config.ts) would, without it. Not a speed limit: a node process on a busy machine may take
// minutes to start.
const STARTUP_MS = 900_000;

let server: ChildProcess | undefined;
let api: string | undefined;
/** Why the test cannot run here, if it cannot. */
let unavailable: string | undefined;
const temp: string[] = [];

const serverCli = () =>
  join(createRequire(import.meta.url).resolve("turborepo-remote-cache/package.json"), "../dist/cli.js");

function startServer(storage: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverCli()], {
      env: {
        PATH: process.env.PATH,
        HOST: "127.0.0.1",
        PORT: "0",
        TURBO_TOKEN: TOKEN,
        STORAGE_PROVIDER: "local",
        STORAGE_PATH: storage,
        STORAGE_PATH_USE_TMP_FOLDER: "false",
        ENABLE_STATUS_LOG: "false",
        NODE_ENV: "production",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server = child;
    let log = "";
    const timer = setTimeout(
      () => reject(new Error(`the cache server did not start within ${STARTUP_MS / 1000} s:\n${log}`)),
      STARTUP_MS,
    );
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the cache server exited (${code}) before listening:\n${log}`));
    });
  });
}

beforeAll(async () => {
  if (run(REPO, "git", ["rev-parse", "--verify", "--quiet", "HEAD"]).status !== 0) {
    unavailable = `${REPO} is not a git repository with a commit: there is nothing to clone`;
    return;
  }
  const storage = mkdtempSync(join(tmpdir(), "eventkit-cache-store-"));
  temp.push(storage);
  // Only a missing package skips; a server that is installed but does not start fails the tests.
  if (!existsSync(serverCli())) {
    unavailable = `turborepo-remote-cache is not installed (${serverCli()})`;
    return;
  }
  api = await startServer(storage);
});

afterAll(() => {
  server?.kill();
  for (const dir of temp) removeTree(dir);
});

interface Summary {
  execution: { exitCode: number; attempted: number };
  tasks: { taskId: string; cache: { status: "HIT" | "MISS"; source?: "LOCAL" | "REMOTE" } }[];
}

/**
 * A clean clone of the committed repository, built through turbo with the remote cache. `install`:
 * installed from the pnpm store first, to run the tasks. Without it, the repository's turbo binary
 * runs in a clone that has no node_modules at all: turbo hashes the tasks from git and the lockfile
 * alone, so every task must come back from the cache, since none could run (and the install, ~4
 * CPU-s, is not what this test is about).
 *
 * The graph is one vendor client and what it depends on (GRAPH): the runtime's build, the spec's
 * validation, the client's generate and build. What is tested is turbo's round trip through the
 * server (upload, then every hash found and its outputs restored), which a few tasks show as well
 * as the whole graph's 47 would. The whole graph (every vendor, the events and mock-server builds,
 * Prism's bundle) made this file 111 CPU-s instead of 45, and said nothing more about the cache.
 */
async function cloneAndBuild(install: boolean): Promise<{ dir: string; stdout: string; summary: Summary }> {
  const dir = mkdtempSync(join(tmpdir(), "eventkit-clone-"));
  temp.push(dir);
  await mustRunAsync(REPO, "git", ["clone", "--quiet", "--no-hardlinks", REPO, dir]);
  // --no-frozen-lockfile: checking the lockfile is CI's install's job, not this test's. The graph's
  // projects only (and the root's turbo): half the install's CPU; the lockfile stays as committed.
  if (install)
    await mustRunAsync(dir, "pnpm", ["install", "--offline", "--no-frozen-lockfile", `--filter=${GRAPH}...`]);
  const env = { TURBO_API: api!, TURBO_TOKEN: TOKEN, TURBO_TEAM: TEAM };
  const build = await runAsync(
    dir,
    join(install ? dir : REPO, "node_modules/.bin/turbo"),
    ["run", "generate", "build", `--filter=${GRAPH}...`, "--summarize", "--output-logs=errors-only"],
    env,
  );
  expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
  const runs = join(dir, ".turbo/runs");
  const [file] = readdirSync(runs).filter((f) => f.endsWith(".json"));
  return { dir, stdout: build.stdout, summary: JSON.parse(readFileSync(join(runs, file!), "utf8")) as Summary };
}

it("refuses a wrong token", async (ctx) => {
  if (unavailable) ctx.skip(`remote cache server unavailable: ${unavailable}`);
  const status = (token: string) =>
    fetch(`${api}/v8/artifacts/0123456789abcdef?slug=${TEAM}`, { headers: { authorization: `Bearer ${token}` } }).then(
      (r) => r.status,
    );
  // An artifact nobody uploaded: not found for the right token, refused for any other.
  expect(await status(TOKEN)).toBe(404);
  expect(await status("not-the-token")).toBe(401);
});

it("gives a second clean clone every task from the cache", async (ctx) => {
  if (unavailable) ctx.skip(`remote cache server unavailable: ${unavailable}`);
  const first = await cloneAndBuild(true);
  const ran = first.summary.tasks.map((t) => t.taskId).sort();
  expect(ran.length).toBeGreaterThan(0);
  expect(ran).toContain("@eventkit/runtime#build");
  expect(ran).toContain(`${GRAPH}#generate`);
  expect(ran).toContain(`${GRAPH}#build`);
  // The cache started empty: the first clone ran everything.
  expect(first.summary.tasks.filter((t) => t.cache.status === "HIT")).toEqual([]);

  const second = await cloneAndBuild(false);
  expect(existsSync(join(second.dir, "node_modules"))).toBe(false);
  expect(second.summary.tasks.map((t) => t.taskId).sort()).toEqual(ran);
  expect(second.summary.tasks.filter((t) => !(t.cache.status === "HIT" && t.cache.source === "REMOTE"))).toEqual([]);
  expect(second.stdout).toMatch(new RegExp(`Cached:\\s+${ran.length} cached, ${ran.length} total`));
  expect(second.stdout).toContain("FULL TURBO");
  // Outputs came back with the hits: built code and generated code.
  expect(existsSync(join(second.dir, "packages/runtime/dist/index.js"))).toBe(true);
  expect(existsSync(join(second.dir, "packages/mem0/dist/index.js"))).toBe(true);
});
