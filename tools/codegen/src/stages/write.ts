import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** Everything one vendor's package receives from a generator run. */
export interface PackageOutput {
  /** Files of `src/generated/`, by path relative to it. The folder is replaced as a whole. */
  generated: Record<string, string>;
  /** Files outside `src/generated/` that the generator owns and merges (package.json, README.md). */
  merged: Record<string, string>;
  /** Files written only when missing: hand-written from then on. */
  scaffold: Record<string, string>;
}

export const GENERATED_DIR = "src/generated";

/**
 * Writes atomically: the new `src/generated/` is built beside the old one and swapped in by
 * renames, and merged files are written to a temporary name and renamed, so a failed run
 * leaves the previous output as it was.
 */
export function writePackage(pkgDir: string, out: PackageOutput): void {
  const target = join(pkgDir, GENERATED_DIR);
  const staging = join(pkgDir, `src/.generated-next-${process.pid}`);
  const retired = join(pkgDir, `src/.generated-old-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [rel, content] of Object.entries(out.generated)) {
      const file = join(staging, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    const staged = Object.entries(out.merged).map(([rel, content]) => {
      const file = join(pkgDir, rel);
      const tmp = `${file}.next-${process.pid}`;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(tmp, content);
      return [tmp, file] as const;
    });
    if (existsSync(target)) renameSync(target, retired);
    renameSync(staging, target);
    for (const [tmp, file] of staged) renameSync(tmp, file);
    rmSync(retired, { recursive: true, force: true });
    for (const [rel, content] of Object.entries(out.scaffold)) {
      const file = join(pkgDir, rel);
      if (existsSync(file)) continue;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
    for (const rel of Object.keys(out.merged)) rmSync(`${join(pkgDir, rel)}.next-${process.pid}`, { force: true });
  }
}

/** Files that differ from what a run would write, relative to `root`. */
export function staleFiles(pkgDir: string, out: PackageOutput, root: string): string[] {
  const stale: string[] = [];
  const target = join(pkgDir, GENERATED_DIR);
  const expected = new Set(Object.keys(out.generated));
  for (const [rel, content] of Object.entries(out.generated)) {
    const file = join(target, rel);
    if (!existsSync(file) || readFileSync(file, "utf8") !== content) stale.push(relative(root, file));
  }
  for (const rel of listFiles(target))
    if (!expected.has(rel)) stale.push(`${relative(root, join(target, rel))} (not generated: remove it)`);
  for (const [rel, content] of Object.entries(out.merged)) {
    const file = join(pkgDir, rel);
    if (!existsSync(file) || readFileSync(file, "utf8") !== content) stale.push(relative(root, file));
  }
  return stale;
}

function listFiles(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}
