import { run } from "./helpers/run.js";
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
      writeFileSync(
        join(spec, "openapi.json"),
        '{\n  "openapi": "3.0.3",\n  "info": { "title": "x", "version": "1" },\n  "paths": {,}\n}\n',
      );
      edit(join(spec, "package.json"), (t) => t.replace('"document": "openapi.yaml"', '"document": "openapi.json"'));
      rmSync(join(spec, "overlay.yaml"));
    },
    file: "openapi.json",
    line: 4,
    message: /invalid JSON/,
  },
  {
    name: "a $ref that resolves nowhere",
    edit: (spec) =>
      edit(join(spec, "openapi.yaml"), (t) =>
        t.replace('schema: { $ref: "#/components/schemas/Item" }', 'schema: { $ref: "#/components/schemas/Itme" }'),
      ),
    file: "openapi.yaml",
    line: 52,
    message:
      /^\$ref "#\/components\/schemas\/Itme" points at nothing: openapi\.yaml has no "Itme" in #\/components\/schemas$/,
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
    edit: (spec) =>
      edit(join(spec, "openapi.yaml"), (t) => t.replace("operationId: GetItem", "operationId: list_items")),
    file: "openapi.yaml",
    line: 44,
    message: /duplicate operationId "list_items": used by GET \/items and GET \/items\/\{id\}/,
  },
  {
    name: "an overlay action whose target matches nothing",
    edit: (spec) =>
      edit(join(spec, "overlay.yaml"), (t) => t.replace("$.paths['/search'].post", "$.paths['/find'].post")),
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
        t
          .replace(
            "          description: One item.\n",
            "          description: One item.\n          content:\n            application/json:\n              examples:\n                one:\n                  externalValue: examples/one.json\n",
          )
          .replace(
            '          content:\n            application/json:\n              schema: { $ref: "#/components/schemas/Item" }\n        "404"',
            '        "404"',
          ),
      ),
    file: "openapi.yaml",
    line: 54,
    message: /externalValue "examples\/one\.json" points at a file that does not exist/,
  },
  {
    name: "an x-pagination key the runtime does not read",
    edit: (spec) =>
      edit(join(spec, "overlay.yaml"), (t) =>
        t.replace("        resultsPath: data\n", "        resultsPath: data\n        hasMore: has_more\n"),
      ),
    file: "overlay.yaml",
    line: 13,
    message:
      /x-pagination has no key `hasMore`: a field saying whether more pages exist is `hasMorePath: <dotted path to the boolean>`/,
  },
  {
    name: "a last-item cursor written as an index",
    edit: (spec) =>
      edit(join(spec, "overlay.yaml"), (t) => t.replace("cursorPath: meta.next", "cursorPath: data[-1].id")),
    file: "overlay.yaml",
    line: 10,
    message:
      /`cursorPath: data\[-1\]\.id` is not a dotted path of property names; a field of the last item of the page is `cursorItemPath: <field>`/,
  },
  {
    name: "a cursor path the response does not have",
    edit: (spec) =>
      edit(join(spec, "overlay.yaml"), (t) => t.replace("cursorPath: meta.next", "cursorPath: meta.after")),
    file: "overlay.yaml",
    line: 10,
    message: /`cursorPath: meta\.after`: the response of GET \/items has no field `meta\.after`/,
  },
  {
    name: "a has-more path that is not a boolean",
    edit: (spec) =>
      edit(join(spec, "overlay.yaml"), (t) =>
        t.replace("        resultsPath: data\n", "        resultsPath: data\n        hasMorePath: meta.next\n"),
      ),
    file: "overlay.yaml",
    line: 13,
    message: /`hasMorePath: meta\.next`: `meta\.next` is not a boolean in the response of GET \/items/,
  },
  {
    name: "a cursor parameter the operation does not take",
    edit: (spec) => edit(join(spec, "overlay.yaml"), (t) => t.replace("cursorParam: cursor", "cursorParam: after")),
    file: "overlay.yaml",
    line: 9,
    message: /GET \/items has no query parameter `after` \(it has cursor, limit, kind\)/,
  },
  {
    name: "a body page field the request body does not have",
    edit: (spec) => edit(join(spec, "overlay.yaml"), (t) => t.replace("pageParam: body.page", "pageParam: body.pages")),
    file: "overlay.yaml",
    line: 17,
    message: /POST \/search has no JSON body field `pages`/,
  },
  {
    name: "an x-eventkit-method that is not a method name",
    edit: (spec) =>
      edit(join(spec, "overlay.yaml"), (t) => t.replace("x-eventkit-method: readItem", "x-eventkit-method: Read Item")),
    file: "overlay.yaml",
    line: 34,
    message: /x-eventkit-method "Read Item" of GET \/items\/\{id\} is not a JavaScript identifier/,
  },
  {
    name: "an x-eventkit-method that clashes with another operation's method",
    edit: (spec) =>
      edit(join(spec, "overlay.yaml"), (t) => t.replace("x-eventkit-method: readItem", "x-eventkit-method: listItems")),
    file: "openapi.yaml",
    line: 44,
    message: /operationIds "list_items" and "GetItem" both become the method name listItems/,
  },
];

describe("bad input", () => {
  itRejects(cases);
});

describe("bad input through the CLI and the provenance check", () => {
  const ws = generatedWorkspace();

  it("the CLI prints file:line:column and exits 1", async () => {
    const root = ws.root();
    cases[4]!.edit(join(root, "specs/features"), root);
    const result = await run(process.execPath, [BIN, "generate", "features"], { cwd: root });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: specs\/features\/openapi\.yaml:44:7: duplicate operationId/m);
    expect(treeDigest(join(root, "packages/features"))).toEqual(ws.before());
  });

  it("an edited vendor document no longer matches its provenance digest", async () => {
    const root = ws.root();
    writeFileSync(join(root, "specs/features/provenance.json"), JSON.stringify({ sha256: "0".repeat(64) }));
    await expect(generateVendor(root, "features")).rejects.toThrow(
      /does not match the sha256 recorded in provenance\.json/,
    );
    expect(treeDigest(join(root, "packages/features"))).toEqual(ws.before());
  });
});
