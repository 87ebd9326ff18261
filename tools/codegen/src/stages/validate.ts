import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { bundle, createConfig, lintDocument, Source, type Config, type NormalizedProblem } from "@redocly/openapi-core";
import { SpecError } from "../errors.js";
import { pointerSegments } from "../locate.js";
import { PreloadedResolver, withShortcuts } from "../refs/redocly.js";
import { type ResolvedRefs, resolveRefs } from "../refs/resolve.js";
import { errorAt, type JsonObject, type LoadedFile } from "./load.js";
import { cachedValidation, recordValidation, validationKey } from "./validation-cache.js";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface ValidateOptions {
  /** Structural problems (Redocly's `struct` rule) fail the run; off, they are warnings. */
  strict: boolean;
  warn?: ((message: string) => void) | undefined;
  /** Folders `$ref`s may read (default: the document's own folder). */
  refRoots?: readonly string[] | undefined;
  /** The overlay's text, when one was applied: part of what a recorded validation stands for. */
  overlayText?: string | undefined;
}

let configs: Map<boolean, Promise<Config>> | undefined;

/** The Redocly rules that decide whether a document can become a client. */
export function redoclyConfig(strict: boolean): Promise<Config> {
  configs ??= new Map();
  let config = configs.get(strict);
  if (!config) {
    config = createConfig(
      {
        rules: {
          struct: strict ? "error" : "warn",
          "no-unresolved-refs": "error",
          "operation-operationId-unique": "error",
          "no-server-variables-empty-enum": "error",
        },
      },
      { extends: [] } as never,
    );
    configs.set(strict, config);
  }
  return config;
}

/**
 * Checks that Redocly cannot express (every operation has a unique operationId, every `$ref`
 * stays in the spec folder and ends somewhere, `externalValue` files exist), then lints and
 * bundles with Redocly. Problems point into the vendor's document when the node came from it,
 * else into the overlay's result. The lint runs once per input: a document that passed it before
 * (see validation-cache.ts) has its warnings replayed.
 */
export async function validateAndBundle(
  doc: JsonObject,
  file: LoadedFile,
  options: ValidateOptions,
): Promise<JsonObject> {
  checkOperationIds(doc, file);
  const refs = resolveRefs({ ...file, value: doc }, options.refRoots ?? [dirname(file.path)]);
  checkExternalValues(refs);
  const key = validationKey(file, { strict: options.strict, overlay: options.overlayText, files: refs.files.values() });
  const cached = cachedValidation(key);
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.warn?.(message);
  };
  if (cached) for (const w of cached.warnings) options.warn?.(w);
  // Bundling only has work to do when some $refs point at other files.
  if (cached && refs.files.size === 0) return doc;
  const config = await redoclyConfig(options.strict);
  // Positions are computed from the file when a problem is reported, so Redocly gets the
  // original text (no re-serialisation of a large document).
  const document = {
    source: new Source(file.path, file.text, file.path.endsWith(".json") ? "application/json" : "application/yaml"),
    parsed: doc,
  };
  const externalRefResolver = new PreloadedResolver(refs.files);
  return withShortcuts(refs.shortcuts, async () => {
    if (!cached) {
      const problems = await lintDocument({ document, config: config.styleguide, externalRefResolver });
      reportProblems(problems, file, warn);
    }
    let result = doc;
    if (refs.files.size > 0) {
      const bundled = await bundle({ config, dereference: false, doc: document, externalRefResolver });
      reportProblems(bundled.problems, file, cached ? () => undefined : warn);
      result = bundled.bundle.parsed as JsonObject;
    }
    if (!cached) recordValidation(key, { warnings });
    return result;
  });
}

/** Warnings shown in full; the rest are counted, since a large vendor spec can have hundreds. */
const SHOWN_WARNINGS = 5;

function reportProblems(
  problems: readonly NormalizedProblem[],
  file: LoadedFile,
  warn: (message: string) => void,
): void {
  const problemAt = (problem: NormalizedProblem) => {
    const pointer = problem.location?.[0]?.pointer ?? "#/";
    return errorAt(file, pointerSegments(pointer), `${problem.message} (at ${pointer})`);
  };
  const error = problems.find((p) => p.severity === "error");
  if (error) throw problemAt(error);
  for (const p of problems.slice(0, SHOWN_WARNINGS)) warn(`warning: ${problemAt(p).toString()}`);
  if (problems.length > SHOWN_WARNINGS)
    warn(`warning: ${file.display}: ${problems.length - SHOWN_WARNINGS} more structural problems like these`);
}

export function forEachOperation(doc: JsonObject, visit: (path: string, method: string, op: JsonObject) => void): void {
  const paths = (doc.paths ?? {}) as Record<string, JsonObject>;
  for (const [path, item] of Object.entries(paths)) {
    if (!item || typeof item !== "object") continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op && typeof op === "object") visit(path, method, op as JsonObject);
    }
  }
}

function checkOperationIds(doc: JsonObject, file: LoadedFile): void {
  const seen = new Map<string, string>();
  forEachOperation(doc, (path, method, op) => {
    const where = `${method.toUpperCase()} ${path}`;
    const id = op.operationId;
    if (typeof id !== "string" || id === "") {
      throw errorAt(
        file,
        ["paths", path, method],
        `${where} has no operationId: every operation needs one to name its client method (add it in the overlay)`,
      );
    }
    const first = seen.get(id);
    if (first)
      throw errorAt(
        file,
        ["paths", path, method, "operationId"],
        `duplicate operationId "${id}": used by ${first} and ${where}`,
      );
    seen.set(id, where);
  });
}

/** Local `externalValue` files must exist (raw openapi-typescript refuses the document otherwise); URLs are never fetched. */
function checkExternalValues(refs: ResolvedRefs): void {
  for (const { value, place } of refs.externalValues) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(value)) continue;
    const target = resolve(dirname(place.file.path), value);
    if (!existsSync(target)) {
      throw errorAt(
        place.file,
        place.path,
        `externalValue "${value}" points at a file that does not exist (${target}); ship the file or remove the example in the overlay`,
      );
    }
  }
}

export { SpecError };
