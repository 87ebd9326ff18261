import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateVendor, loadFile, prepare } from "../src/index.js";
import { inChild } from "./helpers/in-child.js";
import { appendToDocument, type BadInputCase, editFile, generatedWorkspace, itRejects } from "./helpers/bad-input.js";

/** A schema someone would like to see inlined into a generated client. */
const SECRET = "type: object\ndescription: TOP SECRET from outside the spec folder\n";

/** Line 110 of the fixture, inside `components.schemas.Error.properties`: a property whose schema is `ref`. */
const leak = (ref: string) => (spec: string) => appendToDocument(spec, `        leak: { $ref: "${ref}" }\n`);

/** A real HTTP server on 127.0.0.1: a spec must never make the generator call it. */
let server: Server;
let origin: string;
const requests: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    res.setHeader("content-type", "application/yaml");
    res.end(SECRET);
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const cases: BadInputCase[] = [
  {
    name: "a $ref to a file beside the spec folder",
    edit: (spec, root) => {
      writeFileSync(join(root, "secret.yaml"), SECRET);
      leak("../../secret.yaml")(spec);
    },
    file: "openapi.yaml",
    line: 110,
    column: 17,
    message: /^\$ref "\.\.\/\.\.\/secret\.yaml" points outside the spec folder \(.*specs\/features\)/,
  },
  {
    name: "an absolute $ref to /etc/passwd",
    edit: leak("/etc/passwd"),
    file: "openapi.yaml",
    line: 110,
    column: 17,
    message: /^\$ref "\/etc\/passwd" points outside the spec folder/,
  },
  {
    name: "a $ref to a symbolic link inside the folder that leads out of it",
    edit: (spec, root) => {
      writeFileSync(join(root, "secret.yaml"), SECRET);
      symlinkSync(join(root, "secret.yaml"), join(spec, "shared.yaml"));
      leak("shared.yaml#/description")(spec);
    },
    file: "openapi.yaml",
    line: 110,
    column: 17,
    message: /^\$ref "shared\.yaml#\/description" leads outside the spec folder through a symbolic link/,
  },
  {
    name: "a $ref over HTTP",
    edit: (spec) => leak(`${origin}/schema.yaml`)(spec),
    file: "openapi.yaml",
    line: 110,
    column: 17,
    message: /^\$ref "http:\/\/127\.0\.0\.1:\d+\/schema\.yaml" is a URL: the generator never fetches anything/,
  },
  {
    name: "a file: URL $ref",
    edit: leak("file:///etc/passwd"),
    file: "openapi.yaml",
    line: 110,
    column: 17,
    message: /^\$ref "file:\/\/\/etc\/passwd" is a URL/,
  },
  {
    name: "a $ref to a file of the folder that does not exist",
    edit: leak("schemas/missing.yaml"),
    file: "openapi.yaml",
    line: 110,
    column: 17,
    message: /^\$ref "schemas\/missing\.yaml" points at a file that does not exist/,
  },
  {
    name: "a $ref to a pointer that names nothing in another file",
    edit: (spec) => {
      writeFileSync(join(spec, "common.yaml"), "Thing:\n  type: string\n");
      leak("common.yaml#/Thign")(spec);
    },
    file: "openapi.yaml",
    line: 110,
    column: 17,
    message: /^\$ref "common\.yaml#\/Thign" points at nothing: common\.yaml has no "Thign"/,
  },
  {
    name: "a referenced file that breaks the YAML limits",
    edit: (spec) => {
      const lol = Array.from(
        { length: 9 },
        (_, i) =>
          `  ${"abcdefghi"[i]}: &${"abcdefghi"[i]} [${Array(9)
            .fill(i ? `*${"abcdefghi"[i - 1]}` : "lol")
            .join(", ")}]`,
      );
      writeFileSync(join(spec, "common.yaml"), `Thing:\n  type: string\nx-lol:\n${lol.join("\n")}\n`);
      leak("common.yaml#/Thing")(spec);
    },
    file: "common.yaml",
    line: 9,
    column: 10,
    message: /YAML aliases/,
  },
  {
    name: "a $ref cycle",
    edit: (spec) =>
      appendToDocument(spec, '    A: { $ref: "#/components/schemas/B" }\n    B: { $ref: "#/components/schemas/A" }\n'),
    file: "openapi.yaml",
    line: 110,
    column: 10,
    message:
      /^\$ref cycle: #\/components\/schemas\/A → #\/components\/schemas\/B → #\/components\/schemas\/A: each is only a \$ref to the next/,
  },
];

describe("$refs a spec cannot make", () => {
  itRejects(cases);

  it("no request reached the HTTP server", () => expect(requests).toEqual([]));
});

describe("$refs the generator follows", () => {
  const ws = generatedWorkspace();
  const schema = (root: string) => readFileSync(join(root, "packages/features/src/generated/schema.ts"), "utf8");

  it("a $ref to a file in a subfolder of the spec folder", async () => {
    const root = ws.root();
    mkdirSync(join(root, "specs/features/schemas"));
    writeFileSync(
      join(root, "specs/features/schemas/common.yaml"),
      "Thing:\n  type: object\n  description: A shared thing.\n",
    );
    leak("schemas/common.yaml#/Thing")(join(root, "specs/features"));
    await generateVendor(root, "features");
    expect(schema(root)).toContain("A shared thing.");
  });

  it("a folder outside the spec folder, listed in the spec package's eventkit.refRoots", async () => {
    const root = ws.root();
    mkdirSync(join(root, "shared"));
    writeFileSync(join(root, "shared/secret.yaml"), SECRET);
    editFile(join(root, "specs/features/package.json"), (t) =>
      t.replace('"overlay": "overlay.yaml"', '"overlay": "overlay.yaml", "refRoots": ["../../shared"]'),
    );
    leak("../../shared/secret.yaml")(join(root, "specs/features"));
    await generateVendor(root, "features");
    expect(schema(root)).toContain("TOP SECRET from outside the spec folder");
  });

  it("the same refRoots hold when the document is prepared alone (spec:diff, the mock server's build)", async () => {
    const root = ws.root();
    const spec = join(root, "specs/features");
    mkdirSync(join(root, "shared"));
    writeFileSync(join(root, "shared/secret.yaml"), SECRET);
    leak("../../shared/secret.yaml")(spec);
    const input = () => ({
      vendor: "features",
      document: loadFile(join(spec, "openapi.yaml")),
      overlay: loadFile(join(spec, "overlay.yaml")),
      source: "specs/features",
    });
    await expect(prepare(input())).rejects.toThrow(/points outside the spec folder/);
    editFile(join(spec, "package.json"), (t) =>
      t.replace('"overlay": "overlay.yaml"', '"overlay": "overlay.yaml", "refRoots": ["../../shared"]'),
    );
    const { bundled } = await prepare(input());
    expect(JSON.stringify(bundled)).toContain("TOP SECRET from outside the spec folder");
  });

  it("an externalValue on another host is left alone: nothing is fetched", async () => {
    const root = ws.root();
    editFile(join(root, "specs/features/openapi.yaml"), (t) =>
      t.replace(
        '              schema: { $ref: "#/components/schemas/Error" }\n  /search:',
        `              schema: { $ref: "#/components/schemas/Error" }\n              examples:\n                remote: { externalValue: "${origin}/example.json" }\n  /search:`,
      ),
    );
    await generateVendor(root, "features");
    expect(requests).toEqual([]);
  });

  it("a credential parameter behind a 20-deep chain of $refs is still redacted", async () => {
    const root = ws.root();
    const spec = join(root, "specs/features");
    editFile(join(spec, "openapi.yaml"), (t) =>
      t.replace("        - { name: kind,", '        - $ref: "#/components/parameters/P0"\n        - { name: kind,'),
    );
    const chain = Array.from({ length: 20 }, (_, i) => `    P${i}: { $ref: "#/components/parameters/P${i + 1}" }`);
    appendToDocument(
      spec,
      `  parameters:\n${chain.join("\n")}\n    P20: { name: token, in: query, x-eventkit-secret: true, schema: { type: string } }\n`,
    );
    await generateVendor(root, "features");
    const client = readFileSync(join(root, "packages/features/src/generated/client.ts"), "utf8");
    expect(client).toMatch(/"secretParams": \[\s*"token"\s*\]/);
  });

  it("schema names with %, ~ and { } reached through a chain of $refs", async () => {
    const root = ws.root();
    appendToDocument(
      join(root, "specs/features"),
      [
        '        odd: { $ref: "#/components/schemas/Alias" }',
        '    Alias: { $ref: "#/components/schemas/Odd%25~0name" }',
        '    "Odd%~name": { $ref: "#/paths/~1items~1{id}/get/responses/200/content/application~1json/schema" }',
        "",
      ].join("\n"),
    );
    await generateVendor(root, "features");
    expect(schema(root)).toContain(
      '"Odd%~name": paths["/items/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];',
    );
    expect(schema(root)).toContain('Alias: components["schemas"]["Odd%~name"];');
    expect(schema(root)).toContain('odd?: components["schemas"]["Alias"];');
  });

  it("a 50,000-deep chain of $refs (it overflowed the stack with a raw RangeError)", async () => {
    // In a child process: the chain holds the CPU too long for the test worker on a busy machine.
    const out = await inChild<{ operations: string[]; s0: unknown }>(
      join(import.meta.dirname, "helpers/heavy-jobs.ts"),
      "prepareChain",
      50_000,
    );
    if (!out.ok) throw new Error(out.message);
    expect(out.value.operations).toEqual(["getChain"]);
    expect(out.value.s0).toEqual({ $ref: "#/components/schemas/S1" });
  });

  it("a 3,000-deep chain of $refs, kept as the spec wrote it", async () => {
    const root = ws.root();
    const chain = Array.from({ length: 3000 }, (_, i) => `    S${i}: { $ref: "#/components/schemas/S${i + 1}" }`);
    appendToDocument(
      join(root, "specs/features"),
      `        chained: { $ref: "#/components/schemas/S0" }\n${chain.join("\n")}\n    S3000: { type: string, description: End of the chain. }\n`,
    );
    await generateVendor(root, "features");
    expect(schema(root)).toContain('S0: components["schemas"]["S1"];');
    expect(schema(root)).toContain('S2999: components["schemas"]["S3000"];');
    expect(schema(root)).toContain('chained?: components["schemas"]["S0"];');
  });
});
