import { defineConfig } from "vitest/config";

/**
 * The files that run turbo builds, installs and the generator in temporary copies of the repo
 * (minutes each, most of it in child processes). The others are small: fixtures, git and the CLIs
 * on a demo workspace.
 */
const E2E = [
  "test/add-vendor.e2e.test.ts",
  "test/update.e2e.test.ts",
  "test/remote-cache.test.ts",
  "test/package-checks.test.ts",
];

/**
 * Per-test and hook timeouts: hang catchers, not speed limits. EVENTKIT_TEST_TIMEOUT_MS raises them
 * where the suite runs at low priority beside other work.
 */
const TIMEOUT_MS = Number(process.env.EVENTKIT_TEST_TIMEOUT_MS) || 1_200_000;

export default defineConfig({
  test: {
    // Every temporary file of the run (the repo copies, their installs and builds) in one folder,
    // removed when the run ends, passed or failed (scripts/vitest/scratch-tmpdir.ts).
    globalSetup: ["../../scripts/vitest/scratch-tmpdir.ts"],
    testTimeout: TIMEOUT_MS,
    hookTimeout: TIMEOUT_MS,
    // Two pools, run side by side (vitest runs each pool's files concurrently with the other's):
    // - e2e, in forks, one file at a time: each keeps the CPU busy with installs, turbo builds and
    //   tsc in child processes (two at a time, in a CI run at load 25, starved each other);
    // - the small files, in threads, one at a time beside them, instead of queueing after the
    //   minutes of e2e (in the last CI run the suite took 673 s, alone at the end of `pnpm test`).
    // Nothing in these tests waits on time: on a busier machine they only take longer.
    poolOptions: {
      forks: { maxForks: 1, minForks: 1 },
      threads: { maxThreads: 1, minThreads: 1 },
    },
    projects: [
      { extends: true, test: { name: "e2e", include: E2E, pool: "forks" } },
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: E2E, pool: "threads" } },
    ],
  },
});
