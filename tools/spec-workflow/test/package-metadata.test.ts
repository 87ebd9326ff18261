import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkMetadata, publicPackages } from "../src/index.js";

const REPO = join(import.meta.dirname, "../../..");
const scratch = mkdtempSync(join(tmpdir(), "eventkit-metadata-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A workspace root with the repository's root package.json and LICENSE, and a copy of one package. */
function copyPackage(name: string): { root: string; dir: string } {
  const root = mkdtempSync(join(scratch, "root-"));
  for (const file of ["package.json", "LICENSE"]) cpSync(join(REPO, file), join(root, file));
  const dir = join(root, "packages", name);
  cpSync(join(REPO, "packages", name), dir, {
    recursive: true,
    filter: (src) => !src.includes("node_modules") && !src.includes("/dist"),
  });
  return { root, dir };
}

describe("the package metadata check", () => {
  it("passes every public package of the repository", () => {
    const packages = publicPackages(REPO);
    expect(packages.length).toBeGreaterThanOrEqual(8);
    for (const { name, dir } of packages) expect(checkMetadata(REPO, dir), name).toEqual({ ok: true, detail: "" });
  });

  it("fails a package without repository, homepage, bugs or keywords, naming each field and what it should be", () => {
    const { root, dir } = copyPackage("runtime");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
    delete pkg.repository;
    delete pkg.homepage;
    delete pkg.bugs;
    delete pkg.keywords;
    writeFileSync(join(dir, "package.json"), JSON.stringify(pkg));
    const check = checkMetadata(root, dir);
    expect(check.ok).toBe(false);
    expect(check.detail).toContain(
      `packages/runtime/package.json: "repository" is missing; want {"type":"git","url":"git+https://github.com/eventkit/eventkit.git","directory":"packages/runtime"}`,
    );
    expect(check.detail).toMatch(
      /"homepage" is missing; want "https:\/\/github\.com\/eventkit\/eventkit\/tree\/main\/packages\/runtime#readme"/,
    );
    expect(check.detail).toMatch(/"bugs" is missing/);
    expect(check.detail).toMatch(/"keywords" is missing/);
  });

  it("fails a package whose repository points at another folder, or that does not ship its LICENSE", () => {
    const { root, dir } = copyPackage("events");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      repository: { directory: string };
      files: string[];
    };
    pkg.repository.directory = "packages/runtime";
    pkg.files = pkg.files.filter((f) => f !== "LICENSE");
    writeFileSync(join(dir, "package.json"), JSON.stringify(pkg));
    rmSync(join(dir, "LICENSE"));
    const check = checkMetadata(root, dir);
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(
      /"repository" is .*"directory":"packages\/runtime".*; want .*"directory":"packages\/events"/,
    );
    expect(check.detail).toContain("LICENSE is missing from packages/events/");
    expect(check.detail).toContain('"files" does not list LICENSE');
  });

  it("fails when the root names no repository to derive the metadata from", () => {
    const { root, dir } = copyPackage("mem0");
    const rootPkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
    delete rootPkg.repository;
    writeFileSync(join(root, "package.json"), JSON.stringify(rootPkg));
    expect(checkMetadata(root, dir)).toEqual({
      ok: false,
      detail: expect.stringMatching(/package\.json names no "repository"/),
    });
  });
});
