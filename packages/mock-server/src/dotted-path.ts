/** `a.b.c` into nested objects; numeric segments index arrays. */
export function getPath(value: unknown, path: string): unknown {
  if (path === "") return value;
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Sets `path` in place, creating objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, leaf: unknown): void {
  const keys = path.split(".");
  let current = target;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (next === null || typeof next !== "object" || Array.isArray(next)) current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[keys[keys.length - 1]!] = leaf;
}

export function deletePath(target: Record<string, unknown>, path: string): void {
  const keys = path.split(".");
  const parent = getPath(target, keys.slice(0, -1).join("."));
  if (parent !== null && typeof parent === "object") delete (parent as Record<string, unknown>)[keys[keys.length - 1]!];
}
