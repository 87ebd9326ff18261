/**
 * How much of a spec file the generator will take. A vendor's document comes from outside: each
 * limit keeps a small hostile file from costing minutes and gigabytes in a later stage.
 */
export const LIMITS = {
  /** Bytes per file. The largest real spec we know, Datadog v2, is 3.8 MB. */
  fileBytes: 16 * 1024 * 1024,
  /** Levels of nested mappings and lists. Real specs stay under 20; every later stage recurses on it. */
  depth: 64,
  /**
   * Nodes that YAML aliases (`*name`) may add once expanded. js-yaml returns an alias as the
   * same object again, but every stage after it walks the expanded tree: nine lines of nested
   * aliases stand for 9^9 nodes ("billion laughs").
   */
  aliasNodes: 100_000,
} as const;

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

/** A limit crossed at a path of keys (located in the file by the caller). */
export interface Excess {
  path: (string | number)[];
  message: string;
}

/**
 * Walks a parsed value once, sizing each object the first time it is met: an object met again
 * is an alias, and adds its size to the expansion without being walked again, so the check is
 * linear in the file however much its aliases expand. Depth counts expanded levels.
 */
export function checkExpansion(value: unknown): Excess | undefined {
  const sizes = new Map<object, { size: number; depth: number }>();
  const path: (string | number)[] = [];
  let added = 0;
  const visit = (node: object, level: number): { size: number; depth: number } => {
    const known = sizes.get(node);
    if (known) {
      added += known.size;
      if (added > LIMITS.aliasNodes)
        throw excess(
          `YAML aliases expand this document by more than ${LIMITS.aliasNodes.toLocaleString("en")} nodes (a "billion laughs" document?)`,
        );
      if (level - 1 + known.depth > LIMITS.depth)
        throw excess(`nested more than ${LIMITS.depth} levels deep once its YAML aliases are expanded`);
      return known;
    }
    if (level > LIMITS.depth) throw excess(`nested more than ${LIMITS.depth} levels deep`);
    let size = 1;
    let depth = 1;
    const keys = Array.isArray(node) ? node.keys() : Object.keys(node);
    for (const key of keys) {
      const child = (node as Record<string | number, unknown>)[key];
      if (child === null || typeof child !== "object") {
        size++;
        continue;
      }
      path.push(key);
      const inner = visit(child, level + 1);
      path.pop();
      size += inner.size;
      if (inner.depth + 1 > depth) depth = inner.depth + 1;
    }
    const result = { size, depth };
    sizes.set(node, result);
    return result;
  };
  const excess = (message: string) => new Crossed({ path: [...path], message });
  if (value === null || typeof value !== "object") return undefined;
  try {
    visit(value, 1);
    return undefined;
  } catch (error) {
    if (error instanceof Crossed) return error.excess;
    throw error;
  }
}

/** Ends the walk at the first limit crossed. */
class Crossed {
  constructor(readonly excess: Excess) {}
}

/**
 * The offset of the first `[` or `{` nested deeper than the limit in a JSON text, found before
 * parsing it (JSON.parse takes seconds on a few megabytes of brackets, and every later walk
 * would overflow the stack).
 */
export function jsonTooDeepAt(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > LIMITS.depth) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return undefined;
}
