import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/**
 * Type-checks a generated package folder with tsc. The folder must sit where `@eventkit/runtime`
 * resolves (inside this workspace), as a consumer's would. Returns tsc's diagnostics.
 */
export function typecheck(dir: string, files: string[]): { ok: boolean; output: string } {
  const config = join(dir, "tsconfig.check.json");
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(import.meta.dirname, "../../../../tsconfig.base.json"),
      compilerOptions: { noEmit: true, skipLibCheck: true, types: [] },
      files: files.map((f) => join(dir, f)),
    }),
  );
  const run = spawnSync(process.execPath, [tsc, "-p", config], { encoding: "utf8" });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}
