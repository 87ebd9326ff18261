import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, beforeEach, expect, it } from "vitest";
import { generateVendor, SpecError } from "../../src/index.js";
import { tempWorkspace, treeDigest } from "./workspace.js";

/** One bad spec folder and what the generator must say about it. */
export interface BadInputCase {
  name: string;
  /** Edits the spec folder (`<root>/specs/features`) into the bad input. */
  edit: (spec: string, root: string) => void;
  /** The file the error names, relative to the spec folder. */
  file: string;
  /** Absent where the problem is the whole file (its size). */
  line?: number;
  column?: number;
  message: RegExp;
}

export const editFile = (file: string, change: (text: string) => string) =>
  writeFileSync(file, change(readFileSync(file, "utf8")));

/** Appends lines to the features fixture's document; its last line (109) is inside `components.schemas.Error.properties`. */
export const appendToDocument = (spec: string, lines: string) =>
  editFile(join(spec, "openapi.yaml"), (t) => `${t}${lines}`);

/**
 * A workspace where `packages/features` was generated from the features fixture, copied afresh
 * for each test; `before` is that package's digest, to prove a failed run changed nothing.
 */
export function generatedWorkspace(): { root: () => string; before: () => Record<string, string> } {
  let template: string;
  let before: Record<string, string>;
  let root: string;
  beforeAll(async () => {
    template = tempWorkspace("features");
    await generateVendor(template, "features");
    before = treeDigest(join(template, "packages/features"));
    expect(Object.keys(before)).toContain("src/generated/client.ts");
  });
  beforeEach(() => {
    root = join(mkdtempSync(join(tmpdir(), "eventkit-codegen-")), "ws");
    cpSync(template, root, { recursive: true });
  });
  return { root: () => root, before: () => before };
}

/** Each case: the run fails with a SpecError naming file, line and column, and the package is byte-identical. */
export function itRejects(cases: BadInputCase[]): void {
  const ws = generatedWorkspace();
  it.each(cases)(
    "$name: names file and line, leaves the package as it was",
    async ({ edit, file, line, column, message }) => {
      const root = ws.root();
      edit(join(root, "specs/features"), root);
      const error = await generateVendor(root, "features").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SpecError);
      const e = error as SpecError;
      expect(e.message).toMatch(message);
      expect(e.file).toMatch(new RegExp(`specs/features/${file.replace(/\./g, "\\.")}$`));
      expect(e.line).toBe(line);
      if (column !== undefined) expect(e.column).toBe(column);
      expect(treeDigest(join(root, "packages/features"))).toEqual(ws.before());
    },
  );
}
