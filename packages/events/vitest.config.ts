import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["../../scripts/vitest/scratch-tmpdir.ts", "./test/global-setup.ts"],
    // Everything runs against local servers; a hung socket should fail a test, not stall the run.
    // Limits catch hangs only, so they leave room for a busy machine; tests that run the CLI set
    // their own (helpers/cli.ts: cliTimeout), as each run starts a node process.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
