import { Command } from "commander";
import { findRoot } from "@eventkit/codegen";
import { renderReport } from "../changelog.js";
import { writeChangeset } from "../changeset.js";
import { diffSpec } from "../diff.js";
import { readSource, workingTree } from "../source.js";
import { specFolder } from "../spec-folder.js";
import { describeError, print, printErr } from "./report.js";

await new Command("pnpm spec:diff")
  .description(
    "Compare two versions of a vendor's document, after our overlay, and print the classified changes and the version bump. Changes nothing.",
  )
  .argument("<vendor>", "the vendor folder under specs/")
  .argument(
    "[candidate]",
    "the new version: a file, an http(s) URL or a git ref (default: the document in the working tree)",
  )
  .option(
    "--base <version>",
    "the old version: a file, URL or git ref (default: the working tree when a candidate is given, else HEAD)",
  )
  .option("--json", "print the report as JSON")
  .option("--changeset", "also write the changeset (.changeset/<vendor>-spec-<sha>.md) for this change")
  .addHelpText(
    "after",
    [
      "",
      "Examples:",
      "  pnpm spec:diff mem0 ~/Downloads/openapi.yaml       working tree → a downloaded document",
      "  pnpm spec:diff mem0 https://example.com/openapi.yaml",
      "  pnpm spec:diff mem0                                 HEAD → the working tree (uncommitted spec edits)",
      "  pnpm spec:diff mem0 --base origin/main --changeset  what this branch changed, and its changeset",
    ].join("\n"),
  )
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .action(
    async (
      vendor: string,
      candidate: string | undefined,
      opts: { base?: string; json?: boolean; changeset?: boolean },
    ) => {
      try {
        const root = findRoot();
        const folder = specFolder(root, vendor);
        const after = candidate === undefined ? workingTree(folder) : await readSource(candidate, folder);
        const baseArg = opts.base ?? (candidate === undefined ? "HEAD" : undefined);
        const before = baseArg === undefined ? workingTree(folder) : await readSource(baseArg, folder);
        const report = await diffSpec(folder, before, after);
        print(opts.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
        if (opts.changeset && report.bump.bump === "none")
          printErr("No changeset written: the API did not change, so there is nothing to release.\n");
        else if (opts.changeset) printErr(`Wrote ${writeChangeset(root, report)}\n`);
      } catch (error) {
        printErr(`error: ${describeError(error)}\n`);
        process.exit(1);
      }
    },
  )
  .parseAsync(process.argv);
