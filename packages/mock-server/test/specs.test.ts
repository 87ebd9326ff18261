/**
 * The documents the package serves come from the vendor client packages (`@eventkit/<vendor>/openapi.json`,
 * written by the generator): the overlaid specs of every folder in specs/, as the generator prepares
 * them, found by package name or by path.
 */
import { loadSpecFolder, prepare } from "@eventkit/codegen";
import { describe, expect, it } from "vitest";
import { MockServerError } from "../src/errors.js";
import { knownVendors, loadGivenSpec, loadVendorSpec } from "../src/specs.js";
import { ROOT, specFolders } from "./helpers/vendors.js";

const REGENERATE = "stale openapi.json: run pnpm generate";

describe("vendor documents", () => {
  it("knows one vendor per folder of specs/", () => {
    expect(knownVendors()).toEqual(specFolders().map((dir) => loadSpecFolder(`${ROOT}specs/${dir}`).vendor));
  });

  it.each(specFolders())("serves specs/%s with its overlay applied, from its package", async (dir) => {
    const folder = loadSpecFolder(`${ROOT}specs/${dir}`);
    const { bundled } = await prepare(
      { vendor: folder.vendor, document: folder.document, overlay: folder.overlay, source: `specs/${dir}` },
      { strict: true },
    );
    const byName = loadVendorSpec(folder.vendor);
    expect(byName.document, REGENERATE).toEqual(JSON.parse(JSON.stringify(bundled)));
    expect(byName.source).toBe(`@eventkit/${folder.vendor}`);
    expect(loadVendorSpec(`@eventkit/${folder.vendor}`).document).toEqual(byName.document);
    const byPath = loadGivenSpec(`${ROOT}packages/${folder.vendor}`);
    expect(byPath).toMatchObject({ vendor: folder.vendor, source: `@eventkit/${folder.vendor}` });
    expect(byPath.document).toEqual(byName.document);
  });

  it("names what a vendor is when the package is not installed", () => {
    expect(() => loadVendorSpec("@acme/nothing")).toThrow(MockServerError);
    expect(() => loadVendorSpec("@acme/nothing")).toThrow(
      /unknown vendor "@acme\/nothing": known vendors are .*install @acme\/nothing, or give a path/,
    );
  });

  it("refuses a folder that is not a package exporting a document", () => {
    expect(() => loadGivenSpec(`${ROOT}packages/runtime`)).toThrow(
      /a folder, but not a package that exports \.\/openapi\.json/,
    );
  });
});
