type Json = Record<string, unknown>;

/**
 * The `#/components/...` entries that the operations use, directly or through other components.
 * api-smart-diff reports a change to a used component at every operation that uses it, so only
 * unused components (which still are exported types) are reported on their own.
 */
export function reachableComponents(doc: Json): Set<string> {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const stack: unknown[] = [doc.paths, doc.webhooks];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    const ref = (node as Json).$ref;
    if (typeof ref === "string" && ref.startsWith("#/components/") && !found.has(ref)) {
      found.add(ref);
      stack.push(resolvePointer(doc, ref));
    }
    for (const value of Object.values(node as Json)) if (value && typeof value === "object") stack.push(value);
  }
  return found;
}

export function resolvePointer(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const raw of pointer.replace(/^#\/?/, "").split("/")) {
    if (raw === "") continue;
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!node || typeof node !== "object") return undefined;
    node = (node as Json)[key];
  }
  return node;
}
