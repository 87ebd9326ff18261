import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { packageMetadata, readPublishMetadata } from "@eventkit/codegen";
import type { Check } from "./package-checks.js";

type Json = Record<string, unknown>;

/** Files a published package must hold and ship. */
const SHIPPED = ["README.md", "LICENSE"];

/**
 * What a public package tells npm about itself: licence, author, repository with its directory,
 * homepage, bugs and keywords as the root package.json derives them (the generator writes the
 * same for vendor packages), and a README and a LICENSE that `files` ships.
 */
export function checkMetadata(root: string, dir: string): Check {
  let meta: ReturnType<typeof readPublishMetadata>;
  try {
    meta = readPublishMetadata(root);
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
  if (!meta)
    return {
      ok: false,
      detail: `${join(root, "package.json")} names no "repository": published packages' metadata is derived from it`,
    };
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Json;
  const rel = relative(root, dir).split("\\").join("/");
  const want = packageMetadata(meta, rel, []);
  const problems: string[] = [];
  for (const field of ["license", "author", "homepage", "repository", "bugs"]) {
    if (!(field in want)) continue;
    if (pkg[field] === undefined) problems.push(`"${field}" is missing; want ${JSON.stringify(want[field])}`);
    else if (JSON.stringify(pkg[field]) !== JSON.stringify(want[field]))
      problems.push(`"${field}" is ${JSON.stringify(pkg[field])}; want ${JSON.stringify(want[field])}`);
  }
  const keywords = pkg.keywords;
  if (!Array.isArray(keywords)) problems.push(`"keywords" is missing; want at least ${JSON.stringify(meta.keywords)}`);
  else {
    const lacking = meta.keywords.filter((k) => !keywords.includes(k));
    if (lacking.length) problems.push(`"keywords" lacks the root's ${JSON.stringify(lacking)}`);
  }
  const files = pkg.files;
  for (const name of SHIPPED) {
    if (!existsSync(join(dir, name))) problems.push(`${name} is missing from ${rel}/`);
    if (Array.isArray(files) && !files.includes(name)) problems.push(`"files" does not list ${name}`);
  }
  return { ok: problems.length === 0, detail: problems.map((p) => `${rel}/package.json: ${p}`).join("\n") };
}
