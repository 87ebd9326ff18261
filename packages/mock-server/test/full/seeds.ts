/**
 * The seeds the full document's generated-data checks run with: EVENTKIT_MOCK_SEEDS, a comma-separated
 * list of integers ("1,2,3"), default 1,2. Each seed is one more dynamic mock and one more contract
 * test and scenario listing per operation (~25 s of the CI step each on this 2-core machine).
 */
export const DEFAULT_SEEDS: readonly number[] = [1, 2];
/** More than this many seeds would take the CI step past its time budget. */
const MAX_SEEDS = 8;

export function mockSeeds(setting = process.env.EVENTKIT_MOCK_SEEDS): number[] {
  if (setting === undefined || setting.trim() === "") return [...DEFAULT_SEEDS];
  const parts = setting.split(",").map((s) => s.trim());
  const bad = parts.find((p) => !/^\d{1,9}$/.test(p));
  if (bad !== undefined)
    throw new Error(
      `EVENTKIT_MOCK_SEEDS="${setting}": "${bad}" is not a seed (expected integers from 0 to 999999999, comma-separated, e.g. 1,2,3)`,
    );
  const seeds = [...new Set(parts.map(Number))];
  if (seeds.length > MAX_SEEDS)
    throw new Error(`EVENTKIT_MOCK_SEEDS="${setting}": ${seeds.length} seeds, at most ${MAX_SEEDS}`);
  return seeds;
}
