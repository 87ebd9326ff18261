import { spawnSync } from "node:child_process";

export interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export function git(cwd: string, args: string[]): GitResult {
  const run = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { ok: run.status === 0, stdout: run.stdout ?? "", stderr: run.stderr ?? (run.error ? String(run.error) : "") };
}

export function isGitRepo(cwd: string): boolean {
  return git(cwd, ["rev-parse", "--is-inside-work-tree"]).ok;
}

/** The commit a ref names, or undefined when it names none. */
export function resolveCommit(cwd: string, ref: string): string | undefined {
  const r = git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  return r.ok ? r.stdout.trim() : undefined;
}

/** A file's text at a ref (`git show <ref>:<path>`), or undefined when it does not exist there. */
export function showFile(cwd: string, ref: string, path: string): string | undefined {
  const r = git(cwd, ["show", `${ref}:${path}`]);
  return r.ok ? r.stdout : undefined;
}

export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}
