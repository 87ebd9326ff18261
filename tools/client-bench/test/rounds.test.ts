import { describe, expect, it } from "vitest";
import { roundOrder, spread } from "../src/rounds.js";

describe("spread", () => {
  it("gives the median and interpolated percentiles, whatever the input order", () => {
    expect(spread([5, 1, 4, 2, 3])).toMatchObject({ median: 3, p10: 1.4, p90: 4.6, min: 1, max: 5 });
    expect(spread([2, 1]).median).toBe(1.5);
  });

  it("bounds the median by order statistics that narrow as values grow", () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    // n = 101: ranks 50 ± 0.98·√101 ≈ 40 and 61.
    expect(spread(values)).toMatchObject({ median: 50, medianLow: 40, medianHigh: 61 });
    expect(spread([7])).toMatchObject({ median: 7, medianLow: 7, medianHigh: 7 });
  });

  it("refuses no values", () => {
    expect(() => spread([])).toThrow("spread of no values");
  });
});

describe("roundOrder", () => {
  it("puts every contender first and last equally often over 2n rounds", () => {
    const n = 3;
    const first = new Array(n).fill(0);
    const last = new Array(n).fill(0);
    for (let round = 0; round < 2 * n; round++) {
      const order = roundOrder(n, round);
      expect([...order].sort()).toEqual([0, 1, 2]);
      first[order[0]!]++;
      last[order[n - 1]!]++;
    }
    expect(first).toEqual([2, 2, 2]);
    expect(last).toEqual([2, 2, 2]);
  });
});
