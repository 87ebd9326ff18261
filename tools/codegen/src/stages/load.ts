import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { parseYaml } from "@redocly/openapi-core";
import { SpecError } from "../errors.js";
import { checkExpansion, jsonTooDeepAt, LIMITS, megabytes } from "../limits.js";
import { locate } from "../locate.js";

export type JsonObject = Record<string, unknown>;

/** A parsed input file. `text` is kept so that errors can be located later. */
export interface LoadedFile {
  path: string;
  /** The path as shown in messages: relative to the working directory. */
  display: string;
  text: string;
  value: unknown;
}

export interface SpecFolder {
  vendor: string;
  dir: string;
  document: LoadedFile;
  overlay?: LoadedFile | undefined;
  provenance?: { sha256?: string } | undefined;
  /** Folders the document's `$ref`s may read: the spec folder and its package.json's `eventkit.refRoots`. */
  refRoots: string[];
}

export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") && rel.split("/").length > 4 ? path : rel || basename(path);
}

/**
 * Reads a YAML or JSON file within the generator's limits (size, nesting, YAML aliases).
 * Syntax errors and crossed limits carry the file, line and column.
 */
export function loadFile(path: string): LoadedFile {
  const display = displayPath(path);
  if (!existsSync(path)) throw new SpecError("file not found", display);
  const stat = statSync(path);
  if (!stat.isFile()) throw new SpecError("not a file", display);
  if (stat.size > LIMITS.fileBytes) {
    throw new SpecError(
      `the file is ${megabytes(stat.size)}: the generator reads spec files of up to ${LIMITS.fileBytes / 1024 / 1024} MB`,
      display,
    );
  }
  const text = readFileSync(path, "utf8");
  const json = path.endsWith(".json");
  const file = { path, display, text, value: parseText(text, display, json) };
  // JSON has no aliases and its depth was checked before parsing; YAML without an anchor
  // (`&name`) has no aliases, and js-yaml checked its depth.
  const excess = !json && MAY_HAVE_ANCHOR.test(text) ? checkExpansion(file.value) : undefined;
  if (excess) throw errorAt(file, excess.path, excess.message);
  return file;
}

/** Where YAML allows an anchor: at the start of a node, after indentation or a flow indicator. */
const MAY_HAVE_ANCHOR = /(?:^|[\s[{,:])&\S/m;

function parseText(text: string, display: string, json: boolean): unknown {
  if (json) {
    const deep = jsonTooDeepAt(text);
    if (deep !== undefined) {
      const pos = lineColumn(text, deep);
      throw new SpecError(`nested more than ${LIMITS.depth} levels deep`, display, pos.line, pos.column);
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const at = /position (\d+)/.exec(message);
      const pos = at ? lineColumn(text, Number(at[1])) : undefined;
      throw new SpecError(
        `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, "")}`,
        display,
        pos?.line,
        pos?.column,
      );
    }
  }
  try {
    // js-yaml counts a scalar as one level more than the mapping or list holding it.
    return parseYaml(text, { maxDepth: LIMITS.depth + 1 });
  } catch (error) {
    const e = error as { reason?: string; message: string; mark?: { line: number; column: number } };
    const reason = e.reason ?? e.message.split("\n")[0]!;
    const message = /exceeded maxDepth/.test(reason)
      ? `nested more than ${LIMITS.depth} levels deep`
      : `invalid YAML: ${reason}`;
    throw new SpecError(message, display, e.mark && e.mark.line + 1, e.mark && e.mark.column + 1);
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** A SpecError at a path of keys inside a loaded file. */
export function errorAt(file: LoadedFile, path: readonly (string | number)[], message: string): SpecError {
  const pos = locate(file.text, path);
  return new SpecError(message, file.display, pos?.line, pos?.column);
}

/** Checks that a value is an OpenAPI 3.x document and not something else. */
export function assertOpenApi3(file: LoadedFile): JsonObject {
  const doc = file.value;
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new SpecError("expected an OpenAPI document (a mapping at the top level)", file.display, 1, 1);
  }
  const d = doc as JsonObject;
  if ("swagger" in d) {
    throw errorAt(
      file,
      ["swagger"],
      `Swagger ${String(d.swagger)} documents are not supported: convert it to OpenAPI 3 (for example with swagger2openapi) and keep the converted document as the vendor's document`,
    );
  }
  const version = typeof d.openapi === "string" ? d.openapi : undefined;
  if (!version)
    throw new SpecError("missing `openapi` version field: expected an OpenAPI 3.0 or 3.1 document", file.display, 1, 1);
  if (!/^3\.[01]\./.test(version))
    throw errorAt(file, ["openapi"], `unsupported OpenAPI version ${version}: expected 3.0.x or 3.1.x`);
  return d;
}

/** What a spec folder's package.json says: the vendor's name and the file names, with their defaults. */
export function specFolderConfig(dir: string): { vendor: string; documentName: string; overlayName: string } {
  const pkgFile = loadFile(join(dir, "package.json"));
  const config = ((pkgFile.value as JsonObject).eventkit ?? {}) as {
    vendor?: string;
    document?: string;
    overlay?: string;
  };
  const vendor = config.vendor ?? basename(dir);
  if (!/^[a-z][a-z0-9-]*$/.test(vendor))
    throw errorAt(
      pkgFile,
      ["eventkit", "vendor"],
      `vendor name "${vendor}" must be lower-case letters, digits and dashes`,
    );
  const documentName = config.document ?? (existsSync(join(dir, "openapi.json")) ? "openapi.json" : "openapi.yaml");
  return { vendor, documentName, overlayName: config.overlay ?? "overlay.yaml" };
}

/**
 * Loads `specs/<vendor>/`: its package.json names the document and overlay; provenance.json pins
 * the document's digest, so an edit to the vendor's document (instead of the overlay) is caught.
 */
export function loadSpecFolder(dir: string): SpecFolder {
  const { vendor, documentName, overlayName } = specFolderConfig(dir);
  const document = loadFile(join(dir, documentName));
  const overlay = existsSync(join(dir, overlayName)) ? loadFile(join(dir, overlayName)) : undefined;
  const provenancePath = join(dir, "provenance.json");
  const provenance = existsSync(provenancePath) ? (loadFile(provenancePath).value as { sha256?: string }) : undefined;
  if (provenance?.sha256) {
    const actual = createHash("sha256").update(document.text).digest("hex");
    if (actual !== provenance.sha256) {
      throw new SpecError(
        `${documentName} does not match the sha256 recorded in provenance.json (${provenance.sha256.slice(0, 12)}…, file is ${actual.slice(0, 12)}…). ` +
          `The vendor's document is kept as published: put fixes in ${overlayName}, or record a new vendor version with \`pnpm spec:update ${vendor} <file>\``,
        displayPath(provenancePath),
      );
    }
  }
  return { vendor, dir, document, overlay, provenance, refRoots: refRootsOf(dir) };
}

/**
 * The folders a document's `$ref`s may read: the spec folder, and those its package.json lists
 * in `eventkit.refRoots` (relative to it). Anything else is refused, however the document is
 * reached (pnpm generate, spec:diff, the mock server's build).
 */
export function refRootsOf(dir: string): string[] {
  const pkgPath = join(dir, "package.json");
  if (!existsSync(pkgPath)) return [dir];
  const pkgFile = loadFile(pkgPath);
  const eventkit = (pkgFile.value as { eventkit?: { refRoots?: unknown } } | null)?.eventkit;
  const extra = eventkit?.refRoots ?? [];
  if (!Array.isArray(extra) || !extra.every((r) => typeof r === "string")) {
    throw errorAt(
      pkgFile,
      ["eventkit", "refRoots"],
      "`refRoots` must be a list of folders, relative to the spec folder, that $refs may read besides it",
    );
  }
  return [dir, ...extra.map((r: string) => resolve(dir, r))];
}
