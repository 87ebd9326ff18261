import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFile, render } from "../src/index.js";
import { typecheck } from "./helpers/typecheck.js";

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
    const warnings: string[] = [];
    const out = await render(
      {
        vendor: name.replace(/[^a-z0-9]+/g, "-"),
        document: loadFile(join(CORPUS, file)),
        overlay: existsSync(overlayPath) ? loadFile(overlayPath) : undefined,
        source: `corpus/${file}`,
      },
      join(scratch, "none"),
      { strict: false, log: (line) => warnings.push(line) },
    );
    expect(out.generated["schema.ts"]).toContain("export interface paths");
    expect(out.generated["client.ts"]).toMatch(/export function create\w+Client/);
    const pkg = join(scratch, name);
    mkdirSync(join(pkg, "src/generated"), { recursive: true });
    for (const [f, text] of Object.entries(out.generated)) writeFileSync(join(pkg, "src/generated", f), text);
    const result = await typecheck(pkg, ["src/generated/index.ts"]);
    expect(result.output.slice(0, 2000)).toBe("");
  });
});

describe("corpus traps are reported clearly without an overlay", () => {
  it("the full Datadog v2 spec names its missing externalValue file", async ({ skip }) => {
    skip(!present, ABSENT);
    await expect(
      render(
        { vendor: "dd", document: loadFile(join(CORPUS, "datadog-v2.yaml")), source: "corpus" },
        join(scratch, "none"),
        { strict: false },
      ),
    ).rejects.toThrow(
      /datadog-v2\.yaml:\d+:\d+: externalValue "examples\/metrics\/dynamic-points\.json\.sh" points at a file that does not exist|externalValue "examples\/metrics\/dynamic-points\.json\.sh" points at a file that does not exist/,
    );
  });

  it("opal.yaml's 3.0 keywords in a 3.1 document fail in strict mode, naming the place", async ({ skip }) => {
    skip(!present, ABSENT);
    await expect(
      render(
        { vendor: "opal", document: loadFile(join(CORPUS, "opal.yaml")), source: "corpus" },
        join(scratch, "none"),
        { strict: true },
      ),
    ).rejects.toThrow(/Property `nullable` is not expected here/);
  });
});
