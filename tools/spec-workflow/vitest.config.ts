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

export default defineConfig({
  test: {
    testTimeout: 1_200_000,
    hookTimeout: 1_200_000,
    // Two pools, run side by side (vitest runs each pool's files concurrently with the other's):
    // - e2e, in forks, two files at a time: each mostly waits on its child processes (an install,
    //   a turbo build, tsc), which use one core more often than two; at one at a time the suite
    //   took 11 minutes, alone at the end of `pnpm test`, with a core idle.
    // - the small files, in threads, beside them, instead of queueing after four minutes of e2e.
    // Nothing in these tests waits on time: on a busier machine they only take longer.
    poolOptions: {
      forks: { maxForks: 2, minForks: 1 },
      threads: { maxThreads: 2, minThreads: 1 },
    },
    projects: [
      { extends: true, test: { name: "e2e", include: E2E, pool: "forks" } },
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: E2E, pool: "threads" } },
    ],
  },
});
