import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { findRoot } from "@eventkit/codegen";

/** The repository these tests belong to, and this package's folder in it. */
export const REPO = findRoot(import.meta.dirname);
export const PACKAGE = join(import.meta.dirname, "../..");

/** Never copied: installed, built, cached, or git's. */
const NOT_COPIED = new Set(["node_modules", ".turbo", "dist", ".git", "coverage", ".scratch"]);

/**
 * turbo's local cache of this repository: `.turbo/cache` at its root or, in a git worktree, at the
 * main worktree's root (turbo shares one cache between a repository's worktrees).
 */
export function repoTurboCache(): string {
  const own = join(REPO, ".turbo/cache");
  if (existsSync(own)) return own;
  const common = spawnSync("git", ["rev-parse", "--path-format=absolute", "--git-common-dir"], {
    cwd: REPO,
    encoding: "utf8",
  });
  const shared = common.status === 0 ? join(common.stdout.trim(), "..", ".turbo/cache") : "";
  return shared && existsSync(shared) ? shared : own;
}

/**
 * For the turbo runs of a command in a copy (direct, or inside `pnpm generate` or package-checks):
 * read the repository's own cache, never write it. A task whose inputs the copy leaves as they are
 * committed (a vendor the test does not touch, the runtime) is a hit, as on a developer's machine;
 * what the test changes runs. Without a cache (a fresh clone) everything runs: slower, the same result.
 */
export function readRepoCache(): Record<string, string> {
  return { TURBO_CACHE_DIR: repoTurboCache(), TURBO_CACHE: "local:r" };
}

/**
 * For a test whose copy runs the same turbo tasks more than once (the vendor it adds is generated,
 * then built, which generates it again): a cache of the copy's own, `<root>/.turbo/cache`, that
 * starts with the repository's artifacts as hard links (a copy where links cannot be made) and is
 * written by the copy's runs. What the copy leaves as committed is a hit, as with readRepoCache; what
 * it changes runs once; the repository's cache gets nothing (turbo writes new artifacts as new files).
 */
export function seedCopyCache(root: string): Record<string, string> {
  const from = repoTurboCache();
  const to = join(root, ".turbo/cache");
  mkdirSync(to, { recursive: true });
  if (existsSync(from))
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      try {
        linkSync(join(from, entry.name), join(to, entry.name));
      } catch {
        copyFileSync(join(from, entry.name), join(to, entry.name));
      }
    }
  return { TURBO_CACHE_DIR: to, TURBO_CACHE: "local:rw" };
}

/** The environment for commands run in a copy: nothing from the pnpm or turbo run around the tests. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|PNPM_|INIT_CWD$|TURBO_|VITEST|NODE_OPTIONS$)/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", FORCE_COLOR: "0", ...extra };
}

export function run(
  cwd: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: "utf8", env: cleanEnv(env), maxBuffer: 256 * 1024 * 1024 });
}

/**
 * `run` without blocking the test worker: a command that takes minutes (an install, a turbo
 * build) must not hold the worker's event loop, or vitest's own messages to it time out
 * ("Timeout calling onTaskUpdate") and fail the run although every test passed.
 */
export function runAsync(
  cwd: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

export async function mustRunAsync(
  cwd: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const r = await runAsync(cwd, command, args, env);
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd} (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

export function mustRun(cwd: string, command: string, args: string[], env: Record<string, string> = {}): string {
  const r = run(cwd, command, args, env);
  if (r.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd} (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Who commits in the tests' repositories, and without signing. */
const gitArgs = (args: string[]) => [
  "-c",
  "user.name=eventkit tests",
  "-c",
  "user.email=tests@eventkit.invalid",
  "-c",
  "commit.gpgsign=false",
  ...args,
];

export function git(cwd: string, args: string[]): string {
  return mustRun(cwd, "git", gitArgs(args));
}

/** `git` without blocking the test worker: for the commands over a whole copy of the repository. */
export function gitAsync(cwd: string, args: string[]): Promise<string> {
  return mustRunAsync(cwd, "git", gitArgs(args));
}

export interface CopyOptions {
  /** Drop the workspace packages that depend on this one (their state is other work's). */
  withoutDependentsOf?: string;
  /** Extra files, by path relative to the root. */
  files?: Record<string, string>;
}

/**
 * A temporary copy of the repository as committed (HEAD), with this package as it is on disk,
 * as a git repository with one commit on `main`, installed offline from the pnpm store.
 * Uncommitted work elsewhere in the tree is not copied: it is someone else's, in progress.
 * (In CI the two are the same.) Without git, the working tree is copied.
 */
export async function copyRepo(options: CopyOptions = {}): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "eventkit-repo-"));
  const copyTree = (from: string, to: string) =>
    cpSync(from, to, { recursive: true, filter: (src) => !NOT_COPIED.has(basename(src)) });
  if (run(REPO, "git", ["rev-parse", "--verify", "--quiet", "HEAD"]).status === 0) {
    const tar = join(root, "..", `${basename(root)}.tar`);
    await mustRunAsync(REPO, "git", ["archive", "--format=tar", "-o", tar, "HEAD"]);
    await mustRunAsync(root, "tar", ["-xf", tar]);
    rmSync(tar);
    const self = relative(REPO, PACKAGE);
    rmSync(join(root, self), { recursive: true, force: true });
    copyTree(PACKAGE, join(root, self));
  } else {
    copyTree(REPO, root);
  }
  const dropped = options.withoutDependentsOf ? dependentsOf(root, options.withoutDependentsOf) : [];
  for (const dir of dropped) rmSync(join(root, dir), { recursive: true, force: true });
  // The repository's own pending changesets are its release state, not the copy's: a test reads the
  // release plan of what it changes alone (and one naming a dropped package would make changesets
  // refuse the workspace).
  dropPendingChangesets(root);
  for (const [rel, text] of Object.entries(options.files ?? {})) {
    mkdirSync(join(root, rel, ".."), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  // The lockfile may not list this package's newest dependencies yet, nor a package a test adds:
  // their versions are in the store, but resolving a new range needs the registry's metadata, which
  // a machine that has only ever run `pnpm install --frozen-lockfile` has not cached (--offline then
  // fails with ERR_PNPM_NO_OFFLINE_META). --prefer-offline fetches only what the caches lack.
  await mustRunAsync(root, "pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile"]);
  // The generator's lint records (keyed by content and root-relative paths): the copy's unchanged
  // documents are not linted again, as turbo's read-only cache spares their builds.
  const lints = "node_modules/.cache/eventkit-codegen/validated";
  if (existsSync(join(REPO, lints))) cpSync(join(REPO, lints), join(root, lints), { recursive: true });
  await gitAsync(root, ["init", "--quiet", "-b", "main"]);
  await gitAsync(root, ["add", "-A"]);
  await gitAsync(root, ["commit", "--quiet", "-m", "copy"]);
  return root;
}

/** Removes the pending changesets (`.changeset/*.md`). */
function dropPendingChangesets(root: string): void {
  const dir = join(root, ".changeset");
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)) if (file.endsWith(".md") && file !== "README.md") rmSync(join(dir, file));
}

/** Workspace folders (packages/*, tools/*) whose package depends on `name`, directly or not. */
function dependentsOf(root: string, name: string): string[] {
  const all = ["packages", "tools", "specs"].flatMap((group) =>
    existsSync(join(root, group))
      ? readdirSync(join(root, group))
          .filter((d) => existsSync(join(root, group, d, "package.json")))
          .map((d) => {
            const pkg = JSON.parse(readFileSync(join(root, group, d, "package.json"), "utf8")) as Record<
              string,
              Record<string, string> | string
            >;
            const deps = ["dependencies", "devDependencies", "peerDependencies"].flatMap((k) =>
              Object.keys((pkg[k] as Record<string, string>) ?? {}),
            );
            return { dir: `${group}/${d}`, name: pkg.name as string, deps };
          })
      : [],
  );
  const out = new Set<string>();
  const names = new Set([name]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!names.has(p.name) && p.deps.some((d) => names.has(d))) {
        names.add(p.name);
        out.add(p.dir);
        grew = true;
      }
    }
  }
  return [...out];
}

/** Every file under `dir` (skipping installed and built folders) with the sha256 of its bytes. */
export function treeDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d).sort()) {
      if (NOT_COPIED.has(name)) continue;
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else out[`${prefix}${name}`] = createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  walk(dir, "");
  return out;
}

export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
