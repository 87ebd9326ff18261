import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkChangesets } from "../src/index.js";
import { git, removeTree } from "./helpers/repo.js";
import { cli, commitAll, demoWorkspace, fixture, setDocument, write } from "./helpers/workspace.js";

const changesets = (root: string) =>
  readdirSync(join(root, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");

describe("changeset-check", () => {
  it("skips, saying why, when a single commit has nothing to compare with", async () => {
    const root = demoWorkspace();
    const run = await cli(root, "changeset-check", []);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /changeset check skipped: HEAD is the repository's only commit and there is no origin\/main/,
    );
    removeTree(root);
  });

  it("fails on a spec commit without a changeset, with the command that writes one, which then passes", async () => {
    const root = demoWorkspace();
    setDocument(root, fixture("removed-field", "after"));
    commitAll(root, "vendor removed price");

    const failing = await cli(root, "changeset-check", []);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain("checking the last commit against its parent");
    expect(failing.stderr).toMatch(
      /specs\/demo\/ changed since HEAD~1 \([0-9a-f]{12}\) \(openapi\.yaml, provenance\.json\), but no changeset added since then names @eventkit\/demo\./,
    );
    expect(failing.stderr).toContain("  pnpm spec:diff demo --base HEAD~1 --changeset");
    expect(failing.stderr).toContain("  pnpm changeset        (select @eventkit/demo)");

    // The printed command, run as printed.
    const write = await cli(root, "spec-diff", ["demo", "--base", "HEAD~1", "--changeset"]);
    expect(write.code).toBe(0);
    expect(changesets(root)).toEqual([expect.stringMatching(/^demo-spec-[0-9a-f]{8}\.md$/)]);
    const text = readFileSync(join(root, ".changeset", changesets(root)[0]!), "utf8");
    expect(text).toMatch(/^---\n"@eventkit\/demo": minor\n---\n/);
    expect(text).toContain("field `items[].price` removed");

    const passing = await cli(root, "changeset-check", []);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toContain("Specs changed since HEAD~1");
    expect(passing.stdout).toContain("for demo: each has a changeset.");
    removeTree(root);
  });

  it("does not count a changeset for another package, nor one that was there before the base", () => {
    const root = demoWorkspace();
    write(root, ".changeset/old-demo.md", '---\n"@eventkit/demo": patch\n---\n\nAn earlier change.\n');
    commitAll(root, "an earlier changeset");
    setDocument(root, fixture("type-change", "after"));
    write(root, ".changeset/other.md", "---\n'@eventkit/runtime': minor\n---\n\nSomething else.\n");
    commitAll(root, "vendor changed a type");
    const result = checkChangesets(root);
    expect(result).toMatchObject({
      status: "missing",
      baseLabel: "HEAD~1",
      missing: [{ vendor: "demo", packageName: "@eventkit/demo" }],
    });
    removeTree(root);
  });

  it("needs no changeset for recordings, which the package does not read", () => {
    const root = demoWorkspace();
    write(root, "specs/demo/recordings/SOURCE", "Written by a test.\n");
    commitAll(root, "a recording");
    expect(checkChangesets(root)).toMatchObject({ status: "ok", vendors: [] });
    write(root, "specs/demo/recordings/SOURCE", "Written by a test, again.\n");
    setDocument(root, fixture("type-change", "after"));
    commitAll(root, "a recording and a spec change");
    const result = checkChangesets(root);
    expect(result).toMatchObject({ status: "missing", missing: [{ vendor: "demo" }] });
    const files = result.status === "missing" ? result.missing[0]!.files : [];
    expect(files).toContain("specs/demo/openapi.yaml");
    expect(files.filter((f) => f.includes("/recordings/"))).toEqual([]);
    removeTree(root);
  });

  it("compares with the merge-base with origin/main, uncommitted changes included", () => {
    const root = demoWorkspace();
    const upstream = git(root, ["rev-parse", "HEAD"]).trim();
    write(root, "notes.txt", "unrelated\n");
    commitAll(root, "unrelated work on the branch");
    git(root, ["update-ref", "refs/remotes/origin/main", upstream]);
    expect(checkChangesets(root)).toMatchObject({ status: "ok", baseLabel: "origin/main", vendors: [] });

    // An overlay edit, not committed yet, is a spec change too.
    write(root, "specs/demo/overlay.yaml", "overlay: 1.0.0\ninfo: { title: t, version: '1' }\nactions: []\n");
    expect(checkChangesets(root)).toMatchObject({
      status: "missing",
      base: upstream,
      missing: [{ vendor: "demo", files: ["specs/demo/overlay.yaml"] }],
    });

    write(root, ".changeset/demo-overlay.md", '---\n"@eventkit/demo": patch\n---\n\nOverlay tidied.\n');
    expect(checkChangesets(root)).toMatchObject({ status: "ok", vendors: ["demo"] });
    removeTree(root);
  });

  it("uses the base it is given", () => {
    const root = demoWorkspace();
    setDocument(root, fixture("new-operation", "after"));
    commitAll(root, "vendor added an operation");
    write(root, "notes.txt", "later\n");
    commitAll(root, "later");
    expect(checkChangesets(root)).toMatchObject({ status: "ok", baseLabel: "HEAD~1", vendors: [] });
    expect(checkChangesets(root, "HEAD~2")).toMatchObject({ status: "missing", baseLabel: "HEAD~2" });
    expect(checkChangesets(root, "no-such-ref")).toEqual({
      status: "skipped",
      reason: "--base no-such-ref names no commit",
    });
    removeTree(root);
  });
});
