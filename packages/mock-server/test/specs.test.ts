/**
 * The documents the package serves are the overlaid specs of every folder in specs/, as the
 * generator prepares them. A stale build fails here with the command that refreshes it.
 */
import { readFileSync } from "node:fs";
import { loadSpecFolder, prepare } from "@eventkit/codegen";
import { describe, expect, it } from "vitest";
import { knownVendors, specsDir } from "../src/specs.js";
import { ROOT, specFolders } from "./helpers/vendors.js";

const REBUILD = "stale dist/specs: run pnpm --filter @eventkit/mock-server build";

describe("dist/specs", () => {
  it("lists one vendor per folder of specs/", () => {
    expect(knownVendors(), REBUILD).toEqual(specFolders().map((dir) => loadSpecFolder(`${ROOT}specs/${dir}`).vendor));
  });

  it.each(specFolders())("holds specs/%s with its overlay applied", async (dir) => {
    const folder = loadSpecFolder(`${ROOT}specs/${dir}`);
    const { bundled } = await prepare({ vendor: folder.vendor, document: folder.document, overlay: folder.overlay, source: `specs/${dir}` }, { strict: true });
    const built = JSON.parse(readFileSync(`${specsDir()}${folder.vendor}.json`, "utf8")) as unknown;
    expect(built, REBUILD).toEqual(JSON.parse(JSON.stringify(bundled)));
  });
});
