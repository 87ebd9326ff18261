import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    // Everything runs against local servers; a hung socket should fail a test, not stall the run.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
