/**
 * Dotted paths (`meta.page.after`, `list.0.id`) into JSON values: the one reading of a path that
 * the clients' pager, the mocks and the generator share. The empty path and `$` are the value
 * itself. Only own properties are followed, so `constructor` or `__proto__` lead nowhere.
 */
export function getPath(value: unknown, path: string): unknown {
  if (isWholeValue(path)) return value;
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A copy of `value` with `path` set, creating objects on the way; the original is left as it was. */
export function setPath(value: unknown, path: string, leaf: unknown): unknown {
  if (isWholeValue(path)) return leaf;
  const dot = path.indexOf(".");
  const key = dot === -1 ? path : path.slice(0, dot);
  const rest = dot === -1 ? "" : path.slice(dot + 1);
  const base = value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
  const child = (base as Record<string, unknown>)[key];
  return { ...base, [key]: dot === -1 ? leaf : setPath(child, rest, leaf) };
}

/** A copy of `value` without the property at `path`; the value itself when the path leads nowhere. */
export function deletePath(value: unknown, path: string): unknown {
  if (isWholeValue(path) || value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const dot = path.indexOf(".");
  const key = dot === -1 ? path : path.slice(0, dot);
  if (!Object.hasOwn(value, key)) return value;
  const { [key]: child, ...rest } = value as Record<string, unknown>;
  return dot === -1 ? rest : { ...rest, [key]: deletePath(child, path.slice(dot + 1)) };
}

/** `""` and `$` (JSONPath's root) both name the value itself. */
export function isWholeValue(path: string): boolean {
  return path === "" || path === "$";
}
