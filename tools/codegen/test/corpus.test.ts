import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { renderEach } from "./helpers/heavy-jobs.js";
import { inChild } from "./helpers/in-child.js";
import { typecheck } from "./helpers/typecheck.js";

/** The renders run in a child process: a 3.8 MB spec holds the CPU too long for the test worker. */
const JOBS = join(import.meta.dirname, "helpers/heavy-jobs.ts");
type Rendered = Awaited<ReturnType<typeof renderEach>>[number];

/**
 * Real vendor specs, outside the repo: the folder EVENTKIT_CORPUS names, else `shared/corpus` beside
 * the repository's folder. Where it is absent each test is skipped, saying where it looked.
 */
const CORPUS = process.env.EVENTKIT_CORPUS
  ? resolve(process.env.EVENTKIT_CORPUS)
  : join(import.meta.dirname, "../../../../shared/corpus");
const present = existsSync(CORPUS);
const ABSENT = `no spec corpus at ${CORPUS} (set EVENTKIT_CORPUS to its folder)`;

const specs = [
  "mem0.json",
  "opal.yaml",
  "trieve.json",
  "datadog-events-v1-subset.yaml",
  "datadog-events-v2-subset.yaml",
  "datadog-v1.yaml",
  "datadog-v2.yaml",
];
const nameOf = (file: string) => file.replace(/\.(json|yaml)$/, "");

const scratch = present ? mkdtempSync(join(import.meta.dirname, ".scratch-")) : "";
afterAll(() => scratch && rmSync(scratch, { recursive: true, force: true }));

/** Each spec's render as the generator does it, and two traps without the overlay that avoids them. */
const jobs = [
  ...specs.map((file) => {
    // Only what keeps a spec from generating at all is fixed, as a user would: in an overlay.
    const overlay = join(import.meta.dirname, "corpus", `${nameOf(file)}.overlay.yaml`);
    return {
      vendor: nameOf(file).replace(/[^a-z0-9]+/g, "-"),
      document: join(CORPUS, file),
      ...(existsSync(overlay) ? { overlay } : {}),
      source: `corpus/${file}`,
      strict: false,
      pkg: join(scratch, nameOf(file)),
    };
  }),
  {
    vendor: "dd",
    document: join(CORPUS, "datadog-v2.yaml"),
    source: "corpus",
    strict: false,
    pkg: join(scratch, "dd-no-overlay"),
  },
  {
    vendor: "opal",
    document: join(CORPUS, "opal.yaml"),
    source: "corpus",
    strict: true,
    pkg: join(scratch, "opal-strict"),
  },
];

let rendered: Rendered[] = [];
/** tsc's diagnostics over every rendered spec, one run: its start and lib files cost ~3 CPU-s each time. */
let diagnostics: string[] = [];

// Done once for the file: one child process renders every job, one tsc checks every package (each
// test used to start its own of both: 88 of the file's CPU-s went to 29). Each test reads its part.
beforeAll(async () => {
  if (!present) return;
  const out = await inChild<Rendered[]>(JOBS, "renderEach", jobs);
  if (!out.ok) throw new Error(out.message);
  rendered = out.value;
  // The packages that rendered (a failed render fails its own test, below).
  const packages = specs.filter((_, i) => rendered[i]?.ok).map((file) => `${nameOf(file)}/src/generated/index.ts`);
  const result = await typecheck(scratch, packages);
  // One diagnostic per line that does not start with a space (tsc indents the lines that continue one).
  diagnostics = result.output.split(/\n(?! )/).filter((d) => d.trim());
  if (!result.ok && diagnostics.length === 0) diagnostics = [`tsc exited non-zero without diagnostics`];
}, 1_200_000);

describe.each(specs.map((file, i) => [file, i] as const))("corpus spec %s", (file, i) => {
  const name = nameOf(file);
  it("generates (structural problems reported as warnings) and type-checks", ({ skip }) => {
    skip(!present, ABSENT);
    const out = rendered[i]!;
    if (!out.ok) throw new Error(out.message);
    expect(out.value.files["schema.ts"]).toContain("export interface paths");
    expect(out.value.files["client.ts"]).toMatch(/export function create\w+Client/);
    // Its own diagnostics, and any that names no package's file (a configuration error).
    const own = diagnostics.filter(
      (d) => d.includes(`/${name}/`) || !specs.some((other) => d.includes(`/${nameOf(other)}/`)),
    );
    expect(own.join("\n").slice(0, 2000)).toBe("");
  });
});

describe("corpus traps are reported clearly without an overlay", () => {
  it("the full Datadog v2 spec names its missing externalValue file", ({ skip }) => {
    skip(!present, ABSENT);
    const out = rendered[specs.length]!;
    expect(out.ok).toBe(false);
    expect(out.ok ? "" : out.message).toMatch(
      /datadog-v2\.yaml:\d+:\d+: externalValue "examples\/metrics\/dynamic-points\.json\.sh" points at a file that does not exist|externalValue "examples\/metrics\/dynamic-points\.json\.sh" points at a file that does not exist/,
    );
  });

  it("opal.yaml's 3.0 keywords in a 3.1 document fail in strict mode, naming the place", ({ skip }) => {
    skip(!present, ABSENT);
    const out = rendered[specs.length + 1]!;
    expect(out.ok).toBe(false);
    expect(out.ok ? "" : out.message).toMatch(/Property `nullable` is not expected here/);
  });
});
