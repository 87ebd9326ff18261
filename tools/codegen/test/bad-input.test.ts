import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateVendor } from "../src/index.js";
import { type BadInputCase, editFile as edit, generatedWorkspace, itRejects } from "./helpers/bad-input.js";
import { treeDigest } from "./helpers/workspace.js";

const BIN = join(import.meta.dirname, "../bin/eventkit-codegen.js");

const cases: BadInputCase[] = [
  {
    name: "invalid YAML",
    edit: (spec) => edit(join(spec, "openapi.yaml"), (t) => t.replace("  /items:\n", "  /items:\n   bad: [unclosed\n")),
    file: "openapi.yaml",
    line: 17,
    message: /invalid YAML/,
  },
  {
    name: "invalid JSON",
    edit: (spec) => {
      writeFileSync(join(spec, "openapi.json"), '{\n  "openapi": "3.0.3",\n  "info": { "title": "x", "version": "1" },\n  "paths": {,}\n}\n');
      edit(join(spec, "package.json"), (t) => t.replace('"document": "openapi.yaml"', '"document": "openapi.json"'));
      rmSync(join(spec, "overlay.yaml"));
    },
    file: "openapi.json",
    line: 4,
    message: /invalid JSON/,
  },
  {
    name: "a $ref that resolves nowhere",
    edit: (spec) => edit(join(spec, "openapi.yaml"), (t) => t.replace('schema: { $ref: "#/components/schemas/Item" }', 'schema: { $ref: "#/components/schemas/Itme" }')),
    file: "openapi.yaml",
    line: 52,
    message: /^\$ref "#\/components\/schemas\/Itme" points at nothing: openapi\.yaml has no "Itme" in #\/components\/schemas$/,
  },
  {
    name: "a missing operationId",
    edit: (spec) => edit(join(spec, "openapi.yaml"), (t) => t.replace("      operationId: GetItem\n", "")),
    file: "openapi.yaml",
    line: 43,
    message: /GET \/items\/\{id\} has no operationId/,
  },
  {
    name: "a duplicated operationId",
    edit: (spec) => edit(join(spec, "openapi.yaml"), (t) => t.replace("operationId: GetItem", "operationId: list_items")),
    file: "openapi.yaml",
    line: 44,
    message: /duplicate operationId "list_items": used by GET \/items and GET \/items\/\{id\}/,
  },
  {
    name: "an overlay action whose target matches nothing",
    edit: (spec) => edit(join(spec, "overlay.yaml"), (t) => t.replace("$.paths['/search'].post", "$.paths['/find'].post")),
    file: "overlay.yaml",
    line: 13,
    message: /overlay action 2: target \$\.paths\['\/find'\]\.post matches nothing in .*openapi\.yaml/,
  },
  {
    name: "a Swagger 2.0 document",
    edit: (spec) => {
      writeFileSync(join(spec, "openapi.yaml"), 'swagger: "2.0"\ninfo:\n  title: old\n  version: "1"\npaths: {}\n');
      rmSync(join(spec, "overlay.yaml"));
    },
    file: "openapi.yaml",
    line: 1,
    message: /Swagger 2\.0 documents are not supported/,
  },
  {
    name: "an externalValue pointing at a missing file",
    edit: (spec) =>
      edit(join(spec, "openapi.yaml"), (t) =>
        t.replace("          description: One item.\n", "          description: One item.\n          content:\n            application/json:\n              examples:\n                one:\n                  externalValue: examples/one.json\n").replace(
          "          content:\n            application/json:\n              schema: { $ref: \"#/components/schemas/Item\" }\n        \"404\"",
          "        \"404\"",
        ),
      ),
    file: "openapi.yaml",
    line: 54,
    message: /externalValue "examples\/one\.json" points at a file that does not exist/,
  },
];

describe("bad input", () => {
  itRejects(cases);
});

describe("bad input through the CLI and the provenance check", () => {
  const ws = generatedWorkspace();

  it("the CLI prints file:line:column and exits 1", () => {
    const root = ws.root();
    cases[4]!.edit(join(root, "specs/features"), root);
    const run = spawnSync(process.execPath, [BIN, "generate", "features"], { cwd: root, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: specs\/features\/openapi\.yaml:44:7: duplicate operationId/m);
    expect(treeDigest(join(root, "packages/features"))).toEqual(ws.before());
  });

  it("an edited vendor document no longer matches its provenance digest", async () => {
    const root = ws.root();
    writeFileSync(join(root, "specs/features/provenance.json"), JSON.stringify({ sha256: "0".repeat(64) }));
    await expect(generateVendor(root, "features")).rejects.toThrow(/does not match the sha256 recorded in provenance\.json/);
    expect(treeDigest(join(root, "packages/features"))).toEqual(ws.before());
  });
});
