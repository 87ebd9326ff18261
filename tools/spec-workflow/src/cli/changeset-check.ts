import { Command } from "commander";
import { findRoot } from "@eventkit/codegen";
import { checkChangesets, renderChangesetCheck } from "../guard/changeset-check.js";
import { describeError, print, printErr } from "./report.js";

await new Command("changeset-check")
  .description(
    "Fail when a spec under specs/<vendor>/ changed without a changeset, added since the base, that names @eventkit/<vendor>.",
  )
  .option("--base <ref>", "compare with this ref (default: the merge-base with origin/<baseBranch>, else HEAD~1)")
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .action((opts: { base?: string }) => {
    try {
      const result = checkChangesets(findRoot(), opts.base);
      const text = renderChangesetCheck(result);
      if (result.status === "missing") {
        printErr(text);
        process.exit(1);
      }
      print(text);
    } catch (error) {
      printErr(`error: ${describeError(error)}\n`);
      process.exit(1);
    }
  })
  .parseAsync(process.argv);
