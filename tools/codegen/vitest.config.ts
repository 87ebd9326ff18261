import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["../../scripts/vitest/scratch-tmpdir.ts"],
    // Limits catch hangs only. Tests run the generator on whole specs, spawn its CLI and tsc: a
    // minute alone on a 2-core machine, several when it is busy.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
