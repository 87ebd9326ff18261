import { defineConfig } from "vitest/config";

/**
 * The full Datadog v2 document's contract tests (`pnpm test:full`), apart from the vendors' suite:
 * their own mocks, their own process, so a large neighbour cannot slow the vendors' tests.
 */
export default defineConfig({
  test: {
    include: ["test/full/**/*.test.ts"],
    globalSetup: ["./test/full/global-setup.ts"],
    // Limits catch hangs only: the fixture is generated on the first run (a minute on a busy machine).
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
