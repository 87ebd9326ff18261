import { isWholeValue } from "./dotted-path.js";

/**
 * The paths of `x-eventkit-feed` (`attributes.attributes.status`, `sub_events[].sub_event_type`):
 * `getPath`'s dotted paths, plus a `[]` segment that takes every element of an array (the path
 * then yields an array). Compiled once per path, since a feed reads the same paths for every
 * field of every event. Own properties only: a path never reads `__proto__` or a method. Kept
 * apart from `getPath` so that a client's pager does not bundle what only feeds use.
 */
export type PathReader = (value: unknown) => unknown;

export function compilePath(path: string): PathReader {
  if (isWholeValue(path)) return (value) => value;
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
        if (!each) next.push(child);
        else if (Array.isArray(child)) for (const element of child) next.push(element);
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
