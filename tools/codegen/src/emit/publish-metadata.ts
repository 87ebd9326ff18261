import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * What every published package says about where it comes from, read once from the workspace
 * root's package.json (`repository`, `bugs`, `author`, `license`, `keywords`) and its LICENSE.
 * The generator writes it into each vendor package; spec-workflow's package checks hold the
 * hand-written packages to the same formula.
 */
export interface PublishMetadata {
  repositoryUrl: string;
  bugs: string;
  license: string;
  author?: string;
  keywords: string[];
  /** The root LICENSE file, copied into each package. */
  licenseText: string;
}

type Json = Record<string, unknown>;

/**
 * Reads the root config. A workspace whose root names no `repository` publishes nothing (a test
 * workspace): undefined. Once it does, a missing or malformed field is an error naming it.
 */
export function readPublishMetadata(root: string): PublishMetadata | undefined {
  const file = join(root, "package.json");
  if (!existsSync(file)) return undefined;
  const pkg = JSON.parse(readFileSync(file, "utf8")) as Json;
  if (pkg.repository === undefined) return undefined;
  const fail = (field: string, want: string): never => {
    throw new Error(`${file}: "${field}" must be ${want}; every published package's metadata is derived from it`);
  };
  const repository = pkg.repository as Json | undefined;
  const repositoryUrl =
    typeof repository?.url === "string"
      ? repository.url
      : fail("repository.url", "a git URL (git+https://github.com/<owner>/<repo>.git)");
  const bugs =
    typeof pkg.bugs === "string"
      ? pkg.bugs
      : typeof (pkg.bugs as Json | undefined)?.url === "string"
        ? ((pkg.bugs as Json).url as string)
        : fail("bugs", "the issue tracker's URL");
  const license = typeof pkg.license === "string" ? pkg.license : fail("license", "an SPDX identifier");
  const keywords =
    Array.isArray(pkg.keywords) && pkg.keywords.every((k) => typeof k === "string")
      ? (pkg.keywords as string[])
      : fail("keywords", "a list of strings");
  const licenseFile = join(root, "LICENSE");
  if (!existsSync(licenseFile))
    throw new Error(`${licenseFile} is missing: every published package ships a copy of it`);
  return {
    repositoryUrl,
    bugs,
    license,
    ...(typeof pkg.author === "string" ? { author: pkg.author } : {}),
    keywords,
    licenseText: readFileSync(licenseFile, "utf8"),
  };
}

/** The repository's web address: `git+https://host/o/r.git` → `https://host/o/r`. */
function webUrl(repositoryUrl: string): string {
  return repositoryUrl.replace(/^git\+/, "").replace(/\.git$/, "");
}

/** The package.json fields of the package in `directory` (relative to the root, `packages/opal`). */
export function packageMetadata(meta: PublishMetadata, directory: string, keywords: readonly string[]): Json {
  return {
    license: meta.license,
    ...(meta.author ? { author: meta.author } : {}),
    homepage: `${webUrl(meta.repositoryUrl)}/tree/main/${directory}#readme`,
    repository: { type: "git", url: meta.repositoryUrl, directory },
    bugs: { url: meta.bugs },
    keywords: [...new Set([...meta.keywords, ...keywords])],
  };
}
