import { childEnv } from "./child-env.js";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export interface CompileError {
  /** The package whose code no longer compiles. */
  packageName: string;
  task: string;
  /** `src/adapter.ts(12,5): error TS2339: …` */
  message: string;
}

export interface TurboResult {
  ok: boolean;
  command: string;
  /** `@eventkit/events#typecheck`, … */
  failedTasks: string[];
  /** The packages turbo selected: the changed package and its dependents. */
  scope: string[];
  errors: CompileError[];
}

const TASKS = ["typecheck", "build"];

/** The turbo command that rebuilds and type-checks a package and everything that depends on it. */
export function affectedCommand(packageName: string): string[] {
  // `...pkg` selects the package and its dependents (`pkg...` would be its dependencies);
  // dependsOn: ["^build"] still builds what they need first.
  return [
    "run",
    ...TASKS,
    `--filter=...${packageName}`,
    "--continue=dependencies-successful",
    "--output-logs=errors-only",
  ];
}

/**
 * Runs turbo for what a change to `packageName` affects, streaming its output, and collects the
 * tasks that failed and the compiler errors they printed.
 */
export function runAffected(root: string, packageName: string, write: (chunk: string) => void): Promise<TurboResult> {
  const local = join(root, "node_modules/.bin/turbo");
  const [cmd, args] = existsSync(local)
    ? [local, affectedCommand(packageName)]
    : ["pnpm", ["exec", "turbo", ...affectedCommand(packageName)]];
  const command = `pnpm exec turbo ${affectedCommand(packageName).join(" ")}`;
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...childEnv(), FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output += text;
      write(text);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", (error) => {
      output += String(error);
      resolve({ ok: false, command, ...parseTurboOutput(output) });
    });
    child.on("close", (code) => resolve({ ok: code === 0, command, ...parseTurboOutput(output) }));
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes this strips.
const ANSI = /\u001b\[[0-9;]*m/g;

export function parseTurboOutput(output: string): Pick<TurboResult, "failedTasks" | "errors" | "scope"> {
  const failed = new Set<string>();
  const errors: CompileError[] = [];
  let scope: string[] = [];
  for (const raw of output.replace(ANSI, "").split("\n")) {
    const line = raw.trim();
    const scopeLine = /Packages in scope:\s+(.+)$/.exec(line);
    if (scopeLine)
      scope = scopeLine[1]!
        .split(/,\s*/)
        .map((s) => s.trim())
        .filter(Boolean);
    const failedLine = /^Failed:\s+(.+)$/.exec(line);
    if (failedLine) for (const task of failedLine[1]!.split(/[,\s]+/)) if (task.includes("#")) failed.add(task);
    const errorLine = /^(\S+?)#(\w+):\s+ERROR\b/.exec(line);
    if (errorLine) failed.add(`${errorLine[1]}#${errorLine[2]}`);
    const tsc = /^(\S+?):(\w+): (.+\(\d+,\d+\): error TS\d+: .*)$/.exec(line);
    if (tsc) errors.push({ packageName: tsc[1]!, task: tsc[2]!, message: tsc[3]! });
  }
  return { failedTasks: [...failed].sort(), errors, scope };
}
