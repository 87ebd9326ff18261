import { describe, expect, it } from "vitest";
import { sameJson } from "../src/same-json.js";

const VALUES: unknown[] = [
  null,
  0,
  -0,
  1,
  NaN,
  Infinity,
  "1",
  "",
  true,
  false,
  undefined,
  [],
  [null],
  [undefined],
  [() => 1],
  [1, 2],
  [2, 1],
  {},
  { a: 1 },
  { a: 1, b: undefined },
  { a: 1, b: () => 2 },
  { b: 1, a: 1 },
  { a: 1, b: 1 },
  { a: [1, { c: "x" }] },
  { a: [1, { c: "y" }] },
  { toJSON: () => ({ a: 1 }) },
  new Date(0),
  "1970-01-01T00:00:00.000Z",
  Object.assign(Object.create(null), { a: 1 }),
  Object.assign([1], { toJSON: () => "1" }),
];

describe("sameJson", () => {
  it("agrees with comparing JSON.stringify's output, for every pair", () => {
    for (const a of VALUES)
      for (const b of VALUES) expect([a, b, sameJson(a, b)]).toEqual([a, b, JSON.stringify(a) === JSON.stringify(b)]);
  });

  it("throws where JSON.stringify does (a BigInt)", () => {
    expect(() => sameJson([1n], [1n])).toThrow(TypeError);
  });
});
