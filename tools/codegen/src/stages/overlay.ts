/// <reference path="../openapi-overlays-js.d.ts" />
import jsonpath from "jsonpath";
// openapi-overlays-js implements the Overlay 1.0 update/remove semantics (deep merge, arrays
// appended); its package entry is a CLI, so the library module is imported directly.
import { applyOverlay } from "openapi-overlays-js/src/overlay.js";

import { errorAt, type JsonObject, type LoadedFile } from "./load.js";

interface OverlayAction {
  target?: unknown;
  description?: string;
  update?: unknown;
  remove?: unknown;
}

/**
 * Applies an OpenAPI Overlay 1.0 document. Every action must match something: an action whose
 * target matches nothing is a fix that silently stopped applying (the vendor moved or renamed
 * the thing it fixed), so it fails with the action's place in the overlay file.
 */
export function applyOverlayFile(document: JsonObject, overlay: LoadedFile, documentName: string): JsonObject {
  const o = overlay.value as JsonObject | null;
  if (!o || typeof o !== "object" || Array.isArray(o))
    throw errorAt(overlay, [], "expected an OpenAPI Overlay document (a mapping)");
  if (typeof o.overlay !== "string" || !o.overlay.startsWith("1.")) {
    throw errorAt(overlay, ["overlay"], "expected `overlay: 1.0.0` (an OpenAPI Overlay 1.x document)");
  }
  if (!Array.isArray(o.actions)) throw errorAt(overlay, ["actions"], "expected `actions` to be a list");
  let result = document;
  o.actions.forEach((raw, index) => {
    const action = raw as OverlayAction;
    const label = `overlay action ${index + 1}${action.description ? ` (${firstLine(action.description)})` : ""}`;
    if (typeof action.target !== "string") throw errorAt(overlay, ["actions", index], `${label} has no \`target\``);
    if (action.update === undefined && action.remove !== true) {
      throw errorAt(overlay, ["actions", index], `${label} needs \`update\` or \`remove: true\``);
    }
    let matches: number;
    try {
      matches = jsonpath.paths(result, action.target).length;
    } catch (error) {
      throw errorAt(
        overlay,
        ["actions", index, "target"],
        `${label}: invalid JSONPath ${action.target}: ${(error as Error).message}`,
      );
    }
    if (matches === 0) {
      throw errorAt(
        overlay,
        ["actions", index, "target"],
        `${label}: target ${action.target} matches nothing in ${documentName}`,
      );
    }
    result = applyOverlay(result, { actions: [action] }) as JsonObject;
  });
  return result;
}

function firstLine(text: string): string {
  const line = text.trim().split("\n")[0]!;
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
