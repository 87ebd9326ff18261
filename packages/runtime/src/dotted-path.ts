/** `a.b.c` into nested objects and arrays; the empty path is the value itself. Own properties only. */
export function getPath(value: unknown, path: string): unknown {
  if (path === "") return value;
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A copy of `value` with `path` set, creating objects on the way; the original is left as it was. */
export function setPath(value: unknown, path: string, leaf: unknown): unknown {
  if (path === "") return leaf;
  const dot = path.indexOf(".");
  const key = dot === -1 ? path : path.slice(0, dot);
  const rest = dot === -1 ? "" : path.slice(dot + 1);
  const base = value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
  const child = (base as Record<string, unknown>)[key];
  return { ...base, [key]: dot === -1 ? leaf : setPath(child, rest, leaf) };
}
