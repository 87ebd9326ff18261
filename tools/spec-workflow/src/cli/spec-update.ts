import { Command } from "commander";
import { findRoot } from "@eventkit/codegen";
import type { TurboResult } from "../turbo.js";
import { type UpdateResult, updateSpec } from "../update.js";
import { describeError, print, printErr } from "./report.js";

const collect = (value: string, previous: string[]) => [...previous, value];

await new Command("pnpm spec:update")
  .description(
    "Replace a vendor's OpenAPI document, record its provenance, re-apply our overlay, regenerate the client, write the changeset, " +
      "then type-check and build the client and everything that depends on it.",
  )
  .argument("<vendor>", "the vendor folder under specs/")
  .argument("<document>", "the new document: a file, an http(s) URL or a git ref")
  .option("--source <text>", "what provenance.json records as the source (default: the URL or path given)")
  .option("--note <text>", "a note for provenance.json (repeatable)", collect, [])
  .option("--no-typecheck", "skip the turbo typecheck and build of the package and its dependents")
  .addHelpText(
    "after",
    "\nExit status: 0 updated (or already up to date); 1 rejected, nothing changed; 2 usage; 3 updated, but dependents no longer compile.",
  )
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .action(async (vendor: string, source: string, opts: { source?: string; note: string[]; typecheck: boolean }) => {
    let result: UpdateResult;
    try {
      result = await updateSpec({
        root: findRoot(),
        vendor,
        source,
        recordAs: opts.source,
        notes: opts.note,
        typecheck: opts.typecheck,
        out: print,
      });
    } catch (error) {
      printErr(`error: ${describeError(error)}\n`);
      process.exit(1);
    }
    switch (result.status) {
      case "unchanged":
        print(`specs/${vendor} already holds this document (sha256 ${result.sha256.slice(0, 12)}…): nothing to do.\n`);
        return;
      case "rejected":
        printErr(`error: ${describeError(result.error)}\n`);
        printErr(`Nothing changed: specs/${vendor}/ and packages/${vendor}/ are as they were.\n`);
        process.exit(1);
        break;
      case "dependents-fail":
        printErr(describeTurboFailure(vendor, result.report.packageName, result.changeset, result.turbo));
        process.exit(3);
        break;
      case "updated":
        print(
          `Updated ${result.report.packageName}: ${result.report.bump.bump} bump (${result.report.bump.from} → ${result.report.bump.to})` +
            (result.turbo
              ? `; it and its dependents type-check and build.\n`
              : `; type-check skipped (--no-typecheck).\n`),
        );
        print(`Review, then commit specs/${vendor}, packages/${vendor} and ${result.changeset}.\n`);
    }
  })
  .parseAsync(process.argv);

/** Which code broke: the regenerated package itself, what depends on it, or something it depends on. */
function describeTurboFailure(vendor: string, packageName: string, changeset: string, turbo: TurboResult): string {
  const pkgOf = (task: string) => task.slice(0, task.lastIndexOf("#"));
  const groups = [
    {
      title: `${packageName} itself no longer compiles (its hand-written code or type tests use what changed):`,
      tasks: turbo.failedTasks.filter((t) => pkgOf(t) === packageName),
    },
    {
      title: `Code that depends on ${packageName} no longer compiles:`,
      tasks: turbo.failedTasks.filter((t) => pkgOf(t) !== packageName && turbo.scope.includes(pkgOf(t))),
    },
    {
      title: `A package ${packageName} depends on failed (not something this update changed):`,
      tasks: turbo.failedTasks.filter((t) => !turbo.scope.includes(pkgOf(t))),
    },
  ];
  const lines = [
    `\nThe update is written (spec, provenance, generated code, ${changeset}), but the type-check and build failed.`,
  ];
  for (const group of groups.filter((g) => g.tasks.length)) {
    lines.push(group.title);
    for (const task of group.tasks) {
      lines.push(`  ${task}`);
      for (const e of turbo.errors.filter((x) => `${x.packageName}#${x.task}` === task).slice(0, 20))
        lines.push(`    ${e.message}`);
    }
  }
  if (!turbo.failedTasks.length) lines.push("turbo failed before any task ran: see its output above.");
  lines.push(
    "Fix the code for the new API (the changeset lists what changed), then check again with:",
    `  ${turbo.command.replace(/ --continue\S*| --output-logs\S*/g, "")}`,
    `To back out instead: git checkout -- specs/${vendor} packages/${vendor} && rm ${changeset}`,
  );
  return `${lines.join("\n")}\n`;
}
