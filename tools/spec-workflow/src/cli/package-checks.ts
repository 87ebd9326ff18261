import { Command } from "commander";
import { findRoot } from "@eventkit/codegen";
import {
  checkPackages,
  DEFAULT_SIZE_LIMIT,
  LITE_SIZE_LIMIT,
  packageOk,
  renderPackageTable,
} from "../guard/package-checks.js";
import { describeError, print, printErr } from "./report.js";

await new Command("package-checks")
  .description(
    "For every public package under packages/: publint and @arethetypeswrong/cli on its packed tarball, npm publish --dry-run of that tarball, " +
      `the package metadata (licence, repository, homepage, bugs, keywords, README, LICENSE), and, for vendor clients, the gzipped bundle size of the client factory plus one call against a limit (${DEFAULT_SIZE_LIMIT} bytes by default), and the same call through the package's /lite entry, without and with use: [withRetry()] (${LITE_SIZE_LIMIT} bytes by default).`,
  )
  .argument("[packages...]", "package names to check (default: every public package under packages/)")
  .option(
    "--size-limit <bytes>",
    `gzipped bytes allowed per vendor client bundle (default ${DEFAULT_SIZE_LIMIT})`,
    (v) => Number.parseInt(v, 10),
    DEFAULT_SIZE_LIMIT,
  )
  .option(
    "--lite-size-limit <bytes>",
    `gzipped bytes allowed per vendor lite client bundle, with or without withRetry (default ${LITE_SIZE_LIMIT})`,
    (v) => Number.parseInt(v, 10),
    LITE_SIZE_LIMIT,
  )
  .option("--no-build", "do not build the packages first (they must be built)")
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .action(async (only: string[], opts: { sizeLimit: number; liteSizeLimit: number; build: boolean }) => {
    try {
      const reports = await checkPackages(findRoot(), {
        sizeLimit: opts.sizeLimit,
        liteSizeLimit: opts.liteSizeLimit,
        build: opts.build,
        only,
        log: (l) => printErr(`${l}\n`),
      });
      print(renderPackageTable(reports));
      const failed = reports.filter((r) => !packageOk(r));
      if (failed.length) {
        printErr(`\n${failed.length} of ${reports.length} packages failed: ${failed.map((r) => r.name).join(", ")}\n`);
        process.exit(1);
      }
      // The install needs every package (they depend on each other): it is skipped when some are named.
      const installed = reports.every((r) => r.install !== undefined);
      const count = reports.length === 1 ? "The package passes" : `All ${reports.length} packages pass`;
      print(
        `\n${count} publint, attw, publish --dry-run, the metadata check${installed ? ", an npm install outside the workspace" : ""} and the size limits${installed ? "" : " (no npm install: it needs every package, so it runs only when none is named)"}.\n`,
      );
    } catch (error) {
      printErr(`error: ${describeError(error)}\n`);
      process.exit(1);
    }
  })
  .parseAsync(process.argv);
