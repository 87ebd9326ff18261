import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The full-document suite has its own config, mocks and script (vitest.full.config.ts).
    exclude: ["test/full/**", "**/node_modules/**"],
    // Prism loads once, in vitest's main process: the tests talk HTTP to the servers it starts.
    globalSetup: ["../../scripts/vitest/scratch-tmpdir.ts", "./test/global-setup.ts"],
    // Limits catch hangs only. Many tests start Prism servers (seconds each, much more on a busy
    // machine); the CLI tests start a process that loads Prism (test/cli.test.ts).
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
