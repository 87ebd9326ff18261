import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests talk to local servers; a hung socket should fail fast rather than stall the run.
    testTimeout: 10_000,
  },
});
