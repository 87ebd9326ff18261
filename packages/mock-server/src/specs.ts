import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { MockServerError } from "./errors.js";

export type OpenApiDocument = Record<string, unknown>;

/** A document to serve, and how messages should name where it came from. */
export interface LoadedSpec {
  readonly document: OpenApiDocument;
  readonly source: string;
  readonly vendor?: string;
}

/** Written by the package's build: one overlaid, bundled document per folder of specs/. */
const SPECS_DIR = fileURLToPath(new URL("../dist/specs/", import.meta.url));

export function specsDir(): string {
  return SPECS_DIR;
}

let vendorList: string[] | undefined;

/** Every vendor whose spec this package ships. */
export function knownVendors(): string[] {
  if (vendorList) return vendorList;
  const index = resolve(SPECS_DIR, "index.json");
  if (!existsSync(index)) {
    throw new MockServerError("SPECS_NOT_BUILT", `no vendor specs at ${SPECS_DIR}: build the package first (pnpm --filter @eventkit/mock-server build)`);
  }
  const parsed = JSON.parse(readFileSync(index, "utf8")) as { vendors?: unknown };
  vendorList = Array.isArray(parsed.vendors) ? parsed.vendors.map(String) : [];
  return vendorList;
}

const documents = new Map<string, OpenApiDocument>();

/** The vendor's document as our overlay leaves it. Callers get their own copy to change. */
export function loadVendorSpec(vendor: string): LoadedSpec {
  const vendors = knownVendors();
  if (!vendors.includes(vendor)) {
    const known = vendors.length ? vendors.join(", ") : "none (the package was built without specs)";
    throw new MockServerError("UNKNOWN_VENDOR", `unknown vendor "${vendor}": known vendors are ${known}`);
  }
  let document = documents.get(vendor);
  if (!document) {
    document = JSON.parse(readFileSync(resolve(SPECS_DIR, `${vendor}.json`), "utf8")) as OpenApiDocument;
    documents.set(vendor, document);
  }
  return { document: structuredClone(document), source: `specs/${vendor}`, vendor };
}

/** A document given by the caller: a path to a YAML or JSON file, or the parsed object. */
export function loadGivenSpec(spec: string | object): LoadedSpec {
  if (typeof spec !== "string") {
    return { document: checkDocument(structuredClone(spec) as unknown, "the spec object passed in"), source: "the spec object passed in" };
  }
  const path = resolve(spec);
  if (!existsSync(path)) throw new MockServerError("INVALID_SPEC", `${spec}: file not found`);
  const text = readFileSync(path, "utf8");
  return { document: checkDocument(parseText(text, spec), spec), source: spec };
}

function parseText(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    throw new MockServerError("INVALID_SPEC", `${file}${at ? `:${at.line}:${at.col}` : ""}: not valid YAML or JSON: ${error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`);
  }
  return doc.toJS({ maxAliasCount: -1 }) as unknown;
}

function checkDocument(value: unknown, source: string): OpenApiDocument {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new MockServerError("INVALID_SPEC", `${source}: expected an OpenAPI document (a mapping at the top level)`);
  }
  const doc = value as OpenApiDocument;
  const version = doc.openapi ?? doc.swagger;
  if (typeof version !== "string") {
    throw new MockServerError("INVALID_SPEC", `${source}: missing the \`openapi\` version field: expected an OpenAPI 3.0 or 3.1 document`);
  }
  if (!/^(3\.[01]\.|2\.0)/.test(version)) {
    throw new MockServerError("INVALID_SPEC", `${source}: unsupported OpenAPI version ${version}: expected 3.0.x, 3.1.x or Swagger 2.0`);
  }
  if (!doc.paths || typeof doc.paths !== "object" || Object.keys(doc.paths).length === 0) {
    throw new MockServerError("INVALID_SPEC", `${source}: the document has no paths, so there is nothing to mock`);
  }
  return doc;
}
