#!/usr/bin/env node
/**
 * `pnpm generate [vendor...] [--check] [--force] [--verbose]` at the workspace root.
 *
 * Generation runs through turbo, so an unchanged spec is a cache hit and a changed one reruns
 * only its vendor. Before turbo, each chosen vendor's inputs (spec folder, generator version) and
 * outputs are compared with the digests the last successful run recorded: when nothing changed,
 * nothing else starts (no turbo, no TypeScript loader, no spec parsing). This entry point is plain
 * JavaScript on purpose: a no-op run must not pay for loading a TypeScript loader. The generator
 * itself (TypeScript, through tsx) runs only when something is to be done: a cache miss,
 * `--check`, or a new vendor to scaffold.
 *
 * The packages that aggregate vendors (`"eventkit": { "vendorDependencies": true }` in their
 * package.json, see wiring.mjs) get a dependency on every vendor of specs/ and lose those whose
 * spec folder is gone; then the workspace is installed and their `onVendorChange` script reruns.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { inputDigest, isUpToDate, recordGenerated } from "./digest.mjs";
import { applyWiring, describePlan, orphanedPackages, planWiring, vendorScripts, WiringError } from "./wiring.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const codegen = join(root, "tools/codegen/bin/eventkit-codegen.js");
const turbo = join(root, "node_modules/.bin/turbo");

const vendorsOnDisk = () =>
  readdirSync(join(root, "specs"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, "specs", d.name, "package.json")))
    .map((d) => d.name)
    .sort();

// pnpm hands its scripts pnpm_config_verify_deps_before_run="false", which the pnpm that turbo
// starts for each task reads as set (a non-empty string): every task then checks the install
// state, and parallel tasks race on its state file. Removing the variable restores the default.
const { pnpm_config_verify_deps_before_run: _ignored, ...baseEnv } = process.env;
const run = (command, args, env = baseEnv) =>
  spawnSync(command, args, { cwd: root, stdio: "inherit", env }).status ?? 1;

new Command("pnpm generate")
  .description("Regenerate the vendor client packages from specs/ (through turbo's cache).")
  .argument("[vendors...]", "vendor folders under specs/ (default: all)")
  .option("--check", "write nothing; fail naming each stale file and the command to run")
  .option("--force", "ignore turbo's cache")
  .option("--verbose", "print each generator stage's duration")
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .action((vendors, opts) =>
    reportingWiringErrors(() => {
      const known = vendorsOnDisk();
      const orphans = orphanedPackages(root);
      if (orphans.length) {
        for (const o of orphans)
          process.stderr.write(
            `error: ${o.dir} (${o.name}) is generated from ${o.spec}, which no longer exists. To remove the vendor, delete ${o.dir} too (it may hold hand-written code in src/lib/: move what you keep), then run \`pnpm generate\` again: it drops ${o.name} from the packages that aggregate vendors. To keep it, restore ${o.spec}.\n`,
          );
        process.exit(2);
      }
      const unknown = vendors.filter((v) => !known.includes(v));
      if (unknown.length) {
        process.stderr.write(
          `error: no spec folder for ${unknown.join(", ")} under specs/ (known: ${known.join(", ")})\n`,
        );
        process.exit(2);
      }
      const chosen = vendors.length ? vendors : known;
      if (
        !opts.check &&
        !opts.force &&
        planWiring(root, withPackages(known)).length === 0 &&
        chosen.every((v) => isUpToDate(root, v))
      ) {
        process.stderr.write(
          `generate: ${chosen.length} vendor${chosen.length === 1 ? "" : "s"} unchanged since the last run (specs, generator and output digests match)\n`,
        );
        process.exit(0);
      }
      if (opts.check) {
        const generated = run(process.execPath, [codegen, "generate", "--check", ...chosen]);
        process.exit(Math.max(generated, checkWiring(known)));
      }
      // Taken before the run: an edit made while it runs is not recorded as generated.
      const inputs = new Map(chosen.map((v) => [v, inputDigest(root, v)]));
      // turbo runs tasks of existing packages only: a new vendor's package is created first.
      const fresh = chosen.filter((v) => !existsSync(join(root, "packages", v, "package.json")));
      if (fresh.length) {
        process.stderr.write(
          `new vendor${fresh.length > 1 ? "s" : ""} ${fresh.join(", ")}: creating packages/${fresh.length > 1 ? "{" + fresh.join(",") + "}" : fresh[0]}\n`,
        );
        if (run(process.execPath, [codegen, "generate", ...fresh]) !== 0) process.exit(1);
      }
      const wiring = planWiring(root, withPackages(known));
      // A spec folder copied in after its package exists is not linked yet: its validate task needs the install too.
      const unlinked = chosen.filter((v) => !existsSync(join(root, "specs", v, "node_modules")));
      if (fresh.length || wiring.length || unlinked.length) wire(wiring);
      const filters = vendors.length ? vendors.map((v) => `--filter=@eventkit/${v}`) : ["--filter=./packages/*"];
      const env = opts.verbose ? { ...baseEnv, EVENTKIT_CODEGEN_VERBOSE: "1" } : baseEnv;
      const status = run(
        turbo,
        ["run", "generate", ...filters, "--output-logs=new-only", ...(opts.force ? ["--force"] : [])],
        env,
      );
      if (status === 0) for (const [vendor, input] of inputs) recordGenerated(root, vendor, input);
      process.exit(status);
    }),
  )
  .parse(process.argv);

/** Vendors whose package exists: one not generated yet (another vendor was named) would break the install. */
function withPackages(vendors) {
  return vendors.filter((v) => existsSync(join(root, "packages", v, "package.json")));
}

/** A package.json or pnpm-workspace.yaml the wiring cannot read: a message, not a stack. */
function reportingWiringErrors(action) {
  try {
    action();
  } catch (error) {
    if (!(error instanceof WiringError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(2);
  }
}

/**
 * Writes the aggregators' new dependencies, installs, and reruns their `onVendorChange` scripts.
 * If the install fails, the package.json files are put back as they were.
 */
function wire(plan) {
  for (const line of describePlan(plan)) process.stderr.write(`wiring: ${line}\n`);
  const restore = applyWiring(plan);
  // The lockfile must change with the dependencies: pnpm freezes it by default where CI is set.
  if (run("pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile"]) !== 0) {
    restore();
    process.stderr.write(
      `error: pnpm install failed${plan.length ? `; ${plan.map((p) => `${p.dir}/package.json`).join(", ")} put back as they were` : ""}\n`,
    );
    process.exit(1);
  }
  for (const p of plan.filter((p) => p.script)) {
    process.stderr.write(`wiring: ${p.dir}: pnpm run ${p.script} (what derives from its vendor dependencies)\n`);
    if (run("pnpm", ["--filter", p.name, "run", p.script]) !== 0) {
      process.stderr.write(
        `error: \`pnpm --filter ${p.name} run ${p.script}\` failed: its dependencies are wired and installed; fix the error and run it again\n`,
      );
      process.exit(1);
    }
  }
}

/** `--check`: 0 when every aggregator lists exactly the vendors of specs/ and its script's output is current. */
function checkWiring(vendors) {
  let status = 0;
  for (const p of planWiring(root, vendors)) {
    const what = [
      ...(p.added.length ? [`lacks ${p.added.join(", ")}`] : []),
      ...(p.removed.length ? [`still lists ${p.removed.join(", ")}`] : []),
    ].join(" and ");
    process.stderr.write(`${p.dir}/package.json: ${what} in ${p.field}  (pnpm generate)\n`);
    status = 1;
  }
  if (status) return status;
  for (const s of vendorScripts(root)) {
    if (run("pnpm", ["--silent", "--filter", s.name, "run", s.script, "--check"]) !== 0) {
      process.stderr.write(
        `${s.dir}: the output of its \`${s.script}\` script is stale  (pnpm --filter ${s.name} run ${s.script})\n`,
      );
      status = 1;
    }
  }
  return status;
}
