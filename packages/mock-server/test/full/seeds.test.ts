import { describe, expect, it } from "vitest";
import { DEFAULT_SEEDS, mockSeeds } from "./seeds.js";

describe("EVENTKIT_MOCK_SEEDS", () => {
  it.each([
    [undefined, DEFAULT_SEEDS],
    ["", DEFAULT_SEEDS],
    ["7", [7]],
    [" 1, 2 ,3", [1, 2, 3]],
    ["4,4,5", [4, 5]],
  ])("%j gives %j", (setting, seeds) => {
    expect(mockSeeds(setting)).toEqual(seeds);
  });

  it.each([
    ["1,x", /"x" is not a seed/],
    ["1,,2", /"" is not a seed/],
    ["-1", /"-1" is not a seed/],
    ["1.5", /"1.5" is not a seed/],
    ["1,2,3,4,5,6,7,8,9", /9 seeds, at most 8/],
  ])("refuses %j, naming the variable and what is wrong", (setting, message) => {
    expect(() => mockSeeds(setting)).toThrow(/^EVENTKIT_MOCK_SEEDS=/);
    expect(() => mockSeeds(setting)).toThrow(message);
  });
});
