import { spawn } from "node:child_process";

/**
 * Runs a command to its end without blocking the test worker. A worker blocked for minutes (tsc over
 * a full vendor spec on a busy machine) misses vitest's own RPC deadline ("Timeout calling
 * onTaskUpdate") and fails the run although every test passed.
 */
export async function run(
  command: string,
  args: string[],
  options: { cwd?: string } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const status = await new Promise<number | null>((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) => done(code));
  });
  return { status, stdout, stderr };
}
