/**
 * mulberry32: a small, fast generator that yields the same numbers on every platform for a seed,
 * so a fixture or a "random" failure can be replayed. Seed 0 is replaced, as the generator would
 * otherwise start in a weak state.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
