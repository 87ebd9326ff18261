import { describe, expect, it } from "vitest";
import { getPath, setPath } from "../src/dotted-path.js";

describe("getPath", () => {
  const data = { meta: { page: { after: "c1" } }, list: [{ id: 1 }], nothing: null };

  it.each<[string, unknown]>([
    ["meta.page.after", "c1"],
    ["list.0.id", 1],
    ["list", [{ id: 1 }]],
    ["nothing", null],
    ["nothing.deeper", undefined],
    ["meta.missing.after", undefined],
    ["meta.constructor", undefined],
    ["", data],
  ])("%j", (path, want) => {
    expect(getPath(data, path)).toEqual(want);
  });
});

describe("setPath", () => {
  it.each<[string, unknown, string, unknown, unknown]>([
    ["top level", { a: 1 }, "b", 2, { a: 1, b: 2 }],
    ["nested, keeping siblings", { page: { size: 5 }, q: "x" }, "page.cursor", "c", { page: { size: 5, cursor: "c" }, q: "x" }],
    ["creates objects on the way", undefined, "page.cursor", "c", { page: { cursor: "c" } }],
    ["replaces a non-object on the way", { page: 3 }, "page.cursor", "c", { page: { cursor: "c" } }],
  ])("%s", (_name, value, path, leaf, want) => {
    const before = JSON.stringify(value);
    expect(setPath(value, path, leaf)).toEqual(want);
    expect(JSON.stringify(value)).toBe(before);
  });
});
