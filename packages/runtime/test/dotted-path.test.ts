import { describe, expect, it } from "vitest";
import { deletePath, getPath, setPath } from "../src/dotted-path.js";

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
    ["$", data],
  ])("%j", (path, want) => {
    expect(getPath(data, path)).toEqual(want);
  });
});

describe("setPath", () => {
  it.each<[string, unknown, string, unknown, unknown]>([
    ["top level", { a: 1 }, "b", 2, { a: 1, b: 2 }],
    [
      "nested, keeping siblings",
      { page: { size: 5 }, q: "x" },
      "page.cursor",
      "c",
      { page: { size: 5, cursor: "c" }, q: "x" },
    ],
    ["creates objects on the way", undefined, "page.cursor", "c", { page: { cursor: "c" } }],
    ["replaces a non-object on the way", { page: 3 }, "page.cursor", "c", { page: { cursor: "c" } }],
  ])("%s", (_name, value, path, leaf, want) => {
    const before = JSON.stringify(value);
    expect(setPath(value, path, leaf)).toEqual(want);
    expect(JSON.stringify(value)).toBe(before);
  });
});

describe("deletePath", () => {
  it.each<[string, unknown, string, unknown]>([
    ["top level", { a: 1, b: 2 }, "b", { a: 1 }],
    ["nested, keeping siblings", { meta: { next: "x", total: 3 } }, "meta.next", { meta: { total: 3 } }],
    ["a path that leads nowhere", { a: 1 }, "b.c", { a: 1 }],
    ["through a non-object", { a: 1 }, "a.b", { a: 1 }],
  ])("%s", (_name, value, path, want) => {
    const before = JSON.stringify(value);
    expect(deletePath(value, path)).toEqual(want);
    expect(JSON.stringify(value)).toBe(before);
  });
});
