import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { changesetFileName, renderChangeset, type SpecReport } from "./changelog.js";

/** Writes `.changeset/<vendor>-spec-<sha8>.md` and returns its path relative to the root. */
export function writeChangeset(root: string, report: SpecReport): string {
  const rel = `.changeset/${changesetFileName(report.vendor, report.after.sha256)}`;
  mkdirSync(join(root, ".changeset"), { recursive: true });
  writeFileSync(join(root, rel), renderChangeset(report));
  return rel;
}

/** The package names a changeset's front matter bumps (`"@eventkit/mem0": minor`). */
export function changesetPackages(text: string): string[] {
  const m = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(text.replace(/^\uFEFF/, ""));
  if (!m) return [];
  return m[1]!
    .split(/\r?\n/)
    .map((line) => /^\s*(["']?)([^"':\s][^"']*?)\1\s*:\s*(major|minor|patch|none)\s*$/.exec(line))
    .filter((x): x is RegExpExecArray => x !== null)
    .map((x) => x[2]!);
}

export function readChangesetPackages(path: string): string[] {
  return existsSync(path) ? changesetPackages(readFileSync(path, "utf8")) : [];
}
