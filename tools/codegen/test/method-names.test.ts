import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateVendor, methodName } from "../src/index.js";
import { type BadInputCase, editFile, generatedWorkspace, itRejects } from "./helpers/bad-input.js";

/** Line 17 of the fixture, column 7: `operationId: list_items` of `GET /items`. */
const rename = (operationId: string) => (spec: string) =>
  editFile(join(spec, "openapi.yaml"), (t) =>
    t.replace("operationId: list_items", `operationId: ${JSON.stringify(operationId)}`),
  );

/** An overlay action naming the method of `GET /items`. */
const nameInOverlay = (name: string) => (spec: string) =>
  editFile(
    join(spec, "overlay.yaml"),
    (t) => `${t}  - target: $.paths['/items'].get\n    update:\n      x-eventkit-method: ${JSON.stringify(name)}\n`,
  );

const overlayAdvice =
  /set a name with an overlay action on \$\.paths\['\/items'\]\.get: `update: \{ x-eventkit-method: <name> \}`/;

/** Every refusal ends with the overlay key that sets the name. */
const rejected = (operationId: string, reason: RegExp): BadInputCase => ({
  name: `operationId ${JSON.stringify(operationId)}`,
  edit: rename(operationId),
  file: "openapi.yaml",
  line: 17,
  column: 7,
  message: new RegExp(`${reason.source}.*; ${overlayAdvice.source}`),
});

const cases: BadInputCase[] = [
  rejected("---", /^operationId "---" has no letters to make a method name of/),
  rejected("🎉🎉", /^operationId "🎉🎉" has no letters to make a method name of/),
  rejected("события", /^operationId "события" has letters with no ASCII spelling \(событи/),
  rejected("then", /^operationId "then" becomes the method name `then`, which would make every client a thenable/),
  ...[
    "hasOwnProperty",
    "toString",
    "valueOf",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "constructor",
  ].map((id) =>
    rejected(
      id,
      new RegExp(
        `^operationId "${id}" becomes the method name \`${id}\`, which every JavaScript object has already \\(Object\\.prototype\\.${id}\\)`,
      ),
    ),
  ),
  rejected("toJSON", /^operationId "toJSON" becomes the method name `toJSON`, which JSON\.stringify would call/),
  ...["raw", "paginate", "pages", "spec", "baseUrl"].map((id) =>
    rejected(
      id,
      new RegExp(
        `^operationId "${id}" becomes the method name \`${id}\`, which the client has already \\(client\\.${id}\\)`,
      ),
    ),
  ),
  rejected("Raw", /becomes the method name `raw`/),
  {
    name: "x-eventkit-method __proto__ from the overlay",
    edit: (spec) => {
      rename("---")(spec);
      nameInOverlay("__proto__")(spec);
    },
    file: "overlay.yaml",
    line: 37,
    message:
      /^x-eventkit-method "__proto__" of GET \/items is the method name `__proto__`, which every JavaScript object has already/,
  },
  {
    name: "x-eventkit-method that is not an identifier",
    edit: nameInOverlay("list-items"),
    file: "overlay.yaml",
    line: 37,
    message:
      /^x-eventkit-method "list-items" of GET \/items is not a JavaScript identifier with a letter \(ASCII letters, digits, _ and \$, not starting with a digit\)/,
  },
];

describe("operationIds that cannot name a method", () => {
  itRejects(cases);
});

describe("method names", () => {
  it.each([
    ["événements", "evenements"],
    ["Événements_list", "evenementsList"],
    ["straße", "strasse"],
    ["ﬁnd_Øre", "findOre"],
    ["🎉 party", "party"],
  ])("%s → %s", (given, want) => expect(methodName(given)).toBe(want));

  const ws = generatedWorkspace();
  const client = (root: string) => readFileSync(join(root, "packages/features/src/generated/client.ts"), "utf8");

  it("an accented operationId becomes its ASCII spelling, and the types keep the operationId", async () => {
    const root = ws.root();
    rename("événements")(join(root, "specs/features"));
    await generateVendor(root, "features");
    expect(client(root)).toContain('  evenements: OperationMethod<operations["événements"]>;');
  });

  it("x-eventkit-method set by an overlay names a method whose operationId cannot", async () => {
    const root = ws.root();
    rename("---")(join(root, "specs/features"));
    nameInOverlay("listEverything")(join(root, "specs/features"));
    await generateVendor(root, "features");
    expect(client(root)).toContain('  listEverything: OperationMethod<operations["---"]>;');
    expect(client(root)).toContain('    listEverything: PaginateMethod<operations["---"]');
  });
});
