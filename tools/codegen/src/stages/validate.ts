import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { BaseResolver, bundle, createConfig, lintDocument, Source, type Config } from "@redocly/openapi-core";
import { SpecError } from "../errors.js";
import { pointerSegments } from "../locate.js";
import { errorAt, type JsonObject, type LoadedFile } from "./load.js";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface ValidateOptions {
  /** Structural problems (Redocly's `struct` rule) fail the run; off, they are warnings. */
  strict: boolean;
  warn?: (message: string) => void;
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
 * Checks that Redocly cannot express (every operation has a unique operationId, `externalValue`
 * files exist), then lints and bundles with Redocly. Problems point into the vendor's document
 * when the node came from it, else into the overlay's result.
 */
export async function validateAndBundle(doc: JsonObject, file: LoadedFile, options: ValidateOptions): Promise<JsonObject> {
  checkOperationIds(doc, file);
  const { externalRefs } = walkReferences(doc, file);
  const config = await redoclyConfig(options.strict);
  // Positions are computed from the file when a problem is reported, so Redocly gets the
  // original text (no re-serialisation of a large document).
  const document = { source: new Source(file.path, file.text, file.path.endsWith(".json") ? "application/json" : "application/yaml"), parsed: doc };
  const problems = await lintDocument({ document, config: config.styleguide, externalRefResolver: new BaseResolver(config.resolve) });
  reportProblems(problems, file, options);
  // Linting has resolved every $ref; bundling only has work to do when some point at other files.
  if (!externalRefs) return doc;
  const bundled = await bundle({ config, dereference: false, doc: document });
  reportProblems(bundled.problems, file, options);
  return bundled.bundle.parsed as JsonObject;
}

type Problem = { message: string; severity: string; location?: { pointer?: string }[] };

/** Warnings shown in full; the rest are counted, since a large vendor spec can have hundreds. */
const SHOWN_WARNINGS = 5;

function reportProblems(problems: readonly Problem[], file: LoadedFile, options: ValidateOptions): void {
  const problemAt = (problem: Problem) => {
    const pointer = problem.location?.[0]?.pointer ?? "#/";
    return errorAt(file, pointerSegments(pointer), `${problem.message} (at ${pointer})`);
  };
  const error = problems.find((p) => p.severity === "error");
  if (error) throw problemAt(error);
  problems.slice(0, SHOWN_WARNINGS).forEach((p) => options.warn?.(`warning: ${problemAt(p).toString()}`));
  if (problems.length > SHOWN_WARNINGS) options.warn?.(`warning: ${file.display}: ${problems.length - SHOWN_WARNINGS} more structural problems like these`);
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
      throw errorAt(file, ["paths", path, method], `${where} has no operationId: every operation needs one to name its client method (add it in the overlay)`);
    }
    const first = seen.get(id);
    if (first) throw errorAt(file, ["paths", path, method, "operationId"], `duplicate operationId "${id}": used by ${first} and ${where}`);
    seen.set(id, where);
  });
}

/** One walk over the document: `externalValue` files must exist; `$ref`s to other files are counted. */
function walkReferences(doc: JsonObject, file: LoadedFile): { externalRefs: number } {
  const base = dirname(file.path);
  let externalRefs = 0;
  const path: (string | number)[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      path.push(Array.isArray(node) ? Number(key) : key);
      if (key === "externalValue" && typeof value === "string" && !/^[a-z]+:\/\//i.test(value)) {
        const target = resolve(base, value);
        if (!existsSync(target)) {
          throw errorAt(file, path, `externalValue "${value}" points at a file that does not exist (${target}); ship the file or remove the example in the overlay`);
        }
      } else if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) {
        externalRefs++;
      } else if (value && typeof value === "object") {
        walk(value);
      }
      path.pop();
    }
  };
  walk(doc);
  return { externalRefs };
}

export { SpecError };
