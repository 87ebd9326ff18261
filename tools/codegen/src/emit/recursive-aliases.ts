import ts from "typescript";

const SCHEMA_PATH = /^#\/components\/schemas\/([^/]+)$/;

function selfReference(node: ts.Node, name: string): boolean {
  if (!ts.isIndexedAccessTypeNode(node)) return false;
  const index = node.indexType;
  return (
    ts.isLiteralTypeNode(index) &&
    ts.isStringLiteral(index.literal) &&
    index.literal.text === name &&
    /components/.test(printer(node.objectType))
  );
}

const print = ts.createPrinter();
const sourceFile = ts.createSourceFile("x.ts", "", ts.ScriptTarget.Latest);
function printer(node: ts.Node): string {
  return print.printNode(ts.EmitHint.Unspecified, node, sourceFile);
}

/** Whether the type refers to itself without an object type in between (what tsc reports as TS2502). */
function eagerlyRecursive(node: ts.Node, name: string): boolean {
  if (selfReference(node, name)) return true;
  if (ts.isTypeLiteralNode(node)) return false;
  return ts.forEachChild(node, (child) => (eagerlyRecursive(child, name) ? true : undefined)) ?? false;
}

function replaceSelf(node: ts.TypeNode, name: string, alias: string): ts.TypeNode {
  const visit = (n: ts.Node): ts.Node =>
    selfReference(n, name) ? ts.factory.createTypeReferenceNode(alias) : ts.visitEachChild(n, visit, undefined);
  return visit(node) as ts.TypeNode;
}

/**
 * openapi-typescript writes a schema such as `FilterValue: oneOf [string, array of FilterValue]`
 * as `FilterValue: string | components["schemas"]["FilterValue"][]`, which tsc rejects as
 * circular. Such a schema becomes a recursive type alias, which tsc accepts; the property then
 * names the alias. Everything else passes through unchanged.
 */
export function createRecursiveAliases() {
  const aliases: ts.TypeAliasDeclaration[] = [];
  const postTransform = (type: ts.TypeNode, options: { path?: string }): ts.TypeNode | undefined => {
    const match = options.path ? SCHEMA_PATH.exec(options.path) : null;
    if (!match) return undefined;
    // openapi-typescript escapes only ~ and / in these paths: a % in a name is itself (decoding it threw URIError).
    const name = match[1]!.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!eagerlyRecursive(type, name)) return undefined;
    const alias = `Recursive_${name.replace(/[^A-Za-z0-9_$]/g, "_")}`;
    aliases.push(ts.factory.createTypeAliasDeclaration(undefined, alias, undefined, replaceSelf(type, name, alias)));
    return ts.factory.createTypeReferenceNode(alias);
  };
  return { postTransform, aliases };
}
