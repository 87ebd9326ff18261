import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { cleanEnv, git } from "./repo.js";

export const CHANGES = join(import.meta.dirname, "../fixtures/changes");
const BIN = join(import.meta.dirname, "../../bin");

/** A fixture document: `fixture("new-operation", "after")`. */
export function fixture(kind: string, side: "before" | "after"): string {
  return readFileSync(join(CHANGES, kind, `${side}.yaml`), "utf8");
}

export function write(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

/**
 * A small workspace in a git repository on `main`: one vendor, `demo`, whose document is the
 * fixture API, with provenance and a client package.json (no code: nothing here builds).
 */
export function demoWorkspace(document = fixture("unchanged", "before")): string {
  const root = mkdtempSync(join(tmpdir(), "eventkit-demo-"));
  write(root, "pnpm-workspace.yaml", "packages:\n  - specs/*\n  - packages/*\n");
  // As in any repository: the generator keeps its validation cache in node_modules/.cache.
  write(root, ".gitignore", "node_modules/\n");
  write(root, ".changeset/config.json", JSON.stringify({ baseBranch: "main" }, null, 2));
  write(root, ".changeset/README.md", "Changesets live here.\n");
  write(
    root,
    "specs/demo/package.json",
    JSON.stringify(
      {
        name: "@eventkit/spec-demo",
        private: true,
        eventkit: { vendor: "demo", document: "openapi.yaml", overlay: "overlay.yaml" },
      },
      null,
      2,
    ),
  );
  setDocument(root, document);
  write(root, "packages/demo/package.json", JSON.stringify({ name: "@eventkit/demo", version: "0.1.0" }, null, 2));
  git(root, ["init", "--quiet", "-b", "main"]);
  commitAll(root, "demo workspace");
  return root;
}

/** Replaces the demo document and its provenance, as a person updating by hand would. */
export function setDocument(root: string, text: string): void {
  write(root, "specs/demo/openapi.yaml", text);
  const sha256 = createHash("sha256").update(text).digest("hex");
  write(
    root,
    "specs/demo/provenance.json",
    JSON.stringify(
      {
        vendor: "demo",
        document: "openapi.yaml",
        origin: "published",
        source: "test",
        retrieved: "2026-01-01",
        sha256,
      },
      null,
      2,
    ),
  );
}

export function commitAll(root: string, message: string): void {
  git(root, ["add", "-A"]);
  git(root, ["commit", "--quiet", "-m", message]);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of this package's commands (`spec-diff`, …) in `cwd`, without blocking the event loop. */
export async function cli(
  cwd: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(BIN, `${command}.js`), ...args], {
      cwd,
      env: cleanEnv(env),
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? String(error) };
  }
}
