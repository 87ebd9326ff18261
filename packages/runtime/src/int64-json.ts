/**
 * Response bodies with int64 fields (`x-eventkit-int64` in the spec): the client hands each such
 * field out as a string of its exact digits, never through a lossy Number. Only operations whose
 * OperationSpec lists `int64Paths` come here; every other body keeps openapi-fetch's JSON.parse.
 */
import { parseJsonLossless } from "./lossless-json.js";

/**
 * `text` parsed as JSON, with the value at each of `paths` (dotted, `*` for every item of an array
 * or every value of a map, e.g. `events.*.id`) made a string of its digits. Elsewhere the result is
 * JSON.parse's: an undeclared large number is not turned into a string behind the types' back.
 */
export function parseJsonInt64(text: string, paths: readonly string[]): unknown {
  const plain = JSON.parse(text) as unknown;
  const exact = parseJsonLossless(text);
  for (const path of paths) patch(plain, exact, path.split("."), 0);
  return plain;
}

function patch(plain: unknown, exact: unknown, path: readonly string[], at: number): void {
  if (plain === null || typeof plain !== "object" || exact === null || typeof exact !== "object") return;
  const key = path[at]!;
  const keys = key === "*" ? Object.keys(plain) : Object.hasOwn(plain, key) ? [key] : [];
  for (const k of keys) {
    const target = plain as Record<string, unknown>;
    const source = (exact as Record<string, unknown>)[k];
    if (at < path.length - 1) patch(target[k], source, path, at + 1);
    else if (typeof source === "number" && Number.isInteger(source)) target[k] = String(source);
    else if (typeof source === "string" && typeof target[k] === "number") target[k] = source;
  }
}
