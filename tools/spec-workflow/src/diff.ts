import { createHash } from "node:crypto";
import { join } from "node:path";
import { decideBump } from "./bump.js";
import type { SpecReport } from "./changelog.js";
import { compareDocuments } from "./compare.js";
import type { DocumentSource } from "./source.js";
import { loadText, prepareDocument, type SpecFolder } from "./spec-folder.js";

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Prepares both versions as the generator would (each with its own overlay), compares them and
 * decides the bump. A version the generator rejects throws its SpecError (file:line: message).
 */
export async function diffSpec(folder: SpecFolder, before: DocumentSource, after: DocumentSource): Promise<SpecReport> {
  const [b, a] = [await prepared(folder, before), await prepared(folder, after)];
  const changes = compareDocuments(b, a);
  return {
    vendor: folder.vendor,
    packageName: folder.packageName,
    document: folder.documentName,
    before: { sha256: sha256(before.text), label: before.label },
    after: { sha256: sha256(after.text), label: after.label },
    changes,
    bump: decideBump(
      changes.map((c) => c.class),
      folder.version,
    ),
  };
}

async function prepared(folder: SpecFolder, source: DocumentSource): Promise<Record<string, unknown>> {
  const at = (name: string) => join(folder.root, folder.dir, name);
  const document = loadText(source.text, folder.documentName, source.label, at(folder.documentName));
  const overlay = source.overlay
    ? loadText(source.overlay.text, folder.overlayName, source.overlay.label, at(folder.overlayName))
    : undefined;
  return prepareDocument(folder, document, overlay);
}
