import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["../../scripts/vitest/scratch-tmpdir.ts"],
    // Starting Chromium and node processes on a loaded machine: generous, and only a ceiling.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
