/**
 * Digests that let the generator skip work it has already done, kept outside the repository in
 * `node_modules/.cache/eventkit-codegen/` (never committed: they describe this checkout only).
 *
 * - the generator's version: its sources, the runtime it reads (sources and README), the root
 *   package.json, LICENSE and the lockfile (the same inputs turbo hashes for the generate task);
 * - a vendor's inputs: every file of `specs/<vendor>/` and of the folders its `eventkit.refRoots` allow;
 * - a vendor's outputs: `packages/<vendor>/src/generated/`, its package.json and README.md.
 *
 * Plain JavaScript on purpose: `pnpm generate` checks these before loading TypeScript, turbo or a spec.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The workspace this generator lives in (the spec folders may be in another one). */
const GENERATOR_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const GENERATOR_INPUTS = [
  "tools/codegen/src",
  "tools/codegen/bin",
  "tools/codegen/package.json",
  "packages/runtime/src",
  // Quoted by every vendor README (its option table and sections), as turbo's generate inputs say.
  "packages/runtime/README.md",
  "package.json",
  "LICENSE",
  "pnpm-lock.yaml",
];
const SKIPPED = new Set(["node_modules", ".turbo", "dist"]);

/** Files under `path` (or `path` itself), sorted, skipping installed and built folders. */
function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  const out = [];
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

/** sha256 over each file's path (relative to `root`) and content: a renamed file changes it too. */
function digestFiles(root, paths) {
  const hash = createHash("sha256");
  for (const file of paths.flatMap((p) => filesUnder(resolve(root, p)))) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

let generatorVersion;

/** Changes whenever the generator's code, the runtime it reads or an installed dependency changes. */
export function generatorDigest() {
  generatorVersion ??= digestFiles(GENERATOR_ROOT, GENERATOR_INPUTS);
  return generatorVersion;
}

/** The spec folder and the folders it lets `$ref`s read, with the generator's version. */
export function inputDigest(root, vendor) {
  const specDir = join(root, "specs", vendor);
  let refRoots = [];
  try {
    const roots = JSON.parse(readFileSync(join(specDir, "package.json"), "utf8")).eventkit?.refRoots;
    if (Array.isArray(roots)) refRoots = roots.filter((r) => typeof r === "string").map((r) => resolve(specDir, r));
  } catch {
    // An unreadable package.json: the generator reports it; the digest only has to differ.
  }
  return createHash("sha256")
    .update(generatorDigest())
    .update(digestFiles(root, [specDir, ...refRoots]))
    .digest("hex");
}

/** What the generator wrote for the vendor. */
export function outputDigest(root, vendor) {
  const pkgDir = join(root, "packages", vendor);
  return digestFiles(root, [join(pkgDir, "src/generated"), join(pkgDir, "package.json"), join(pkgDir, "README.md")]);
}

const stampFile = (root, vendor) => join(root, "node_modules/.cache/eventkit-codegen/generated", `${vendor}.json`);

/** Whether `packages/<vendor>` is what the last successful run generated from the inputs as they are now. */
export function isUpToDate(root, vendor) {
  const file = stampFile(root, vendor);
  if (!existsSync(file) || !existsSync(join(root, "packages", vendor, "package.json"))) return false;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return false;
  }
  return stamp.input === inputDigest(root, vendor) && stamp.output === outputDigest(root, vendor);
}

/** Records a successful run: `input` is the digest taken before it started, so an edit made meanwhile is not hidden. */
export function recordGenerated(root, vendor, input) {
  writeAtomically(stampFile(root, vendor), JSON.stringify({ input, output: outputDigest(root, vendor) }));
}

/** A record of something the generator checked, by the digest of what it checked (validation results). */
export function cacheFile(root, kind, digest) {
  return join(root, "node_modules/.cache/eventkit-codegen", kind, `${digest}.json`);
}

export function writeAtomically(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
