import jsonpath from "jsonpath";
import type { SpecError } from "../errors.js";
import { errorAt, type JsonObject, type LoadedFile } from "./load.js";

/** Builds the error for a place inside an operation's extension, given as keys below it. */
export type ErrorAt = (below: readonly (string | number)[], message: string) => SpecError;

export interface SpecFiles {
  readonly document: LoadedFile;
  readonly overlay?: LoadedFile | undefined;
}

/**
 * Errors about an operation's extension (`x-pagination`, `x-eventkit-feed`) point where it was
 * written: into the overlay action that set it last, else into the vendor's document. Which
 * action that was is worked out only when an error is reported.
 */
export function extensionErrors(doc: JsonObject, files: SpecFiles, path: string, method: string, key: string): ErrorAt {
  return (below, message) => {
    const action = files.overlay ? overlayAction(doc, files.overlay, path, method, key) : undefined;
    if (action) return errorAt(files.overlay!, [...action, ...below], message);
    return errorAt(files.document, ["paths", path, method, key, ...below], message);
  };
}

function overlayAction(
  doc: JsonObject,
  overlay: LoadedFile,
  path: string,
  method: string,
  key: string,
): (string | number)[] | undefined {
  const actions = (overlay.value as JsonObject | null)?.actions;
  if (!Array.isArray(actions)) return undefined;
  const wanted = (...at: string[]) => JSON.stringify(["$", "paths", path, ...at]);
  for (let i = actions.length - 1; i >= 0; i--) {
    const action = actions[i] as { target?: unknown; update?: unknown };
    const update = action?.update as JsonObject | undefined;
    if (typeof action?.target !== "string" || !update || typeof update !== "object") continue;
    const shapes: [string, (string | number)[]][] = [];
    if (update[key] !== undefined) shapes.push([wanted(method), ["actions", i, "update", key]]);
    if ((update[method] as JsonObject | undefined)?.[key] !== undefined)
      shapes.push([wanted(), ["actions", i, "update", method, key]]);
    if (shapes.length === 0) continue;
    let matched: string[];
    try {
      matched = jsonpath.paths(doc, action.target).map((p) => JSON.stringify(p));
    } catch {
      continue;
    }
    const found = shapes.find(([target]) => matched.includes(target));
    if (found) return found[1];
  }
  return undefined;
}
