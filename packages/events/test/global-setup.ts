/**
 * Once per run: the scenario servers of every vendor (through @eventkit/mock-server's setup, which
 * also serves a control API for scenarios with other options), and a fresh build of the CLI, so
 * that CLI tests never run a stale binary.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createGlobalSetup } from "@eventkit/mock-server/vitest";
import type { TestProject } from "vitest/node";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(join(root, "dist", "cli.js")).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built >= newest(join(root, "src"))) return;
  execFileSync(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    { cwd: root, stdio: "inherit" },
  );
}

const mocks = createGlobalSetup({
  vendors: ["mem0", "opal", "datadog", "trieve", "capillary"],
  scenario: { events: 120, seed: 11 },
});

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureBuilt();
  return mocks(project);
}
