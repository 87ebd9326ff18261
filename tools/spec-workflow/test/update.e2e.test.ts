/**
 * `pnpm spec:update` end to end, in a temporary copy of the repository: a vendor's new document
 * goes in, and the regenerated package, the changeset and turbo's type-check come out. The
 * aggregator's place is taken by a small adapter package of our own (test/fixtures/adapter), so
 * that what breaks, and how, is known here.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, removeTree, runAsync, treeDigest } from "./helpers/repo.js";
import { cli, write } from "./helpers/workspace.js";

const ADAPTER = join(import.meta.dirname, "fixtures/adapter");
const VENDOR = "mem0";

let root: string;
let original: string;

const read = (rel: string) => readFileSync(join(root, rel), "utf8");
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const changesets = () =>
  readdirSync(join(root, ".changeset"))
    .filter((f) => /^mem0-spec-.*\.md$/.test(f))
    .sort();
const state = () => ({
  spec: treeDigest(join(root, "specs", VENDOR)),
  pkg: treeDigest(join(root, "packages", VENDOR)),
  changesets: changesets(),
});
const update = (file: string) => cli(root, "spec-update", [VENDOR, file]);
const today = () => new Date().toISOString().slice(0, 10);

/** mem0's document with a replacement applied; fails if the text to replace is not there. */
function edited(base: string, from: string, to: string): string {
  if (!base.includes(from)) throw new Error(`fixture edit: ${JSON.stringify(from)} not found`);
  return base.replace(from, to);
}

beforeAll(async () => {
  const files = Object.fromEntries(
    ["package.json", "tsconfig.json", "src/index.ts"].map((f) => [
      `packages/e2e-adapter/${f}`,
      readFileSync(join(ADAPTER, f), "utf8"),
    ]),
  );
  root = await copyRepo({ withoutDependentsOf: `@eventkit/${VENDOR}`, files });
  original = read(`specs/${VENDOR}/openapi.yaml`);
});

afterAll(() => removeTree(root));

describe("pnpm spec:update", () => {
  it("fails loudly when an overlay action no longer matches, and leaves everything as it was", async () => {
    const before = state();
    write(root, "incoming/moved.yaml", edited(original, "  /v1/events/:\n", "  /v2/events/:\n"));
    const result = await update(join(root, "incoming/moved.yaml"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: specs\/mem0\/overlay\.yaml:\d+:\d+: overlay action \d+ \(.+\): target \$\.paths\['\/v1\/events\/'\]\S* matches nothing in .*moved\.yaml$/m,
    );
    expect(result.stderr).toContain("Nothing changed: specs/mem0/ and packages/mem0/ are as they were.");
    expect(state()).toEqual(before);
  });

  it("rejects a document the generator cannot use, at its file and line", async () => {
    const before = state();
    const dangling = edited(
      original,
      "            application/json:\n              schema:\n",
      "            application/json:\n              schema:\n                $ref: '#/components/schemas/Nowhere'\n",
    );
    write(root, "incoming/dangling.yaml", dangling);
    const refLine = dangling.split("\n").findIndex((l) => l.includes("Nowhere")) + 1;
    const result = await update(join(root, "incoming/dangling.yaml"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^error: incoming/dangling\\.yaml:${refLine}:\\d+: \\$ref "#/components/schemas/Nowhere" points at nothing`,
        "m",
      ),
    );
    expect(state()).toEqual(before);
  });

  it("applies a non-breaking update: regenerates, writes a patch changeset, and its dependents type-check", async () => {
    const next = edited(
      edited(
        original,
        "      operationId: events_list\n",
        "      operationId: events_list\n      parameters:\n        - name: org_id\n          in: query\n          required: false\n          schema:\n            type: string\n",
      ),
      "Retrieve all events for current organization and project.",
      "Retrieve every event of the current organization and project.",
    );
    write(root, "incoming/optional-param.yaml", next);
    const result = await update(join(root, "incoming/optional-param.yaml"));
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);

    expect(read(`specs/${VENDOR}/openapi.yaml`)).toBe(next);
    const provenance = JSON.parse(read(`specs/${VENDOR}/provenance.json`)) as Record<string, unknown>;
    expect(provenance).toMatchObject({
      vendor: VENDOR,
      origin: "published",
      sha256: sha(next),
      source: "incoming/optional-param.yaml",
    });
    expect([today(), new Date(Date.now() - 60_000).toISOString().slice(0, 10)]).toContain(provenance.retrieved);

    expect(read(`packages/${VENDOR}/src/generated/schema.ts`)).toMatch(/org_id\?: string;/);
    expect(read(`packages/${VENDOR}/src/generated/schema.ts`)).toContain(
      "Retrieve every event of the current organization and project.",
    );

    expect(changesets()).toEqual([`mem0-spec-${sha(next).slice(0, 8)}.md`]);
    const changeset = read(`.changeset/${changesets()[0]}`);
    expect(changeset).toMatch(/^---\n"@eventkit\/mem0": patch\n---\n/);
    expect(changeset).toMatch(/^- `GET \/v1\/events\/` \(`events_list`\): new optional query parameter `org_id`\.$/m);
    expect(changeset).toContain("**Documentation only**");

    // The same run type-checked and built the package and its dependent, the adapter.
    expect(result.stdout).toMatch(/Packages in scope: @eventkit\/e2e-adapter, @eventkit\/mem0/);
    expect(result.stdout).toContain("it and its dependents type-check and build");

    const drift = await runAsync(root, process.execPath, [
      "tools/codegen/bin/eventkit-codegen.js",
      "generate",
      "--check",
      VENDOR,
    ]);
    expect(drift.stderr).toContain("Generated code matches the specs (1 vendor).");
  });

  it("applies a breaking update, and the adapter it breaks fails to compile in the same run", async () => {
    const current = read(`specs/${VENDOR}/openapi.yaml`);
    const next = edited(
      current,
      "                        event_type:\n                          type: string\n                          description: The type of event (e.g., ADD, SEARCH).\n",
      "",
    );
    write(root, "incoming/removed-field.yaml", next);
    const result = await update(join(root, "incoming/removed-field.yaml"));
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("Code that depends on @eventkit/mem0 no longer compiles:");
    expect(result.stderr).toMatch(/^ {2}@eventkit\/e2e-adapter#(typecheck|build)$/m);
    expect(result.stderr).toMatch(
      /^ {4}src\/index\.ts\(\d+,\d+\): error TS2339: Property 'event_type' does not exist/m,
    );
    expect(result.stderr).toContain("pnpm exec turbo run typecheck build --filter=...@eventkit/mem0");

    // The update itself stands: the spec, the regenerated code and the changeset are written.
    expect(read(`specs/${VENDOR}/openapi.yaml`)).toBe(next);
    expect(read(`packages/${VENDOR}/src/generated/schema.ts`)).not.toContain("event_type");
    const changeset = read(`.changeset/mem0-spec-${sha(next).slice(0, 8)}.md`);
    expect(changeset).toMatch(/^---\n"@eventkit\/mem0": minor\n---\n/);
    expect(changeset).toMatch(
      /^- `GET \/v1\/events\/` \(`events_list`\): response 200 \(application\/json\): field `results\[\]\.event_type` removed\. Breaking because code that reads `results\[\]\.event_type` no longer compiles/m,
    );
  });

  it("leaves the dependents' bumps to changesets, and the changeset check passes", async () => {
    const out = join(root, "status.json");
    const status = await runAsync(root, "pnpm", ["exec", "changeset", "status", `--output=${out}`]);
    expect(status.status, status.stderr).toBe(0);
    const releases = (
      JSON.parse(readFileSync(out, "utf8")) as { releases: { name: string; type: string; newVersion: string }[] }
    ).releases;
    expect(releases).toContainEqual(
      expect.objectContaining({ name: "@eventkit/mem0", type: "minor", newVersion: "0.2.0" }),
    );
    // updateInternalDependencies: the adapter depends on mem0 and gets a patch of its own.
    expect(releases).toContainEqual(
      expect.objectContaining({ name: "@eventkit/e2e-adapter", type: "patch", newVersion: "0.1.1" }),
    );

    const check = await cli(root, "changeset-check", ["--base", "HEAD"]);
    expect(check.stdout).toContain("for mem0: each has a changeset.");
    expect(check.code).toBe(0);
  });
});
