import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFile, render } from "../src/index.js";
import { typecheck } from "./helpers/typecheck.js";
import { FIXTURES } from "./helpers/workspace.js";

// Output is written inside this package so that `@eventkit/runtime` resolves from it.
const scratch = mkdtempSync(join(import.meta.dirname, ".scratch-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(["features"])("generated output for the %s fixture", async (fixture) => {
  const dir = join(FIXTURES, fixture);
  const input = () => ({
    vendor: fixture,
    document: loadFile(join(dir, "openapi.yaml")),
    overlay: loadFile(join(dir, "overlay.yaml")),
    source: `fixtures/${fixture}`,
  });
  const out = await render(input(), join(scratch, "missing-package"));

  it.each(Object.keys(out.generated))("src/generated/%s matches its snapshot", async (file) => {
    await expect(out.generated[file]).toMatchFileSnapshot(`__snapshots__/${fixture}/src/generated/${file}`);
  });

  it.each(Object.keys(out.merged))("%s matches its snapshot", async (file) => {
    await expect(out.merged[file]).toMatchFileSnapshot(`__snapshots__/${fixture}/${file}`);
  });

  it("is deterministic: a second run is byte-identical", async () => {
    expect(await render(input(), join(scratch, "missing-package"))).toEqual(out);
  });

  it("type-checks", async () => {
    const pkg = join(scratch, fixture);
    mkdirSync(join(pkg, "src/generated"), { recursive: true });
    for (const [file, text] of Object.entries(out.generated)) writeFileSync(join(pkg, "src/generated", file), text);
    const result = await typecheck(pkg, ["src/generated/index.ts"]);
    expect(result.output).toBe("");
    expect(result.ok).toBe(true);
  });
});
