#!/usr/bin/env node
/**
 * `turbo run <tasks...>` for the root scripts, with the outcome told straight:
 * - `--continue=dependencies-successful`: one failing task does not stop the others, so a task
 *   that passed is never reported as failed because turbo interrupted it;
 * - at the end, from turbo's run summary (`--summarize`), the tasks that really failed, each with
 *   its exit code and log file, and those not run because a dependency failed;
 * - the tasks that took longest, with when each started and ended in the run (where CI's time goes).
 * Exits with turbo's status.
 *   node scripts/turbo-run.mjs typecheck test [turbo flags...]
 */
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const runs = join(root, ".turbo", "runs");
mkdirSync(runs, { recursive: true });
const before = new Set(readdirSync(runs));

// pnpm hands its scripts pnpm_config_verify_deps_before_run, which makes every pnpm started by a
// task check the whole workspace's install again: once, here, is enough.
const env = { ...process.env };
delete env.pnpm_config_verify_deps_before_run;

const args = ["run", ...process.argv.slice(2), "--continue=dependencies-successful", "--summarize"];
const child = spawn(join(root, "node_modules", ".bin", "turbo"), args, { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  console.error(`turbo did not start: ${error.message} (run pnpm install first)`);
  process.exit(1);
});
child.on("close", (code, signal) => {
  const status = code ?? (signal ? 1 : 0);
  const created = readdirSync(runs).filter((f) => !before.has(f) && f.endsWith(".json"));
  if (created.length === 1) {
    const file = join(runs, created[0]);
    console.log(`\n${summarise(JSON.parse(readFileSync(file, "utf8")), status)}`);
    rmSync(file);
  } else if (status !== 0) {
    console.log(`\nturbo exited ${status} without a run summary`);
  }
  process.exit(status);
});

/** What passed, what failed (exit code and log), what did not run. */
function summarise(summary, status) {
  const tasks = summary.tasks ?? [];
  const failed = tasks.filter((t) => t.execution && t.execution.exitCode !== 0);
  const notRun = tasks.filter((t) => !t.execution && t.cache?.status !== "HIT");
  const passed = tasks.length - failed.length - notRun.length;
  const lines = [
    `turbo: ${tasks.length} tasks: ${passed} passed (${summary.execution?.cached ?? 0} from cache), ${failed.length} failed, ${notRun.length} not run`,
  ];
  for (const t of failed)
    lines.push(`  FAILED  ${t.taskId} (exit ${t.execution.exitCode}): ${t.logFile ? join(root, t.logFile) : "no log"}`);
  for (const t of notRun) lines.push(`  not run ${t.taskId}: a task it depends on failed`);
  if (status !== 0 && failed.length === 0) lines.push(`  turbo exited ${status}`);
  lines.push(...longest(tasks, summary.execution?.startTime));
  return lines.join("\n");
}

/** The longest tasks that ran (not cache hits): seconds, and from when to when since the run began. */
function longest(tasks, start, count = 8) {
  const ran = tasks
    .filter((t) => t.execution?.startTime && t.execution.endTime && t.cache?.status !== "HIT")
    .map((t) => ({ id: t.taskId, from: t.execution.startTime, to: t.execution.endTime }))
    .sort((a, b) => b.to - b.from - (a.to - a.from))
    .slice(0, count);
  if (ran.length === 0) return [];
  const origin = start ?? Math.min(...ran.map((t) => t.from));
  const s = (ms) => `${Math.round(ms / 1000)}s`;
  return [
    `turbo: longest tasks (duration, from-to since the run began):`,
    ...ran.map((t) => `  ${s(t.to - t.from).padStart(5)}  ${s(t.from - origin)}-${s(t.to - origin)}  ${t.id}`),
  ];
}
