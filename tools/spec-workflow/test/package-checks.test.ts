import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SIZE_LIMIT, publicPackages } from "../src/index.js";
import { copyRepo, readRepoCache, removeTree } from "./helpers/repo.js";
import { cli } from "./helpers/workspace.js";

let root: string;

beforeAll(async () => {
  root = await copyRepo();
});

afterAll(() => removeTree(root));

/** The table row of one package, split into its cells. */
function row(output: string, name: string): string[] {
  const line = output.split("\n").find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no row for ${name} in:\n${output}`);
  return line.trim().split(/\s{2,}/);
}

describe("package-checks", () => {
  // With the default limits, as documented: this is CI's package guard (.ci/run has no step of its own).
  it("builds, then passes every public package through publint, attw and publish --dry-run, with bundle sizes", async () => {
    // Its turbo build reads the repository's cache: the copy's packages are as committed, so they
    // come from there when the repository was built (in CI, by the steps before the tests).
    const result = await cli(root, "package-checks", [], readRepoCache());
    expect(result.stderr).not.toMatch(/^error:/m);
    const packages = publicPackages(root);
    expect(packages.map((p) => p.name)).toContain("@eventkit/runtime");
    expect(packages.map((p) => p.name)).not.toContain("@eventkit/codegen");
    for (const { name } of packages)
      expect(row(result.stdout, name).slice(1, 6), name).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    // Vendor clients get a size (minified / gzipped) against the limit; the runtime alone does not.
    expect(row(result.stdout, "@eventkit/mem0")[6]).toMatch(/^\d+\.\d\d KiB \/ \d+\.\d\d KiB$/);
    expect(row(result.stdout, "@eventkit/mem0")[7]).toBe(`${(DEFAULT_SIZE_LIMIT / 1024).toFixed(2)} KiB`);
    expect(row(result.stdout, "@eventkit/runtime")[6]).toBe("–");
    expect(result.stdout).toContain(`All ${packages.length} packages pass`);
    expect(result.code).toBe(0);
  });

  // One run for what a broken package fails on (each run packs, lints, type-checks and bundles the
  // package again: ~10 CPU-s): an entry point naming a file it does not publish (publint, attw), and a
  // client over the size limit and over the lite entry's, without and with withRetry, saying by how
  // much. Each failure is asserted on its own cells and lines of the report.
  it("fails a package whose entry points name files it does not publish, and one over the size limits, saying by how much", async () => {
    const pkgPath = join(root, "packages/mem0/package.json");
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as {
      exports: Record<string, { types: string }>;
      types: string;
    };
    pkg.exports["."]!.types = "./dist/missing.d.ts";
    pkg.types = "./dist/missing.d.ts";
    writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
    const args = ["@eventkit/mem0", "--no-build", "--size-limit", "1024", "--lite-size-limit", "1024"];
    const result = await cli(root, "package-checks", args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("1 of 1 packages failed: @eventkit/mem0");

    const cells = row(result.stdout, "@eventkit/mem0");
    expect(cells.slice(1, 3)).toEqual(["FAIL", "FAIL"]);
    expect(result.stdout).toMatch(/@eventkit\/mem0: publint:\n {2}error: .*missing\.d\.ts/);

    expect(cells[8]).toMatch(/^over by \d+\.\d\d KiB$/);
    expect(cells.at(-4)).toMatch(/^over by \d+\.\d\d KiB$/);
    expect(cells.at(-1)).toMatch(/^over by \d+\.\d\d KiB$/);
    expect(result.stdout).toMatch(
      /@eventkit\/mem0: bundle of createMem0Client\(\) \+ client\.listEvents\(\) is \d+\.\d\d KiB gzipped, over the 1\.00 KiB limit/,
    );
    expect(result.stdout).toMatch(
      /@eventkit\/mem0: bundle of createMem0LiteClient\(\) \+ client\.listEvents\(\) is \d+\.\d\d KiB gzipped, over the 1\.00 KiB limit/,
    );
    expect(result.stdout).toMatch(
      /@eventkit\/mem0: bundle of createMem0LiteClient\(\{ use: \[withRetry\(\)\] \}\) \+ client\.listEvents\(\) is \d+\.\d\d KiB gzipped, over the 1\.00 KiB limit/,
    );
  });

  it("names a package it does not know", async () => {
    const result = await cli(root, "package-checks", ["@eventkit/nope", "--no-build"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a public package under packages\/: @eventkit\/nope/);
  });
});
