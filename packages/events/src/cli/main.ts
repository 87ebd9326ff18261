import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";
import { eventsCommand } from "./events-command.js";
import { syncCommand } from "./sync-command.js";
import { type Interrupt, watchInterrupts } from "./interrupt.js";
import { BusyError, EXIT, EXIT_HELP, UsageError } from "./usage.js";
import { paintFor } from "@eventkit/runtime/terminal";
import { VENDORS } from "../event.js";
import { VENDOR_VARIABLES } from "./vendor-options.js";

const ENVIRONMENT_HELP = `
Credentials (a vendor takes part when all its required variables are set):
${Object.entries(VENDOR_VARIABLES)
  .map(([vendor, vars]) => `  ${vendor.padEnd(10)} ${vars.map((v) => (v.required ? v.env : `[${v.env}]`)).join(" ")}`)
  .join("\n")}
Flags such as ${Object.values(VENDOR_VARIABLES).flat()[0]?.flag ?? "--<variable>"} override them, but other users can read flags in \`ps\`: prefer the environment.

${EXIT_HELP}

Examples:
  eventkit events --mock                       every vendor, from local mocks, no credentials
  eventkit events --since 7d --vendor ${VENDORS.slice(0, 2).join(",")} --format jsonl
  eventkit sync --state eventkit-state.json --out events.jsonl`;

/** src/cli/main.ts and dist/cli/main.js are both two levels below package.json. */
function version(): string {
  return (createRequire(import.meta.url)("../../package.json") as { version: string }).version;
}

/**
 * Runs the CLI; resolves with the exit code rather than exiting, so that mocks and files are closed
 * first. A signal wins over any other outcome: the run was cut short, and 130/143 says so.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const interrupt = watchInterrupts(process.stderr);
  try {
    const code = await parse(argv, interrupt);
    return interrupt.exitCode ?? code;
  } finally {
    interrupt.dispose();
  }
}

async function parse(argv: readonly string[], interrupt: Interrupt): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command("eventkit")
    .description(`One feed of what happened across your vendors: ${VENDORS.join(", ")}.`)
    .version(version())
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .addHelpText("after", ENVIRONMENT_HELP);
  const run = async (action: (interrupt: Interrupt) => Promise<number>): Promise<void> => {
    code = await action(interrupt);
  };
  eventsCommand(program, run);
  syncCommand(program, run);
  for (const command of program.commands) command.exitOverride().addHelpText("after", ENVIRONMENT_HELP);

  if (argv.length <= 2) {
    process.stderr.write(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv as string[]);
    return code;
  } catch (error) {
    const paint = paintFor(process.stderr);
    const fail = (message: string): void => void process.stderr.write(`${paint("red", "eventkit:")} ${message}\n`);
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0
        ? EXIT.ok
        : EXIT.usage;
    }
    if (interrupt.exitCode !== undefined) {
      fail((interrupt.signal.reason as Error).message);
      return interrupt.exitCode;
    }
    if (error instanceof UsageError) {
      fail(error.message);
      return EXIT.usage;
    }
    if (error instanceof BusyError) {
      fail(error.message);
      return EXIT.busy;
    }
    fail(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    return EXIT.error;
  }
}
