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
      .reduce<unknown>(
        (n, seg) => (isJsonObject(n) ? n[decodeURIComponent(seg).replace(/~1/g, "/").replace(/~0/g, "~")] : undefined),
        doc,
      );
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

/**
 * The subschema at a dotted path of property names (`meta.page.after`), `$ref`s followed and
 * `allOf`/`anyOf`/`oneOf` branches looked through; a numeric segment steps into an array's items.
 * `$` or `""` is the schema itself. Undefined when the path leads nowhere the schema describes.
 */
export function schemaAt(doc: unknown, schema: unknown, path: string): Json | undefined {
  let current = derefSchema(doc, schema);
  for (const segment of path === "" || path === "$" ? [] : path.split(".")) {
    if (!current) return undefined;
    const items = derefSchema(doc, current.items);
    current = /^\d+$/.test(segment) && items ? items : propertyOf(doc, current, segment);
  }
  return current;
}

/** A property's schema, looking through `allOf`/`anyOf`/`oneOf` branches. */
export function propertyOf(doc: unknown, schema: Json, name: string, depth = 0): Json | undefined {
  const properties = derefSchema(doc, schema.properties);
  const direct = properties && Object.hasOwn(properties, name) ? derefSchema(doc, properties[name]) : undefined;
  if (direct || depth > MAX_HOPS) return direct;
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    for (const branch of asArray(schema[key])) {
      const resolved = derefSchema(doc, branch);
      const found = resolved ? propertyOf(doc, resolved, name, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

function derefSchema(doc: unknown, node: unknown): Json | undefined {
  const resolved = deref(doc, node);
  return isJsonObject(resolved) ? resolved : undefined;
}

function isJsonObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
