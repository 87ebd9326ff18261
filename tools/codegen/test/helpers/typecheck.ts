import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { run } from "./run.js";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/**
 * Type-checks a generated package folder with tsc. The folder must sit where `@eventkit/runtime`
 * resolves (inside this workspace), as a consumer's would. Returns tsc's diagnostics.
 */
export async function typecheck(dir: string, files: string[]): Promise<{ ok: boolean; output: string }> {
  const config = join(dir, "tsconfig.check.json");
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(import.meta.dirname, "../../../../tsconfig.base.json"),
      compilerOptions: { noEmit: true, skipLibCheck: true, types: [] },
      files: files.map((f) => join(dir, f)),
    }),
  );
  const result = await run(process.execPath, [tsc, "-p", config]);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}
