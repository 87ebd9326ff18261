import type { JsonObject } from "./load.js";

/** The schema or object `value` points to, following local `$ref`s (at most 16 hops); `{}` when it points nowhere. */
export function deref(doc: JsonObject, value: unknown): JsonObject {
  let node = value as JsonObject;
  for (let hops = 0; node && typeof node.$ref === "string" && node.$ref.startsWith("#/") && hops < 16; hops++) {
    node = node.$ref
      .slice(2)
      .split("/")
      .reduce<unknown>(
        (n, seg) => (n as JsonObject | undefined)?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")],
        doc,
      ) as JsonObject;
  }
  return node ?? {};
}
