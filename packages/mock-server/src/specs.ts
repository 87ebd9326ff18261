import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { MockServerError } from "./errors.js";
import { documentDigest } from "./operations-cache.js";

export type OpenApiDocument = Record<string, unknown>;

/** A document to serve, and how messages should name where it came from. */
export interface LoadedSpec {
  readonly document: OpenApiDocument;
  readonly source: string;
  readonly vendor?: string;
  /** The digest of the file the document was read from (see operations-cache.ts); absent for an object passed in. */
  readonly digest?: string;
}

/** Vendor client packages are `@eventkit/<vendor>`; any other package is named in full. */
const SCOPE = "@eventkit/";
/** The subpath under which a client package ships its overlaid, bundled document. */
const DOCUMENT = "openapi.json";

/** Where packages are resolved from: the working directory (what the user installed), then this package. */
function resolutionBases(): string[] {
  return [join(process.cwd(), "noop.js"), fileURLToPath(import.meta.url)];
}

/** The file of `<package>/openapi.json`, or undefined when no installed package by that name ships one. */
function resolveDocument(packageName: string): string | undefined {
  for (const base of resolutionBases()) {
    try {
      return createRequire(base).resolve(`${packageName}/${DOCUMENT}`);
    } catch {
      // Not installed there, or it ships no document: try the next place.
    }
  }
  return undefined;
}

function packageNameOf(vendor: string): string {
  return vendor.startsWith("@") ? vendor : `${SCOPE}${vendor}`;
}

function vendorOf(packageName: string): string {
  return packageName.startsWith(SCOPE) ? packageName.slice(SCOPE.length) : packageName;
}

let vendorList: string[] | undefined;

/**
 * Every installed `@eventkit/*` package that ships an OpenAPI document, seen from the working
 * directory and from this package (node_modules folders up the tree, as Node resolves them).
 */
export function knownVendors(): string[] {
  if (vendorList) return vendorList;
  const names = new Set<string>();
  for (const base of resolutionBases()) {
    for (let dir = dirname(base); ; dir = dirname(dir)) {
      const scope = join(dir, "node_modules", SCOPE);
      if (existsSync(scope)) for (const name of readdirSync(scope)) names.add(name);
      if (dirname(dir) === dir) break;
    }
  }
  vendorList = [...names].filter((name) => resolveDocument(`${SCOPE}${name}`) !== undefined).sort();
  return vendorList;
}

const documents = new Map<string, { document: OpenApiDocument; digest: string }>();

/**
 * A vendor client package's document, as our overlay leaves it: `opal` is `@eventkit/opal`, and
 * any package name (`@acme/client`) is looked up as it is. Callers get their own copy to change.
 */
export function loadVendorSpec(vendor: string): LoadedSpec {
  const packageName = packageNameOf(vendor);
  const file = resolveDocument(packageName);
  if (!file) {
    const vendors = knownVendors();
    const known = vendors.length ? vendors.join(", ") : "none";
    throw new MockServerError(
      "UNKNOWN_VENDOR",
      `unknown vendor "${vendor}": known vendors are ${known} (a vendor is an installed package that exports ${DOCUMENT}: install ${packageName}, or give a path)`,
    );
  }
  let loaded = documents.get(file);
  if (!loaded) {
    const text = readFileSync(file, "utf8");
    loaded = {
      document: checkDocument(JSON.parse(text) as unknown, `${packageName}/${DOCUMENT}`),
      digest: documentDigest(text),
    };
    documents.set(file, loaded);
  }
  return {
    document: structuredClone(loaded.document),
    source: packageName,
    vendor: vendorOf(packageName),
    digest: loaded.digest,
  };
}

/** A document given by the caller: a path to a YAML or JSON file, or the parsed object. */
export function loadGivenSpec(spec: string | object): LoadedSpec {
  if (typeof spec !== "string") {
    return {
      document: checkDocument(structuredClone(spec) as unknown, "the spec object passed in"),
      source: "the spec object passed in",
    };
  }
  const path = resolve(spec);
  if (!existsSync(path)) throw new MockServerError("INVALID_SPEC", `${spec}: file not found`);
  // A package folder (an unpacked vendor package, a workspace package) serves the document it exports.
  if (statSync(path).isDirectory()) return loadPackageFolder(path, spec);
  const text = readFileSync(path, "utf8");
  return { document: checkDocument(parseText(text, spec), spec), source: spec, digest: documentDigest(text) };
}

function loadPackageFolder(dir: string, given: string): LoadedSpec {
  const manifest = join(dir, "package.json");
  const pkg = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown; exports?: Record<string, unknown> })
    : {};
  const target = pkg.exports?.[`./${DOCUMENT}`];
  if (typeof target !== "string")
    throw new MockServerError("INVALID_SPEC", `${given}: a folder, but not a package that exports ./${DOCUMENT}`);
  const loaded = loadGivenSpec(join(dir, target));
  const name = typeof pkg.name === "string" ? pkg.name : given;
  return { ...loaded, source: name, vendor: vendorOf(name) };
}

function parseText(text: string, file: string): unknown {
  // JSON first: the YAML parser takes seconds over a 5 MB JSON document. It still reads
  // anything JSON.parse refuses, for YAML, and to place a syntax error at its line and column.
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Not JSON after all: YAML reads it or says where it is wrong.
    }
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    throw new MockServerError(
      "INVALID_SPEC",
      `${file}${at ? `:${at.line}:${at.col}` : ""}: not valid YAML or JSON: ${error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
    );
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
    throw new MockServerError(
      "INVALID_SPEC",
      `${source}: missing the \`openapi\` version field: expected an OpenAPI 3.0 or 3.1 document`,
    );
  }
  if (!/^(3\.[01]\.|2\.0)/.test(version)) {
    throw new MockServerError(
      "INVALID_SPEC",
      `${source}: unsupported OpenAPI version ${version}: expected 3.0.x, 3.1.x or Swagger 2.0`,
    );
  }
  if (!doc.paths || typeof doc.paths !== "object" || Object.keys(doc.paths).length === 0) {
    throw new MockServerError("INVALID_SPEC", `${source}: the document has no paths, so there is nothing to mock`);
  }
  return doc;
}
