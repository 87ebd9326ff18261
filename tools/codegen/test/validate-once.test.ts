import { appendFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { inputDigest, isUpToDate, recordGenerated } from "../bin/digest.mjs";
import { generateVendor, validateVendor } from "../src/index.js";
import { tempWorkspace } from "./helpers/workspace.js";

/**
 * turbo runs the spec package's `validate` and then `generate`: the lint of the document runs in
 * the first only, and `pnpm generate` starts nothing when no input and no output changed.
 */
describe("validation runs once per input", () => {
  let root: string;
  let specDir: string;
  const records = () => readdirSync(join(root, "node_modules/.cache/eventkit-codegen/validated"));
  beforeEach(() => {
    root = tempWorkspace("features");
    specDir = join(root, "specs/features");
    // A structural problem, a warning in lenient mode: what the lint finds is visible.
    const doc = join(specDir, "openapi.yaml");
    writeFileSync(doc, readFileSync(doc, "utf8").replace("  version: 1.0.0\n", "  version: 1.0.0\n  colour: blue\n"));
  });

  it("generate replays the warnings validate recorded, without linting again", async () => {
    const validated: string[] = [];
    await validateVendor(specDir, { strict: false, log: (l) => validated.push(l) });
    expect(validated.join("\n")).toMatch(/openapi\.yaml:5:3: Property `colour` is not expected here/);
    expect(records()).toHaveLength(1);

    const generated: string[] = [];
    await generateVendor(root, "features", { strict: false, log: (l) => generated.push(l) });
    expect(generated).toEqual(validated);

    // The record is what generate reads: an edited record is replayed as it is (no second lint).
    const record = join(root, "node_modules/.cache/eventkit-codegen/validated", records()[0]!);
    writeFileSync(record, JSON.stringify({ warnings: ["warning: from the record"] }));
    const replayed: string[] = [];
    await generateVendor(root, "features", { strict: false, log: (l) => replayed.push(l) });
    expect(replayed).toEqual(["warning: from the record"]);
  });

  it("a copy of the workspace elsewhere reuses the records, with its own paths in the warnings", async () => {
    const first: string[] = [];
    await validateVendor(specDir, { strict: false, log: (l) => first.push(l) });
    expect(first.join("\n")).toContain(root);

    const copy = tempWorkspace("features");
    const copySpec = join(copy, "specs/features");
    writeFileSync(join(copySpec, "openapi.yaml"), readFileSync(join(specDir, "openapi.yaml")));
    const cache = "node_modules/.cache/eventkit-codegen/validated";
    cpSync(join(root, cache), join(copy, cache), { recursive: true });
    // The copy's key is the original's (same name), and what it replays names the copy's files.
    const record = join(copy, cache, records()[0]!);
    const recorded = JSON.parse(readFileSync(record, "utf8")) as { warnings: string[] };
    expect(recorded.warnings.join("\n")).not.toContain(root);
    writeFileSync(record, JSON.stringify({ warnings: [...recorded.warnings, "warning: from the record"] }));
    const replayed: string[] = [];
    await validateVendor(copySpec, { strict: false, log: (l) => replayed.push(l) });
    expect(replayed).toEqual([...first.map((l) => l.replaceAll(root, copy)), "warning: from the record"]);
    expect(readdirSync(join(copy, cache))).toEqual(records());
  });

  it("an edited overlay or another strictness is linted afresh", async () => {
    await validateVendor(specDir, { strict: false });
    appendFileSync(join(specDir, "overlay.yaml"), "  - target: $.info\n    update: { description: edited }\n");
    const after: string[] = [];
    await validateVendor(specDir, { strict: false, log: (l) => after.push(l) });
    expect(after.join("\n")).toMatch(/Property `colour` is not expected here/);
    expect(records()).toHaveLength(2);
    // Strict, the same document fails, every time, and nothing is recorded for it.
    await expect(validateVendor(specDir, { strict: true })).rejects.toThrow(/Property `colour` is not expected here/);
    await expect(validateVendor(specDir, { strict: true })).rejects.toThrow(/Property `colour` is not expected here/);
    expect(records()).toHaveLength(2);
  });
});

describe("pnpm generate's no-op check", () => {
  it("holds while specs and output are as the last run left them, and no longer once either changes", async () => {
    const root = tempWorkspace("features");
    await generateVendor(root, "features", { strict: false });
    expect(isUpToDate(root, "features")).toBe(false);
    recordGenerated(root, "features", inputDigest(root, "features"));
    expect(isUpToDate(root, "features")).toBe(true);

    const overlay = join(root, "specs/features/overlay.yaml");
    const text = readFileSync(overlay, "utf8");
    writeFileSync(overlay, `${text}# a comment\n`);
    expect(isUpToDate(root, "features")).toBe(false);
    writeFileSync(overlay, text);
    expect(isUpToDate(root, "features")).toBe(true);

    appendFileSync(join(root, "packages/features/src/generated/client.ts"), "// edited by hand\n");
    expect(isUpToDate(root, "features")).toBe(false);
  });

  it("a digest taken before a run does not cover an edit made during it", async () => {
    const root = tempWorkspace("features");
    await generateVendor(root, "features", { strict: false });
    const before = inputDigest(root, "features");
    appendFileSync(join(root, "specs/features/openapi.yaml"), "# edited while generating\n");
    recordGenerated(root, "features", before);
    expect(isUpToDate(root, "features")).toBe(false);
  });
});
