/**
 * Whether two values serialise to the same JSON (`JSON.stringify(a) === JSON.stringify(b)`),
 * without serialising them: plain arrays and objects are compared member by member, in key order,
 * and the comparison stops at the first difference, which for two different pages of a listing is
 * in their first item. Anything else (a `toJSON`, a BigInt, a class instance) is compared by
 * serialising that value alone, so the answer is always the serialisations' (or their error).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b && (a === null || typeof a !== "object")) return typeof a !== "bigint" || sameText(a, b);
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return sameText(a, b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || !isPlainArray(a) || !isPlainArray(b)) return sameText(a, b);
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(arrayMember(a[i]), arrayMember(b[i]))) return false;
    return true;
  }
  if (Array.isArray(b) || !isPlainObject(a) || !isPlainObject(b)) return sameText(a, b);
  const ka = serialisedKeys(a);
  const kb = serialisedKeys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return false;
    if (!sameJson((a as Record<string, unknown>)[ka[i]!], (b as Record<string, unknown>)[kb[i]!])) return false;
  }
  return true;
}

function sameText(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** JSON writes `null` for an array member it cannot serialise. */
function arrayMember(value: unknown): unknown {
  return value === undefined || typeof value === "function" || typeof value === "symbol" ? null : value;
}

/** The keys JSON writes: own enumerable string keys whose value it can serialise. */
function serialisedKeys(value: object): string[] {
  const keys = Object.keys(value);
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === "function" || typeof v === "symbol")
      return keys.filter((k) => {
        const w = (value as Record<string, unknown>)[k];
        return w !== undefined && typeof w !== "function" && typeof w !== "symbol";
      });
  }
  return keys;
}

function isPlainArray(value: unknown[]): boolean {
  return Object.getPrototypeOf(value) === Array.prototype && !("toJSON" in value);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && !("toJSON" in value);
}
