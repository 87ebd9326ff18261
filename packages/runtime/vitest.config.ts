import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["../../scripts/vitest/scratch-tmpdir.ts"],
    // Tests talk to local servers; a hung socket should fail a test rather than stall the run. The
    // limit catches hangs only: on a busy machine (a 2-core CI runner at load 40) a test that takes
    // 50 ms alone can take tens of seconds.
    testTimeout: 120_000,
  },
});
