/**
 * `pnpm generate [vendor...] [--check]` at the workspace root. Generation runs through turbo, so an
 * unchanged spec is a cache hit and a changed one reruns only its vendor. A vendor whose package
 * does not exist yet is scaffolded first (turbo can only run tasks of existing packages).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { generateVendor } from "../pipeline.js";
import { findRoot, listVendors } from "../workspace.js";
import { reportFailure } from "./report.js";

const log = (line: string) => process.stderr.write(`${line}\n`);

function run(command: string, args: string[], cwd: string): number {
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  return result.status ?? 1;
}

const program = new Command("pnpm generate")
  .description("Regenerate the vendor client packages from specs/ (through turbo's cache).")
  .argument("[vendors...]", "vendor folders under specs/ (default: all)")
  .option("--check", "write nothing; fail naming each stale file and the command to run")
  .option("--force", "ignore turbo's cache")
  .option("--verbose", "print each generator stage's duration")
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .action(async (vendors: string[], opts: { check?: boolean; force?: boolean; verbose?: boolean }) => {
    const root = findRoot();
    const known = listVendors(root);
    const unknown = vendors.filter((v) => !known.includes(v));
    if (unknown.length) {
      log(`error: no spec folder for ${unknown.join(", ")} under specs/ (known: ${known.join(", ")})`);
      process.exit(2);
    }
    const chosen = vendors.length ? vendors : known;
    const codegen = join(root, "tools/codegen/bin/eventkit-codegen.js");
    if (opts.check) {
      process.exit(run(process.execPath, [codegen, "generate", "--check", ...chosen], root));
    }
    const fresh = chosen.filter((v) => !existsSync(join(root, "packages", v, "package.json")));
    for (const vendor of fresh) {
      log(`${vendor}: new vendor, creating packages/${vendor}`);
      try {
        await generateVendor(root, vendor, { verbose: opts.verbose, log });
      } catch (error) {
        process.exit(reportFailure(error));
      }
    }
    if (fresh.length && run("pnpm", ["install", "--prefer-offline"], root) !== 0) process.exit(1);
    const filters = vendors.length ? vendors.map((v) => `--filter=@eventkit/${v}`) : ["--filter=./packages/*"];
    const env = opts.verbose ? { ...process.env, EVENTKIT_CODEGEN_VERBOSE: "1" } : process.env;
    const turbo = spawnSync("pnpm", ["exec", "turbo", "run", "generate", ...filters, "--output-logs=new-only", ...(opts.force ? ["--force"] : [])], { cwd: root, stdio: "inherit", env });
    process.exit(turbo.status ?? 1);
  });

await program.parseAsync(process.argv);
