import { describe, expect, it } from "vitest";
import { type ChangeClass, decideBump } from "../src/index.js";

describe("the version rule", () => {
  const cases: [version: string, found: ChangeClass[], bump: string, next: string][] = [
    // Below 1.0 everything moves down one place, as npm's ^0.x ranges do.
    ["0.1.0", ["breaking", "non-breaking", "documentation"], "minor", "0.2.0"],
    ["0.1.0", ["non-breaking", "documentation"], "patch", "0.1.1"],
    ["0.1.0", ["documentation"], "patch", "0.1.1"],
    ["0.9.4", ["breaking"], "minor", "0.10.0"],
    // No change to the API: nothing to release.
    ["0.1.0", [], "none", "0.1.0"],
    ["1.2.3", [], "none", "1.2.3"],
    // From 1.0 on, plain semver.
    ["1.0.0", ["breaking", "documentation"], "major", "2.0.0"],
    ["1.0.0", ["non-breaking"], "minor", "1.1.0"],
    ["2.3.4", ["documentation"], "patch", "2.3.5"],
  ];
  it.each(cases)("%s with %j → %s (%s)", (version, found, bump, next) => {
    expect(decideBump(found, version)).toMatchObject({ bump, from: version, to: next });
  });

  it("rejects a version that is not semver", () => {
    expect(() => decideBump(["breaking"], "latest")).toThrow(/not a semver version: latest/);
  });
});
