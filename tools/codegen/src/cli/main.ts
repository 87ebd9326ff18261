import { resolve } from "node:path";
import { Command } from "commander";
import { generateVendor, validateVendor } from "../pipeline.js";
import { findRoot, listVendors } from "../workspace.js";
import { reportFailure } from "./report.js";

const log = (line: string) => process.stderr.write(`${line}\n`);
/** `pnpm generate --verbose` reaches the generator through turbo as an environment variable. */
const verbose = (opts: { verbose?: boolean }) => opts.verbose === true || process.env.EVENTKIT_CODEGEN_VERBOSE === "1";

const program = new Command("eventkit-codegen")
  .description("Generates typed client packages from the vendor specs under specs/.")
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

program
  .command("generate")
  .description("regenerate packages/<vendor> from specs/<vendor> (all vendors when none is named)")
  .argument("[vendors...]", "vendor folders under specs/")
  .option("--check", "write nothing; fail naming each file that differs from what the specs produce")
  .option("--lenient", "report structural spec problems as warnings instead of failing")
  .option("--verbose", "print each stage's duration")
  .action(async (vendors: string[], opts: { check?: boolean; lenient?: boolean; verbose?: boolean }) => {
    const root = findRoot();
    const known = listVendors(root);
    const chosen = vendors.length ? vendors : known;
    const unknown = chosen.filter((v) => !known.includes(v));
    if (unknown.length) {
      log(`error: no spec folder for ${unknown.join(", ")} under specs/ (known: ${known.join(", ")})`);
      process.exitCode = 2;
      return;
    }
    let stale: string[] = [];
    for (const vendor of chosen) {
      if (verbose(opts)) log(`${vendor}:`);
      try {
        const result = await generateVendor(root, vendor, {
          check: opts.check,
          strict: !opts.lenient,
          verbose: verbose(opts),
          log,
        });
        stale = stale.concat(result.stale.map((f) => `${f}  (pnpm generate ${vendor})`));
      } catch (error) {
        process.exitCode = reportFailure(error);
        return;
      }
    }
    if (opts.check) {
      if (stale.length) {
        log(
          `Generated code is out of date with the specs:\n${stale.map((f) => `  ${f}`).join("\n")}\nRun the command shown for each, then commit the result.`,
        );
        process.exitCode = 1;
      } else {
        log(`Generated code matches the specs (${chosen.length} vendor${chosen.length === 1 ? "" : "s"}).`);
      }
    }
  });

program
  .command("validate")
  .description("load, apply the overlay and validate one spec folder")
  .argument("[dir]", "the spec folder", ".")
  .option("--lenient", "report structural spec problems as warnings instead of failing")
  .action(async (dir: string, opts: { lenient?: boolean }) => {
    try {
      const model = await validateVendor(resolve(dir), { strict: !opts.lenient, log });
      log(`${model.vendor}: valid (${model.operations.length} operation${model.operations.length === 1 ? "" : "s"})`);
    } catch (error) {
      process.exitCode = reportFailure(error);
    }
  });

await program.parseAsync(process.argv);
