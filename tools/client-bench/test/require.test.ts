import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Every public package loads from CommonJS: `require()` in a real node process, from a .cjs file
 * that resolves the packages as an application in this workspace would. Before the `default`
 * export condition this failed with ERR_PACKAGE_PATH_NOT_EXPORTED.
 */
const PACKAGES: [name: string, expected: string[]][] = [
  ["@eventkit/runtime", ["createApiClient", "RateLimitError", "TimeoutError"]],
  ["@eventkit/runtime/md5", ["md5Hex"]],
  ["@eventkit/runtime/lite", ["createLiteClient"]],
  ["@eventkit/runtime/retry", ["withRetry"]],
  ["@eventkit/mock-server", []],
  ["@eventkit/events", []],
  ["@eventkit/mem0", ["createMem0Client", "RateLimitError"]],
  ["@eventkit/opal", ["createOpalClient", "RateLimitError", "AuthenticationError"]],
  ["@eventkit/datadog", ["createDatadogClient", "RateLimitError"]],
  ["@eventkit/trieve", ["createTrieveClient", "RateLimitError"]],
  ["@eventkit/capillary", ["createCapillaryClient", "RateLimitError"]],
  ["@eventkit/opal/lite", ["createOpalLiteClient", "withRetry", "AuthenticationError"]],
  ["@eventkit/capillary/lite", ["createCapillaryLiteClient", "withRetry", "RateLimitError"]],
];

let dir: string;
let probe: string;
beforeAll(() => {
  // Inside this package, so that require() resolves through its node_modules.
  dir = mkdtempSync(join(import.meta.dirname, ".scratch-require-"));
  probe = join(dir, "probe.cjs");
  writeFileSync(probe, "const m = require(process.argv[2]);\nprocess.stdout.write(JSON.stringify(Object.keys(m)));\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("require() from a CommonJS file", () => {
  // Not spawnSync: loading mock-server (Prism) takes a minute on a busy machine, and a worker whose
  // event loop is blocked that long fails the run ("Timeout calling onTaskUpdate") though every test passed.
  it.each(PACKAGES)("%s", async (name, expected) => {
    const run = await promisify(execFile)(process.execPath, ["--no-warnings", probe, name], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    const keys = JSON.parse(run.stdout) as string[];
    expect(keys.length).toBeGreaterThan(0);
    expect(keys).toEqual(expect.arrayContaining(expected));
  });
});
