import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readChangesetPackages } from "../changeset.js";
import { git, isGitRepo, lines, resolveCommit } from "../git.js";
import { specFolder } from "../spec-folder.js";

export interface MissingChangeset {
  vendor: string;
  packageName: string;
  /** The spec files that changed, relative to the root. */
  files: string[];
}

export type ChangesetCheck =
  | { status: "skipped"; reason: string }
  | {
      status: "ok" | "missing";
      base: string;
      baseLabel: string;
      note?: string;
      vendors: string[];
      missing: MissingChangeset[];
    };

/**
 * The commit to compare with: `--base` if given; else the merge-base with origin/<baseBranch>
 * when the branch has moved from it (or the working tree has changes); else the previous commit,
 * which is what CI has in a fresh clone of a single pushed commit. Uncommitted changes always count.
 */
export function chooseBase(
  root: string,
  base?: string,
): { commit: string; label: string; note?: string } | { skip: string } {
  if (base !== undefined) {
    const commit = resolveCommit(root, base);
    return commit ? { commit, label: base } : { skip: `--base ${base} names no commit` };
  }
  const branch = baseBranch(root);
  const head = resolveCommit(root, "HEAD");
  if (!head) return { skip: "the repository has no commits yet" };
  const upstream = resolveCommit(root, `origin/${branch}`);
  const dirty = git(root, ["status", "--porcelain", "--", "specs", ".changeset"]).stdout.trim() !== "";
  if (upstream) {
    const mergeBase = git(root, ["merge-base", "HEAD", upstream]).stdout.trim();
    if (mergeBase && (mergeBase !== head || dirty))
      return {
        commit: mergeBase,
        label: mergeBase === upstream ? `origin/${branch}` : `merge-base with origin/${branch}`,
      };
  }
  const parent = resolveCommit(root, "HEAD~1");
  if (parent) {
    return {
      commit: parent,
      label: "HEAD~1",
      note: upstream
        ? `HEAD is origin/${branch}: checking the last commit against its parent`
        : `no origin/${branch}: checking the last commit${dirty ? " and uncommitted changes" : ""} against its parent`,
    };
  }
  return { skip: `HEAD is the repository's only commit and there is no origin/${branch} to compare with` };
}

function baseBranch(root: string): string {
  const config = join(root, ".changeset/config.json");
  if (!existsSync(config)) return "main";
  const parsed = JSON.parse(readFileSync(config, "utf8")) as { baseBranch?: string };
  return parsed.baseBranch ?? "main";
}

/** Changed since the base commit, committed or not (untracked files included). */
function changedFiles(root: string, base: string, dir: string, filter = "ACDMRT"): string[] {
  const tracked = lines(git(root, ["diff", "--name-only", `--diff-filter=${filter}`, base, "--", dir]).stdout);
  const untracked = lines(git(root, ["ls-files", "--others", "--exclude-standard", "--", dir]).stdout);
  return [...new Set([...tracked, ...untracked])].sort();
}

/** Every vendor whose spec folder changed since the base needs a changeset, added since then, naming its client. */
export function checkChangesets(root: string, base?: string): ChangesetCheck {
  if (!isGitRepo(root)) return { status: "skipped", reason: `${root} is not a git work tree` };
  const chosen = chooseBase(root, base);
  if ("skip" in chosen) return { status: "skipped", reason: chosen.skip };
  const byVendor = new Map<string, string[]>();
  for (const file of changedFiles(root, chosen.commit, "specs")) {
    const [, vendor, folder] = file.split("/");
    // Recordings are test data: the generated package does not read them, so nothing is released.
    if (folder === "recordings") continue;
    if (vendor) byVendor.set(vendor, [...(byVendor.get(vendor) ?? []), file]);
  }
  const named = new Set(
    changedFiles(root, chosen.commit, ".changeset", "AMR")
      .filter((f) => f.endsWith(".md") && !/(^|\/)README\.md$/i.test(f))
      .flatMap((f) => readChangesetPackages(join(root, f))),
  );
  const vendors: string[] = [];
  const missing: MissingChangeset[] = [];
  for (const [vendor, files] of byVendor) {
    // A vendor whose folder is gone has no package left to release.
    if (!existsSync(join(root, "specs", vendor, "package.json"))) continue;
    const { packageName } = specFolder(root, vendor);
    vendors.push(vendor);
    if (!named.has(packageName)) missing.push({ vendor, packageName, files });
  }
  return {
    status: missing.length ? "missing" : "ok",
    base: chosen.commit,
    baseLabel: chosen.label,
    ...(chosen.note ? { note: chosen.note } : {}),
    vendors,
    missing,
  };
}

export function renderChangesetCheck(result: ChangesetCheck): string {
  if (result.status === "skipped") return `changeset check skipped: ${result.reason}.\n`;
  const base = `${result.baseLabel} (${result.base.slice(0, 12)})`;
  const head = result.note ? `${result.note}.\n` : "";
  if (result.status === "ok") {
    return `${head}${result.vendors.length ? `Specs changed since ${base} for ${result.vendors.join(", ")}: each has a changeset.` : `No spec changed since ${base}.`}\n`;
  }
  const ref = result.baseLabel.startsWith("merge-base") ? result.base.slice(0, 12) : result.baseLabel;
  const parts = result.missing.map((m) =>
    [
      `specs/${m.vendor}/ changed since ${base} (${m.files.map((f) => f.split("/").slice(2).join("/")).join(", ")}), but no changeset added since then names ${m.packageName}.`,
      `Write one from the API diff (classifies the change, picks the bump):`,
      `  pnpm spec:diff ${m.vendor} --base ${ref} --changeset`,
      `or by hand:`,
      `  pnpm changeset        (select ${m.packageName})`,
    ].join("\n"),
  );
  return `${head}${parts.join("\n\n")}\n`;
}
