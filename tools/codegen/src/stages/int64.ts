/**
 * Fields marked `x-eventkit-int64`: JSON numbers that a double cannot hold exactly (ids above 2^53).
 * The generated type of such a field is `string` (types.ts) and the runtime reads the operation's
 * body so that it arrives as the exact digits; this finds where they sit in a success body.
 */
import type { JsonObject } from "./load.js";
import { deref } from "./deref.js";

export const INT64 = "x-eventkit-int64";
const MAX_DEPTH = 32;

/** Dotted paths (`*`: every array item or map value) of the int64 fields of the operation's 2xx JSON bodies. */
export function int64PathsOf(doc: JsonObject, op: JsonObject, warnings: string[], where: string): string[] {
  const out = new Set<string>();
  for (const [status, response] of Object.entries((op.responses ?? {}) as JsonObject)) {
    if (!/^2\d\d$/.test(status)) continue;
    for (const [type, media] of Object.entries((deref(doc, response).content ?? {}) as JsonObject)) {
      if (/json/i.test(type)) walk(doc, (media as JsonObject).schema, [], new Set(), out, warnings, where);
    }
  }
  return [...out].sort();
}

function walk(
  doc: JsonObject,
  value: unknown,
  path: string[],
  open: Set<JsonObject>,
  out: Set<string>,
  warnings: string[],
  where: string,
): void {
  if (value === undefined || path.length > MAX_DEPTH) return;
  const schema = deref(doc, value);
  if (open.has(schema)) return; // a recursive schema: its int64 fields were found one level up
  if (schema[INT64] === true && path.length) out.add(path.join("."));
  open.add(schema);
  for (const key of ["allOf", "oneOf", "anyOf"])
    for (const part of (schema[key] ?? []) as unknown[]) walk(doc, part, path, open, out, warnings, where);
  for (const [name, property] of Object.entries((schema.properties ?? {}) as JsonObject)) {
    if (name.includes(".") || name === "*") {
      if (deref(doc, property)[INT64] === true)
        warnings.push(`${where}: ${INT64} on property "${name}" is ignored: its name cannot be part of a dotted path`);
      continue;
    }
    walk(doc, property, [...path, name], open, out, warnings, where);
  }
  if (schema.items !== undefined) walk(doc, schema.items, [...path, "*"], open, out, warnings, where);
  if (schema.additionalProperties && typeof schema.additionalProperties === "object")
    walk(doc, schema.additionalProperties, [...path, "*"], open, out, warnings, where);
  open.delete(schema);
}
