import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe } from "vitest";
import { appendToDocument, type BadInputCase, editFile, itRejects } from "./helpers/bad-input.js";

/**
 * "Billion laughs": each list holds nine aliases of the one before, so nine lines of YAML stand
 * for 9^9 strings once expanded. js-yaml itself returns each alias as the same object, so parsing
 * is quick; every stage that walks the document after it (overlay JSONPath, Redocly, the type
 * emitter) would see the expanded tree.
 */
const aliasBomb = (key: string) =>
  `${key}:\n${Array.from({ length: 9 }, (_, i) => {
    const name = "abcdefghi"[i]!;
    return `  ${name}: &${name} [${Array(9)
      .fill(i ? `*${"abcdefghi"[i - 1]}` : "lol")
      .join(", ")}]`;
  }).join("\n")}\n`;

/** Each list holds the one before it: 70 short lines that nest 70 levels deep once expanded. */
const aliasTower = `x-deep:\n  d0: &d0 [x]\n${Array.from({ length: 70 }, (_, i) => `  d${i + 1}: &d${i + 1} [*d${i}]`).join("\n")}\n`;

const nested = (levels: number) => `${"[".repeat(levels)}1${"]".repeat(levels)}`;

const cases: BadInputCase[] = [
  {
    // Lines 110 (x-lol) and 111-119 (a-i): 100,000 nodes are crossed at the first alias of f.
    name: "a YAML alias bomb in the vendor's document",
    edit: (spec) => appendToDocument(spec, aliasBomb("x-lol")),
    file: "openapi.yaml",
    line: 116,
    column: 10,
    message: /^YAML aliases expand this document by more than 100,000 nodes/,
  },
  {
    name: "a YAML alias bomb in the overlay",
    edit: (spec) => editFile(join(spec, "overlay.yaml"), (t) => `${t}${aliasBomb("x-lol")}`),
    file: "overlay.yaml",
    line: 41,
    column: 10,
    message: /^YAML aliases expand this document by more than 100,000 nodes/,
  },
  {
    name: "YAML aliases that nest deeper than the limit once expanded",
    edit: (spec) => appendToDocument(spec, aliasTower),
    file: "openapi.yaml",
    line: 173,
    column: 14,
    message: /^nested more than 64 levels deep once its YAML aliases are expanded/,
  },
  {
    name: "YAML nested deeper than the limit",
    edit: (spec) => appendToDocument(spec, `x-deep: ${nested(70)}\n`),
    file: "openapi.yaml",
    line: 110,
    message: /^nested more than 64 levels deep/,
  },
  {
    name: "JSON nested deeper than the limit",
    edit: (spec) => {
      writeFileSync(
        join(spec, "openapi.json"),
        `{\n  "openapi": "3.0.3",\n  "info": { "title": "x", "version": "1" },\n  "paths": {},\n  "x-deep": ${nested(100_000)}\n}\n`,
      );
      editFile(join(spec, "package.json"), (t) =>
        t.replace('"document": "openapi.yaml"', '"document": "openapi.json"'),
      );
      rmSync(join(spec, "overlay.yaml"));
    },
    file: "openapi.json",
    line: 5,
    column: 76,
    message: /^nested more than 64 levels deep/,
  },
  {
    name: "a document larger than the limit",
    edit: (spec) => appendToDocument(spec, `# ${"x".repeat(17 * 1024 * 1024)}\n`),
    file: "openapi.yaml",
    message: /^the file is 17\.0 MB: the generator reads spec files of up to 16 MB/,
  },
];

describe("YAML and JSON the generator will not expand", () => {
  itRejects(cases);
});
