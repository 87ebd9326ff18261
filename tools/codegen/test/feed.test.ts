/**
 * `x-eventkit-feed` is validated like `x-pagination`: bad feed data fails with the overlay's file,
 * line and column, and good feed data reaches the generated feeds constant.
 */
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { generateVendor, SpecError } from "../src/index.js";
import { tempWorkspace } from "./helpers/workspace.js";

/** Appended to the fixture's overlay: its first line is the line after the fixture's last. */
const FEED = `  - target: $.paths['/items'].get
    update:
      x-eventkit-feed:
        id:
          - id
          - { path: size, match: "^(\\\\d+)$" }
        time:
          - { path: created, format: [iso, rust-time] }
        type: [{ value: item }]
        title: [{ template: "item {id}" }]
        status: { path: id, map: { ok: success, "*_FAILED": failure }, absent: info }
        order: none
        since: { param: cursor, format: sql }
        params: { kind: all }
`;

describe("x-eventkit-feed", () => {
  let root: string;
  let overlay: string;
  let fixtureLines: number;
  beforeEach(() => {
    root = tempWorkspace("features");
    overlay = join(root, "specs/features/overlay.yaml");
    const text = readFileSync(overlay, "utf8");
    expect(
      text.endsWith("\n"),
      "the fixture overlay ends with a newline, so appended actions start on a line of their own",
    ).toBe(true);
    fixtureLines = text.split("\n").length - 1;
  });

  it("reaches the generated feeds constant, normalised, apart from the spec", async () => {
    appendFileSync(overlay, FEED);
    await generateVendor(root, "features");
    const client = readFileSync(join(root, "packages/features/src/generated/client.ts"), "utf8");
    const spec = JSON.parse(
      /export const featuresSpec = ([\s\S]*?) as const satisfies ClientSpec;/.exec(client)![1]!,
    ) as { operations: Record<string, object> };
    expect(spec.operations.listItems).not.toHaveProperty("feed");
    const feeds = JSON.parse(
      /export const featuresFeeds = ([\s\S]*?) as const satisfies ClientFeeds;/.exec(client)![1]!,
    ) as Record<string, unknown>;
    expect(feeds.listItems).toEqual({
      id: [{ path: "id" }, { path: "size", match: "^(\\d+)$" }],
      time: [{ path: "created", formats: ["iso", "rust-time"] }],
      type: [{ value: "item" }],
      title: [{ template: "item {id}" }],
      status: { path: "id", map: { ok: "success", "*_FAILED": "failure" }, absent: "info" },
      order: "none",
      since: { param: "cursor", format: "sql" },
      params: [{ name: "kind", in: "query", value: "all" }],
    });
  });

  it.each([
    [
      "an unknown key",
      (t: string) => t.replace("        order: none\n", "        order: none\n        ordr: none\n"),
      "ordr: none",
      /unknown key `ordr`/,
    ],
    [
      "a path the event schema does not hold",
      (t: string) => t.replace("path: created,", "path: creatd,"),
      "path: creatd",
      /path `creatd` is not in the event schema/,
    ],
    [
      "an unknown time format",
      (t: string) => t.replace("[iso, rust-time]", "[iso, rfc2822]"),
      "format: [iso, rfc2822]",
      /expected a time format/,
    ],
    [
      "a status outside the feed's set",
      (t: string) => t.replace("ok: success", "ok: great"),
      "status: {",
      /expected one of success, failure/,
    ],
    [
      "an id match without a capture group",
      (t: string) => t.replace('"^(\\\\d+)$"', '"^\\\\d+$"'),
      "match:",
      /needs a capture group/,
    ],
    [
      "a filter on a parameter the operation lacks",
      (t: string) => t.replace("param: cursor", "param: from"),
      "since:",
      /no parameter "from"/,
    ],
    [
      "a wrong type",
      (t: string) => t.replace("order: none", "order: [none]"),
      "order: [none]",
      /must be newest-first or none/,
    ],
    [
      "a template path the schema lacks",
      (t: string) => t.replace("item {id}", "item {name}"),
      "title:",
      /path `name` is not in the event schema/,
    ],
  ])("%s fails at its place in the overlay", async (_name, change, at, message) => {
    const bad = change(FEED);
    expect(bad).not.toBe(FEED);
    appendFileSync(overlay, bad);
    const error = await generateVendor(root, "features").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    const e = error as SpecError;
    expect(e.message).toMatch(message);
    expect(e.file).toMatch(/specs\/features\/overlay\.yaml$/);
    expect(e.line).toBe(bad.slice(0, bad.indexOf(at)).split("\n").length + fixtureLines);
  });
});
