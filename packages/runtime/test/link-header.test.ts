import { describe, expect, it } from "vitest";
import { nextLink } from "../src/link-header.js";

describe("nextLink", () => {
  it.each<[string, string | null, string | undefined]>([
    [
      "GitHub's form",
      '<https://api.example.com/events?page=2>; rel="next", <https://api.example.com/events?page=9>; rel="last"',
      "https://api.example.com/events?page=2",
    ],
    [
      "next not first",
      '<https://a.test/?page=1>; rel="prev", <https://a.test/?page=3>; rel="next"',
      "https://a.test/?page=3",
    ],
    ["unquoted rel, other parameters", "</e?page=2>; title=more; rel=next", "/e?page=2"],
    ["several relation types", '</e?p=2>; rel="next last"', "/e?p=2"],
    ["a comma inside the URL", '</e?ids=1,2>; rel="next"', "/e?ids=1,2"],
    ["no next", '</e?page=1>; rel="first", </e?page=1>; rel="prev"', undefined],
    ["no header", null, undefined],
    ["junk", "next", undefined],
  ])("%s", (_name, header, want) => {
    expect(nextLink(header)).toBe(want);
  });
});
