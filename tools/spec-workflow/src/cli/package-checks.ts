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
    "For every public package under packages/: publint and @arethetypeswrong/cli on its packed tarball, pnpm publish --dry-run, " +
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
      print(
        `\nAll ${reports.length} packages pass publint, attw, publish --dry-run, the metadata check, an npm install outside the workspace and the size limits.\n`,
      );
    } catch (error) {
      printErr(`error: ${describeError(error)}\n`);
      process.exit(1);
    }
  })
  .parseAsync(process.argv);
