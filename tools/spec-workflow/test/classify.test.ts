import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type Bump,
  type ChangeClass,
  changesetPackages,
  decideBump,
  diffSpec,
  renderChange,
  renderChangeset,
  type SpecFolder,
} from "../src/index.js";
import type { DocumentSource } from "../src/source.js";

const FIXTURES = join(import.meta.dirname, "fixtures/changes");

/** One fixture pair (before.yaml → after.yaml) through the generator's pipeline and the diff. */
async function compareFixture(name: string, version = "0.1.0") {
  const folder: SpecFolder = {
    vendor: "fixture",
    root: FIXTURES,
    dir: name,
    documentName: "openapi.yaml",
    overlayName: "overlay.yaml",
    packageName: "@eventkit/fixture",
    packageDir: "packages/fixture",
    version,
  };
  const side = (file: string): DocumentSource => {
    const text = readFileSync(join(FIXTURES, name, file), "utf8");
    return { kind: "file", text, label: `${name}/${file}`, recorded: `${name}/${file}` };
  };
  return diffSpec(folder, side("before.yaml"), side("after.yaml"));
}

interface Case {
  fixture: string;
  /** The classes of all changes found: exactly these. */
  classes: ChangeClass[];
  /** A line of the changelog that must be there. */
  line: RegExp;
  /** From 1.0 on, and below 1.0. */
  bump: [stable: Bump, belowOne: Bump];
}

const cases: Case[] = [
  {
    fixture: "removed-field",
    classes: ["breaking"],
    line: /^`GET \/items` \(`listItems`\): response 200 \(application\/json\): field `items\[\]\.price` removed\. Breaking because code that reads `items\[\]\.price` no longer compiles/,
    bump: ["major", "minor"],
  },
  {
    fixture: "type-change",
    classes: ["breaking"],
    line: /^`GET \/items\/\{id\}` \(`getItem`\): response 200 \(application\/json\): type of `price` changed from `"number"` to `"string"`\. Breaking because/,
    bump: ["major", "minor"],
  },
  {
    fixture: "new-required-parameter",
    classes: ["breaking"],
    line: /^`GET \/items` \(`listItems`\): new required query parameter `org`\. Breaking because calls that do not pass it no longer compile/,
    bump: ["major", "minor"],
  },
  {
    fixture: "removed-operation",
    classes: ["breaking"],
    line: /^`GET \/items\/\{id\}` \(`getItem`\): operation removed\. Breaking because the client method for this operation no longer exists/,
    bump: ["major", "minor"],
  },
  {
    fixture: "new-optional-parameter",
    classes: ["non-breaking"],
    line: /^`GET \/items` \(`listItems`\): new optional query parameter `cursor`\.$/,
    bump: ["minor", "patch"],
  },
  {
    fixture: "new-operation",
    classes: ["non-breaking"],
    line: /^`POST \/items` \(`createItem`\): operation added\.$/,
    bump: ["minor", "patch"],
  },
  {
    // Our rule, not api-smart-diff's alone: a client may switch over every value it knows.
    fixture: "new-enum-value-in-response",
    classes: ["breaking"],
    line: /^`GET \/items` \(`listItems`\): response 200 \(application\/json\): new enum value `"deleted"` for `items\[\]\.status`\. Breaking because .*exhaustive `switch`/,
    bump: ["major", "minor"],
  },
  {
    fixture: "description-only",
    classes: ["documentation"],
    line: /^`GET \/items` \(`listItems`\): `summary` changed\.$/,
    bump: ["patch", "patch"],
  },
  {
    // The same change in what the client sends is harmless.
    fixture: "new-enum-value-in-request",
    classes: ["non-breaking"],
    line: /^`GET \/items` \(`listItems`\): query parameter `kind`: new enum value `"game"`\.$/,
    bump: ["minor", "patch"],
  },
  {
    fixture: "field-made-optional",
    classes: ["breaking"],
    line: /^`GET \/items\/\{id\}` \(`getItem`\): response 200 \(application\/json\): `name` is no longer required\. Breaking because `name` may now be absent/,
    bump: ["major", "minor"],
  },
  {
    // The client's method is named after the operationId; api-smart-diff calls it an annotation.
    fixture: "renamed-operation-id",
    classes: ["breaking"],
    line: /^`GET \/items\/\{id\}` \(`fetchItem`\): operationId `getItem` renamed to `fetchItem`\. Breaking because/,
    bump: ["major", "minor"],
  },
];

describe("classification of each kind of change", () => {
  it.each(cases)("$fixture", async ({ fixture, classes, line, bump }) => {
    const report = await compareFixture(fixture);
    expect(report.changes.length).toBeGreaterThan(0);
    expect([...new Set(report.changes.map((c) => c.class))].sort()).toEqual([...classes].sort());
    expect(report.changes.map(renderChange)).toContainEqual(expect.stringMatching(line));
    for (const change of report.changes) expect(Boolean(change.why)).toBe(change.class === "breaking");
    const found = report.changes.map((c) => c.class);
    expect([decideBump(found, "1.4.2").bump, decideBump(found, "0.1.0").bump]).toEqual(bump);
    expect(report.bump.bump).toBe(bump[1]);
  });

  it("finds no change between a document and itself", async () => {
    const report = await compareFixture("unchanged");
    expect(report.changes).toEqual([]);
    expect(report.bump).toMatchObject({ level: "none", bump: "none" });
    expect(renderChangeset(report)).toMatch(/no change to the API after our overlay/);
  });
});

describe("the changeset", () => {
  it("names the package and bump in its front matter and lists operation, change and reason", async () => {
    const report = await compareFixture("removed-field");
    const text = renderChangeset(report);
    expect(text.startsWith('---\n"@eventkit/fixture": minor\n---\n\n')).toBe(true);
    expect(changesetPackages(text)).toEqual(["@eventkit/fixture"]);
    expect(text).toMatch(
      /^Spec update for fixture \(openapi\.yaml [0-9a-f]{8} → [0-9a-f]{8}\): 2 breaking changes\.$/m,
    );
    expect(text).toContain("**Breaking**");
    expect(text).not.toContain("**Non-breaking**");
    expect(text).toMatch(
      /^- `GET \/items\/\{id\}` \(`getItem`\): response 200 \(application\/json\): field `price` removed\. Breaking because/m,
    );
    expect(text).toMatch(/^Version bump: minor; below 1\.0, breaking → minor/m);
  });

  it("is a major bump with the stable rule from 1.0 on", async () => {
    const report = await compareFixture("new-operation", "1.2.0");
    expect(report.bump).toMatchObject({ bump: "minor", from: "1.2.0", to: "1.3.0", level: "non-breaking" });
    expect(renderChangeset(report)).toMatch(/^"@eventkit\/fixture": minor$/m);
    expect(renderChangeset(report)).toMatch(/Version bump: minor; from 1\.0 on, breaking → major/);
  });
});
