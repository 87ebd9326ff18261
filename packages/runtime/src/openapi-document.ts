/**
 * Reading an OpenAPI document as JSON: following its internal `$ref`s and collecting an
 * operation's parameters. The generator, the mocks and the spec workflow all read documents this
 * way; this is the one copy.
 */
type Json = Record<string, unknown>;

const MAX_HOPS = 32;

/** Follows internal `$ref`s (`#/...`) until a node that is not one, at most 32 hops; others are left as they are. */
export function deref(doc: unknown, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < MAX_HOPS && isJsonObject(current) && typeof current.$ref === "string"; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith("#/")) return current;
    current = ref
      .slice(2)
      .split("/")
      .reduce<unknown>((n, seg) => (isJsonObject(n) ? n[decodeURIComponent(seg).replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), doc);
  }
  return current;
}

/**
 * The parameters of an operation, `$ref`s followed: the path item's first, then the operation's,
 * an operation parameter replacing the path item's of the same name and location (OpenAPI 3).
 * Entries without a name are left out.
 */
export function parametersOf(doc: unknown, pathItem: unknown, operation: unknown): Json[] {
  const byKey = new Map<string, Json>();
  const item = isJsonObject(pathItem) ? pathItem : {};
  const op = isJsonObject(operation) ? operation : {};
  for (const raw of [...asArray(item.parameters), ...asArray(op.parameters)]) {
    const p = deref(doc, raw);
    if (isJsonObject(p) && typeof p.name === "string") byKey.set(`${String(p.in)}:${p.name.toLowerCase()}`, p);
  }
  return [...byKey.values()];
}

function isJsonObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
