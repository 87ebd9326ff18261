import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, mustRunAsync, REPO, runAsync } from "./helpers/repo.js";

/**
 * The release path of CONTRIBUTING.md, on a small workspace that uses this repository's
 * `.changeset/config.json` and its installed @changesets/cli: `changeset status` reads the
 * pending changesets, `changeset version` bumps and writes a CHANGELOG.md per package.
 * (Never run on the repository itself: that is a release.)
 */
let root: string;
const changeset = join(REPO, "node_modules/.bin/changeset");
const write = (rel: string, text: string) => {
  mkdirSync(join(root, rel, ".."), { recursive: true });
  writeFileSync(join(root, rel), text);
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "eventkit-release-"));
  symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"));
  cpSync(join(REPO, ".changeset/config.json"), join(root, ".changeset/config.json"));
  write("package.json", JSON.stringify({ name: "ws", private: true }));
  write("pnpm-workspace.yaml", "packages:\n  - packages/*\n");
  write("packages/client/package.json", JSON.stringify({ name: "@eventkit/client", version: "0.1.0" }, null, 2));
  write("packages/runtime/package.json", JSON.stringify({ name: "@eventkit/runtime", version: "0.1.0" }, null, 2));
  git(root, ["init", "-q", "-b", "main"]);
  git(root, ["add", "-A"]);
  git(root, ["commit", "-q", "-m", "initial"]);
  write(".changeset/new-operation.md", '---\n"@eventkit/client": minor\n---\n\nA new operation: `listAudits`.\n');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("releasing with changesets (CONTRIBUTING.md)", () => {
  it("changeset status lists the pending release", async () => {
    await mustRunAsync(root, changeset, ["status", "--output", "status.json"]);
    const status = JSON.parse(readFileSync(join(root, "status.json"), "utf8")) as {
      releases: { name: string; type: string; newVersion: string }[];
    };
    expect(status.releases).toEqual([
      expect.objectContaining({ name: "@eventkit/client", type: "minor", newVersion: "0.2.0" }),
    ]);
  });

  it("changeset version bumps the package and writes its CHANGELOG.md, and only that package's", async () => {
    const result = await runAsync(root, changeset, ["version"]);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(root, "packages/client/package.json"), "utf8")).version).toBe("0.2.0");
    const changelog = readFileSync(join(root, "packages/client/CHANGELOG.md"), "utf8");
    // The changeset is not committed here, so the entry carries no commit hash.
    expect(changelog).toBe("# @eventkit/client\n\n## 0.2.0\n\n### Minor Changes\n\n- A new operation: `listAudits`.\n");
    expect(existsSync(join(root, "packages/runtime/CHANGELOG.md"))).toBe(false);
    expect(existsSync(join(root, ".changeset/new-operation.md"))).toBe(false);
  });
});
