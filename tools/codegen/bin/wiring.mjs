/**
 * Wires the vendor client packages into the workspace packages that aggregate vendors, so that a
 * spec folder and `pnpm generate <vendor>` are all it takes to add one (or to drop one).
 *
 * A package aggregates vendors when its package.json says so, not because the generator knows it:
 *
 *   "eventkit": { "vendorDependencies": true, "onVendorChange": "registry" }
 *
 * - `vendorDependencies`: `true` (in `dependencies`) or the dependency field to keep, e.g.
 *   `"devDependencies"`. It then lists `"@eventkit/<vendor>": "workspace:^"` for every folder of
 *   specs/, and no vendor client package whose spec folder is gone.
 * - `onVendorChange` (optional): a script of that package that rewrites what derives from those
 *   dependencies; run after the install when they changed, and with `--check` by `generate --check`
 *   (it must then exit non-zero when its output is stale).
 *
 * Plain JavaScript, like the rest of bin/: `pnpm generate` checks the wiring before it loads TypeScript.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { writeAtomically } from "./digest.mjs";

const SCOPE = "@eventkit/";
const FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"];

export class WiringError extends Error {}

/** The workspace's package folders, from pnpm-workspace.yaml (`dir`, `dir/*` and `!dir` patterns). */
export function workspacePackages(root) {
  const file = join(root, "pnpm-workspace.yaml");
  if (!existsSync(file)) throw new WiringError(`${file}: not found: run inside the eventkit workspace`);
  const patterns = packagePatterns(readFileSync(file, "utf8"));
  if (!Array.isArray(patterns) || patterns.some((p) => typeof p !== "string"))
    throw new WiringError("pnpm-workspace.yaml: `packages` must be a list of folder patterns");
  const excluded = new Set(patterns.filter((p) => p.startsWith("!")).map((p) => p.slice(1).replace(/\/$/, "")));
  const dirs = [];
  for (const pattern of patterns.filter((p) => !p.startsWith("!"))) {
    const clean = pattern.replace(/\/$/, "");
    if (/[*?[{]/.test(clean.replace(/\/\*$/, "")))
      throw new WiringError(
        `pnpm-workspace.yaml: package pattern "${pattern}" is not understood by the vendor wiring (use "dir" or "dir/*")`,
      );
    if (clean.endsWith("/*")) {
      const parent = clean.slice(0, -2);
      if (!existsSync(join(root, parent))) continue;
      for (const entry of readdirSync(join(root, parent), { withFileTypes: true }))
        if (entry.isDirectory()) dirs.push(`${parent}/${entry.name}`);
    } else dirs.push(clean);
  }
  return dirs
    .filter((dir) => !excluded.has(dir) && existsSync(join(root, dir, "package.json")))
    .sort()
    .map((dir) => {
      const file = join(root, dir, "package.json");
      const text = readFileSync(file, "utf8");
      let json;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new WiringError(`${dir}/package.json: not valid JSON (${error.message})`);
      }
      if (json === null || typeof json !== "object" || Array.isArray(json))
        throw new WiringError(`${dir}/package.json: expected a JSON object`);
      return { dir, file, text, json };
    });
}

/**
 * The `packages:` list of pnpm-workspace.yaml. The usual block list of plain or quoted patterns is
 * read here; anything else goes to the YAML library, loaded only then (it costs a no-op
 * `pnpm generate` a third of a second).
 */
function packagePatterns(text) {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^packages:\s*(#.*)?$/.test(l));
  if (start >= 0) {
    const patterns = [];
    let simple = true;
    for (const line of lines.slice(start + 1)) {
      if (/^\s*(#.*)?$/.test(line)) continue;
      if (/^\S/.test(line)) break;
      const item = /^\s+-\s+(?:'([^']*)'|"([^"\\]*)"|([^\s'"#][^#]*?))\s*(#.*)?$/.exec(line);
      if (!item) {
        simple = false;
        break;
      }
      patterns.push(item[1] ?? item[2] ?? item[3]);
    }
    if (simple) return patterns;
  }
  return createRequire(import.meta.url)("yaml").parse(text)?.packages;
}

/** Where an aggregator keeps its vendor dependencies and the script to rerun, or undefined. */
function aggregation(pkg) {
  const declared = pkg.json.eventkit?.vendorDependencies;
  if (declared === undefined || declared === false) return undefined;
  const field = declared === true ? "dependencies" : declared;
  if (!FIELDS.includes(field))
    throw new WiringError(
      `${pkg.dir}/package.json: eventkit.vendorDependencies must be true or one of ${FIELDS.join(", ")} (got ${JSON.stringify(declared)})`,
    );
  const script = pkg.json.eventkit.onVendorChange;
  if (script !== undefined && (typeof script !== "string" || typeof pkg.json.scripts?.[script] !== "string"))
    throw new WiringError(
      `${pkg.dir}/package.json: eventkit.onVendorChange must name one of its scripts (got ${JSON.stringify(script)})`,
    );
  const deps = pkg.json[field] ?? {};
  if (deps === null || typeof deps !== "object" || Array.isArray(deps))
    throw new WiringError(`${pkg.dir}/package.json: "${field}" must be an object`);
  return { field, script, deps };
}

/** Vendor client packages whose spec folder is gone: removing a vendor is deleting both folders. */
export function orphanedPackages(root, packages = workspacePackages(root)) {
  return packages
    .filter((p) => typeof p.json.eventkit?.spec === "string" && !existsSync(join(root, p.json.eventkit.spec)))
    .map((p) => ({ dir: p.dir, name: p.json.name, spec: p.json.eventkit.spec }));
}

function indentOf(text) {
  return /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? "  ";
}

const isSorted = (keys) => keys.every((k, i) => i === 0 || keys[i - 1].localeCompare(k) <= 0);

/**
 * What each aggregator's package.json must become for these vendors (the folders of specs/):
 * one entry per aggregator that changes, with the new text and the names added and removed.
 */
export function planWiring(root, vendors) {
  const packages = workspacePackages(root);
  const names = new Set(packages.map((p) => p.json.name));
  const vendorPackages = new Set(
    packages.filter((p) => typeof p.json.eventkit?.spec === "string").map((p) => p.json.name),
  );
  const wanted = vendors.map((v) => `${SCOPE}${v}`);
  const plan = [];
  for (const pkg of packages) {
    const agg = aggregation(pkg);
    if (!agg) continue;
    const own = pkg.json.name;
    const added = wanted.filter((name) => name !== own && !(name in agg.deps));
    // A vendor client whose spec folder is gone, or a workspace link to a package no longer there.
    const removed = Object.keys(agg.deps).filter(
      (name) =>
        name.startsWith(SCOPE) &&
        !wanted.includes(name) &&
        (vendorPackages.has(name) || (String(agg.deps[name]).startsWith("workspace:") && !names.has(name))),
    );
    if (!added.length && !removed.length) continue;
    const kept = Object.entries(agg.deps).filter(([name]) => !removed.includes(name));
    const entries = [...kept, ...added.map((name) => [name, "workspace:^"])];
    if (isSorted(kept.map(([name]) => name))) entries.sort(([a], [b]) => a.localeCompare(b));
    const json = { ...pkg.json, [agg.field]: Object.fromEntries(entries) };
    const newline = pkg.text.includes("\r\n") ? "\r\n" : "\n";
    const text = `${JSON.stringify(json, null, indentOf(pkg.text)).replace(/\n/g, newline)}${newline}`;
    plan.push({
      dir: pkg.dir,
      file: pkg.file,
      name: own,
      field: agg.field,
      script: agg.script,
      added,
      removed,
      before: pkg.text,
      text,
    });
  }
  return plan;
}

/** The aggregators with a script to rerun (or check), whether or not their dependencies change. */
export function vendorScripts(root) {
  return workspacePackages(root)
    .map((pkg) => ({ pkg, agg: aggregation(pkg) }))
    .filter(({ agg }) => agg?.script)
    .map(({ pkg, agg }) => ({ dir: pkg.dir, name: pkg.json.name, script: agg.script }));
}

/** One line per change, as the user reads it. */
export function describePlan(plan) {
  return plan.map((p) =>
    [
      `${p.dir}/package.json (${p.field}):`,
      ...(p.added.length ? [`adds ${p.added.join(", ")}`] : []),
      ...(p.removed.length ? [`removes ${p.removed.join(", ")}`] : []),
    ].join(" "),
  );
}

/** Writes each file of the plan (each atomically); returns what puts them back as they were. */
export function applyWiring(plan) {
  const written = [];
  try {
    for (const p of plan) {
      writeAtomically(p.file, p.text);
      written.push(p);
    }
  } catch (error) {
    for (const p of written) writeAtomically(p.file, p.before);
    throw error;
  }
  return () => {
    for (const p of plan) writeAtomically(p.file, p.before);
  };
}
