/**
 * Dotted paths of `x-eventkit-feed` (`attributes.attributes.status`, `sub_events[].sub_event_type`),
 * compiled once per feed into readers, since they run for every field of every event. A `[]`
 * segment takes every element of an array, and the reader then returns an array. Own properties
 * only: a path never reads `__proto__` or a method.
 */
export type PathReader = (value: unknown) => unknown;

export function compilePath(path: string): PathReader {
  const segments = path.split(".");
  if (!path.includes("[]")) {
    if (segments.length === 1) {
      const key = segments[0]!;
      return (value) => (isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined);
    }
    return (value) => {
      let current = value;
      for (const key of segments) {
        if (!isRecord(current) || !Object.hasOwn(current, key)) return undefined;
        current = current[key];
      }
      return current;
    };
  }
  return (value) => {
    let current: unknown[] = [value];
    let many = false;
    for (const segment of segments) {
      const each = segment.endsWith("[]");
      const key = each ? segment.slice(0, -2) : segment;
      const next: unknown[] = [];
      for (const item of current) {
        if (!isRecord(item) || !Object.hasOwn(item, key)) continue;
        const child = item[key];
        if (each) {
          if (Array.isArray(child)) for (const element of child) next.push(element);
        } else next.push(child);
      }
      many ||= each;
      current = next;
    }
    return many ? current : current[0];
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object";
}

/** A copy of `target` with `path` set, creating objects on the way; the original is left as it was. */
export function withPath(target: unknown, path: string, leaf: unknown): Record<string, unknown> {
  const dot = path.indexOf(".");
  const key = dot === -1 ? path : path.slice(0, dot);
  const base = target !== null && typeof target === "object" && !Array.isArray(target) ? (target as Record<string, unknown>) : {};
  return { ...base, [key]: dot === -1 ? leaf : withPath(base[key], path.slice(dot + 1), leaf) };
}
