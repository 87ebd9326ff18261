#!/usr/bin/env node
/**
 * Runs one of the workspace's CLIs from the source tree, as `pnpm eventkit …` and `pnpm mock …` do:
 * builds it and what it needs through turbo first (quiet: one "building … done" line on stderr,
 * turbo's own output only if the build fails), then runs it with the arguments given, in the folder
 * the command was typed in, and exits with its status. stdout carries only the CLI's output.
 *   node scripts/run-cli.mjs eventkit events --mock
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { join } from "node:path";

const CLIS = {
  eventkit: { package: "@eventkit/events", entry: "packages/events/dist/cli.js" },
  "eventkit-mock": { package: "@eventkit/mock-server", entry: "packages/mock-server/dist/cli.js" },
};

const root = join(import.meta.dirname, "..");
const [name, ...args] = process.argv.slice(2);
const cli = CLIS[name];
if (!cli) {
  process.stderr.write(`usage: node scripts/run-cli.mjs <${Object.keys(CLIS).join("|")}> [args...]\n`);
  process.exit(2);
}

// pnpm hands its scripts pnpm_config_verify_deps_before_run, which makes the pnpm of every build
// task check the whole install again.
const env = { ...process.env };
delete env.pnpm_config_verify_deps_before_run;
const colour = !("NO_COLOR" in env) && process.stderr.isTTY === true;

const started = Date.now();
process.stderr.write(`${name}: building ${cli.package} and what it needs … `);
const build = await run(
  join(root, "node_modules", ".bin", "turbo"),
  ["run", "build", `--filter=${cli.package}`, "--output-logs=errors-only", colour ? "--color" : "--no-color"],
  {
    cwd: root,
    env: { ...env, ...(colour ? {} : { NO_COLOR: "1", FORCE_COLOR: "0" }) },
    stdio: ["ignore", "pipe", "pipe"],
  },
);
if (build.code !== 0) {
  process.stderr.write(
    `failed\n\n${build.output}\n${name}: the build failed (turbo exited ${build.code}); nothing was run.\n`,
  );
  process.exit(1);
}
process.stderr.write(`done (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);

// pnpm runs root scripts in the root; INIT_CWD is where the command was typed, so that relative
// paths (--state state.json) mean what the user meant.
const child = spawn(process.execPath, [join(root, cli.entry), ...args], {
  cwd: env.INIT_CWD ?? process.cwd(),
  env,
  stdio: "inherit",
});
// Ctrl-C reaches the CLI from the terminal too (same process group): it decides when to stop, and
// this waits for it. Other signals sent to this process alone are passed on.
process.on("SIGINT", () => undefined);
for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("close", (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));

function run(command, argv, options) {
  return new Promise((resolve) => {
    const child = spawn(command, argv, options);
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ code: 127, output: `${error.message} (run pnpm install first)` }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}
