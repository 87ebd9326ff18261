import { BaseResolver, type Document, ResolveError, Source } from "@redocly/openapi-core";
import type { LoadedFile } from "../stages/load.js";
import type { ResolvedRefs, Shortcut } from "./resolve.js";

/**
 * Redocly's resolver, limited to the files `resolveRefs` has read within the scope and the
 * loader's limits. Redocly reads nothing itself: no network (its default resolver fetches
 * http `$ref`s and `externalValue`s), no file outside the spec folder, no YAML without limits.
 */
export class PreloadedResolver extends BaseResolver {
  private readonly documents = new Map<LoadedFile, Document>();

  constructor(private readonly files: ResolvedRefs["files"]) {
    super();
  }

  override getFiles(): Set<string> {
    return new Set([...this.files.values()].map((f) => f.path));
  }

  override async resolveDocument(base: string | null, ref: string): Promise<Document> {
    const file = /^[a-z][a-z0-9+.-]*:/i.test(ref) ? undefined : this.files.get(this.resolveExternalRef(base, ref));
    if (!file)
      throw new ResolveError(
        new Error(`${ref} was not read: the generator reads only files inside the spec folder, never the network`),
      );
    let document = this.documents.get(file);
    if (!document) {
      document = {
        source: new Source(file.path, file.text, file.path.endsWith(".json") ? "application/json" : "application/yaml"),
        parsed: file.value,
      };
      this.documents.set(file, document);
    }
    return document;
  }
}

/**
 * Runs `work` (Redocly's lint and bundle) with each `$ref` that leads to another `$ref`
 * pointing straight at the end of its chain, then puts back what the spec wrote, so the
 * generated types keep the spec's names. Redocly follows a chain from every link anew; with
 * the shortcuts each `$ref` is one step. A `$ref` Redocly rewrote (bundling) is left as it is.
 */
export async function withShortcuts<T>(shortcuts: readonly Shortcut[], work: () => Promise<T>): Promise<T> {
  for (const s of shortcuts) s.node.$ref = s.direct;
  try {
    return await work();
  } finally {
    for (const s of shortcuts) if (s.node.$ref === s.direct) s.node.$ref = s.written;
  }
}
