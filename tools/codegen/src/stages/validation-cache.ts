import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { cacheFile, generatorDigest, writeAtomically } from "../../bin/digest.mjs";
import { findRoot } from "../workspace.js";
import type { LoadedFile } from "./load.js";

/**
 * Redocly's lint of a large document takes seconds, and turbo runs it twice per vendor: in the
 * spec package's `validate` task, then in `generate`. A document that passed is recorded by the
 * digest of everything the lint saw (document, overlay, files its `$ref`s read, strictness, the
 * generator's version, the Node version: a lint passed on one runtime does not vouch for another),
 * so the second run replays its warnings instead of linting again. Only
 * successes are recorded: a failing document fails in every run. Outside a workspace (a corpus
 * file, a temporary folder) nothing is cached. Paths are recorded relative to the workspace root,
 * in the key and in the warnings, so a copy of the workspace (a CI checkout elsewhere, the
 * spec-workflow tests' temporary copies) can reuse the records of identical documents.
 */
export interface ValidationRecord {
  readonly warnings: readonly string[];
}

/** Stands for the workspace root in recorded warnings (which name files by absolute path). */
const ROOT_MARK = "\u0000root\u0000";

export interface ValidationKey {
  readonly root: string;
  readonly digest: string;
}

export function validationKey(
  document: LoadedFile,
  parts: { strict: boolean; overlay?: string | undefined; files: Iterable<LoadedFile> },
): ValidationKey | undefined {
  let root: string;
  try {
    root = findRoot(dirname(document.path));
  } catch {
    return undefined;
  }
  const hash = createHash("sha256")
    .update(generatorDigest())
    .update(`\0strict=${parts.strict}\0node=${process.versions.node}\0`)
    .update(relative(root, document.path))
    .update("\0")
    .update(document.text);
  hash.update(`\0overlay\0${parts.overlay ?? ""}`);
  const files = [...new Set(parts.files)].sort((a, b) => a.path.localeCompare(b.path));
  for (const file of files) hash.update(`\0${relative(root, file.path)}\0`).update(file.text);
  return { root, digest: hash.digest("hex") };
}

export function cachedValidation(key: ValidationKey | undefined): ValidationRecord | undefined {
  if (!key) return undefined;
  const file = cacheFile(key.root, "validated", key.digest);
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, "utf8")) as ValidationRecord;
    if (!Array.isArray(record.warnings) || !record.warnings.every((w) => typeof w === "string")) return undefined;
    return { warnings: record.warnings.map((w) => w.replaceAll(ROOT_MARK, key.root)) };
  } catch {
    return undefined;
  }
}

export function recordValidation(key: ValidationKey | undefined, record: ValidationRecord): void {
  if (!key) return;
  try {
    const warnings = record.warnings.map((w) => w.replaceAll(key.root, ROOT_MARK));
    writeAtomically(cacheFile(key.root, "validated", key.digest), JSON.stringify({ warnings }));
  } catch {
    // A read-only cache folder only costs the second lint.
  }
}
