import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { renderInto } from "./helpers/heavy-jobs.js";
import { inChild } from "./helpers/in-child.js";
import { typecheck } from "./helpers/typecheck.js";

/** Each render runs in a child process: a 3.8 MB spec holds the CPU too long for the test worker. */
const JOBS = join(import.meta.dirname, "helpers/heavy-jobs.ts");
type Rendered = Awaited<ReturnType<typeof renderInto>>;

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

const scratch = present ? mkdtempSync(join(import.meta.dirname, ".scratch-")) : "";
afterAll(() => scratch && rmSync(scratch, { recursive: true, force: true }));

describe.each(specs)("corpus spec %s", (file) => {
  const name = file.replace(/\.(json|yaml)$/, "");
  // Only what keeps a spec from generating at all is fixed, as a user would: in an overlay.
  const overlayPath = join(import.meta.dirname, "corpus", `${name}.overlay.yaml`);

  // tsc over a full vendor spec's types: a minute alone on this machine, many when it is busy.
  it("generates (structural problems reported as warnings) and type-checks", { timeout: 1_200_000 }, async ({
    skip,
  }) => {
    skip(!present, ABSENT);
    const out = await inChild<Rendered>(JOBS, "renderInto", {
      vendor: name.replace(/[^a-z0-9]+/g, "-"),
      document: join(CORPUS, file),
      ...(existsSync(overlayPath) ? { overlay: overlayPath } : {}),
      source: `corpus/${file}`,
      strict: false,
      pkg: join(scratch, name),
    });
    if (!out.ok) throw new Error(out.message);
    expect(out.value.files["schema.ts"]).toContain("export interface paths");
    expect(out.value.files["client.ts"]).toMatch(/export function create\w+Client/);
    const result = await typecheck(out.value.pkg, ["src/generated/index.ts"]);
    expect(result.output.slice(0, 2000)).toBe("");
  });
});

describe("corpus traps are reported clearly without an overlay", () => {
  it("the full Datadog v2 spec names its missing externalValue file", async ({ skip }) => {
    skip(!present, ABSENT);
    const out = await inChild<Rendered>(JOBS, "renderInto", {
      vendor: "dd",
      document: join(CORPUS, "datadog-v2.yaml"),
      source: "corpus",
      strict: false,
      pkg: join(scratch, "dd-no-overlay"),
    });
    expect(out.ok).toBe(false);
    expect(out.ok ? "" : out.message).toMatch(
      /datadog-v2\.yaml:\d+:\d+: externalValue "examples\/metrics\/dynamic-points\.json\.sh" points at a file that does not exist|externalValue "examples\/metrics\/dynamic-points\.json\.sh" points at a file that does not exist/,
    );
  });

  it("opal.yaml's 3.0 keywords in a 3.1 document fail in strict mode, naming the place", async ({ skip }) => {
    skip(!present, ABSENT);
    const out = await inChild<Rendered>(JOBS, "renderInto", {
      vendor: "opal",
      document: join(CORPUS, "opal.yaml"),
      source: "corpus",
      strict: true,
      pkg: join(scratch, "opal-strict"),
    });
    expect(out.ok).toBe(false);
    expect(out.ok ? "" : out.message).toMatch(/Property `nullable` is not expected here/);
  });
});
