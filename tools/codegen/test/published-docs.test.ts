import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateVendor } from "../src/index.js";
import { tempWorkspace } from "./helpers/workspace.js";

const REPO = join(import.meta.dirname, "../../..");
let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

const rootConfig = {
  name: "ws",
  private: true,
  license: "MIT",
  author: "someone",
  repository: { type: "git", url: "git+https://example.test/o/r.git" },
  bugs: "https://example.test/o/r/issues",
  keywords: ["eventkit", "openapi"],
};

describe("what a published vendor package says about itself", () => {
  it("takes repository, homepage, bugs, keywords, licence and author from the root package.json, and ships its LICENSE", async () => {
    root = tempWorkspace("features");
    writeFileSync(join(root, "package.json"), JSON.stringify(rootConfig));
    writeFileSync(join(root, "LICENSE"), "MIT License\n\nCopyright (c) someone\n");
    await generateVendor(root, "features");
    const pkg = JSON.parse(readFileSync(join(root, "packages/features/package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(pkg).toMatchObject({
      license: "MIT",
      author: "someone",
      homepage: "https://example.test/o/r/tree/main/packages/features#readme",
      repository: { type: "git", url: "git+https://example.test/o/r.git", directory: "packages/features" },
      bugs: { url: "https://example.test/o/r/issues" },
      keywords: ["eventkit", "openapi", "features"],
    });
    expect(pkg.files).toContain("LICENSE");
    expect(readFileSync(join(root, "packages/features/LICENSE"), "utf8")).toBe(
      "MIT License\n\nCopyright (c) someone\n",
    );
  });

  it("names the root field that is missing once the root declares a repository", async () => {
    root = tempWorkspace("features");
    const { bugs: _, ...noBugs } = rootConfig;
    writeFileSync(join(root, "package.json"), JSON.stringify(noBugs));
    writeFileSync(join(root, "LICENSE"), "MIT\n");
    await expect(generateVendor(root, "features")).rejects.toThrow(
      /package\.json: "bugs" must be the issue tracker's URL/,
    );
  });

  it("writes no metadata for a workspace that publishes nothing (no repository at its root)", async () => {
    root = tempWorkspace("features");
    await generateVendor(root, "features");
    const pkg = JSON.parse(readFileSync(join(root, "packages/features/package.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(pkg.repository).toBeUndefined();
    expect(pkg.files).not.toContain("LICENSE");
  });
});

describe("the options and errors vendor READMEs quote from the runtime's README", () => {
  const runtimeReadme = readFileSync(join(REPO, "packages/runtime/README.md"), "utf8");

  it("documents every ClientOptions field", () => {
    const source = readFileSync(join(REPO, "packages/runtime/src/options.ts"), "utf8");
    const body = source.slice(source.indexOf("export interface ClientOptions"));
    const fields = [...body.slice(0, body.indexOf("\n}")).matchAll(/^ {2}readonly (\w+)\?:/gm)].map((m) => m[1]!);
    expect(fields.length).toBeGreaterThan(5);
    const table = runtimeReadme.slice(
      runtimeReadme.indexOf("## Options every client takes"),
      runtimeReadme.indexOf("## Errors"),
    );
    for (const field of fields) expect(table, field).toMatch(new RegExp(`^\\| [^|]*\`${field}[\`:]`, "m"));
  });

  it("names every error class the vendor packages export", () => {
    const exportsSource = readFileSync(join(REPO, "packages/runtime/src/client-exports.ts"), "utf8");
    const classes = [...exportsSource.matchAll(/\b(\w+Error)\b/g)]
      .map((m) => m[1]!)
      .filter((n) => n !== "EventkitError");
    expect(classes).toContain("RateLimitError");
    const errors = runtimeReadme.slice(runtimeReadme.indexOf("## Errors"), runtimeReadme.indexOf("## Pagination"));
    for (const name of new Set(classes)) expect(errors, name).toContain(`\`${name}\``);
  });
});
