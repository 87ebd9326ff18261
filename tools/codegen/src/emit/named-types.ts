/**
 * `types.ts`: a name for every type a caller writes down, as hey-api and Stainless SDKs offer, so
 * that `import type { OpalEvent } from "@eventkit/opal"` replaces `components["schemas"]["Event"]`.
 *
 * The rule: everything starts with the vendor's PascalCase name, so the types of several vendor
 * packages can be imported side by side without aliases.
 * - each operation: `<Vendor><Method>Params` (what the method takes), `<Vendor><Method>Response`
 *   (its success body) and, when it pages, `<Vendor><Method>Item` (one item of a page), where
 *   `<Method>` is the client method's name (`x-eventkit-method`, else the operationId) in PascalCase;
 * - each schema of `components.schemas`: `<Vendor><Schema>` (`Event` → `OpalEvent`), its name
 *   PascalCased (`event_list` → `EventList`) and not prefixed twice.
 * The package's other exports keep their names; a schema whose name is taken gets `Schema`
 * appended (`Client` → `OpalClientSchema`), then a number.
 */
import type { JsonObject } from "../stages/load.js";
import { pascalName, type ClientModel } from "../stages/model.js";
import { itemType } from "./client.js";
import { generatedHeader } from "./header.js";

export interface NamedTypes {
  /** Type name → the expression it stands for, in the order emitted. */
  readonly operations: { readonly name: string; readonly doc: string; readonly type: string }[];
  readonly schemas: { readonly name: string; readonly schema: string }[];
}

/** The names every generated package exports besides its named types. */
function takenNames(model: ClientModel): Set<string> {
  const P = model.pascal;
  return new Set([
    `create${P}Client`,
    model.specName,
    `${P}Auth`,
    `${P}Client`,
    `${P}ClientOptions`,
    `${P}ServerVariables`,
    "components",
    "operations",
    "paths",
  ]);
}

export function namedTypes(model: ClientModel, bundled: JsonObject): NamedTypes {
  const P = model.pascal;
  const taken = takenNames(model);
  const operations: NamedTypes["operations"] = [];
  for (const op of model.operations) {
    const base = `${P}${pascalName(op.name)}`;
    const ref = `operations[${JSON.stringify(op.spec.operationId)}]`;
    const where = `\`${op.spec.method.toUpperCase()} ${op.spec.path}\``;
    operations.push({
      name: `${base}Params`,
      doc: `What \`${op.name}\` (${where}) takes: its parameters and body.`,
      type: `OperationInit<${ref}>`,
    });
    operations.push({
      name: `${base}Response`,
      doc: `The success response body of \`${op.name}\` (${where}).`,
      type: `OperationData<${ref}>`,
    });
    if (op.spec.pagination)
      operations.push({
        name: `${base}Item`,
        doc: `One item of a page of \`${op.name}\` (${where}).`,
        type: itemType(op),
      });
  }
  for (const { name } of operations) taken.add(name);
  const schemas: NamedTypes["schemas"] = [];
  const declared = ((bundled.components as JsonObject | undefined)?.schemas ?? {}) as JsonObject;
  for (const schema of Object.keys(declared)) {
    const pascal = pascalName(schema);
    const wanted = /^[A-Za-z]/.test(pascal) && pascal.startsWith(P) ? pascal : `${P}${pascal}`;
    let name = taken.has(wanted) ? `${wanted}Schema` : wanted;
    for (let n = 2; taken.has(name); n++) name = `${wanted}Schema${n}`;
    taken.add(name);
    schemas.push({ name, schema });
  }
  return { operations, schemas };
}

export function emitNamedTypes(model: ClientModel, types: NamedTypes, source: string): string {
  const lines = [
    generatedHeader(source),
    `import type { OperationData, OperationInit } from "@eventkit/runtime";`,
    `import type { ${types.schemas.length ? "components, " : ""}operations } from "./schema.js";`,
    "",
    ...types.operations.flatMap(({ name, doc, type }) => [`/** ${doc} */`, `export type ${name} = ${type};`]),
  ];
  if (types.schemas.length) {
    lines.push("");
    for (const { name, schema } of types.schemas)
      lines.push(
        `/** Schema \`${schema}\` of ${model.title.replace(/\*\//g, "*\\/")}. */`,
        `export type ${name} = components["schemas"][${JSON.stringify(schema)}];`,
      );
  }
  return `${lines.join("\n")}\n`;
}
