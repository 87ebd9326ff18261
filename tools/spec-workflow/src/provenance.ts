type Json = Record<string, unknown>;

export interface ProvenanceInput {
  vendor: string;
  document: string;
  /** Where the new document came from: a URL, or a path or ref if that is all there is. */
  source: string;
  sha256: string;
  /** YYYY-MM-DD. */
  retrieved: string;
  notes?: string[] | undefined;
}

/**
 * provenance.json for a document as the vendor published it. Fields that described the previous
 * document (`written`, `extractedFrom`, the notes of a hand-written one) go: they are in git.
 */
export function nextProvenance(previous: Json | undefined, input: ProvenanceInput): Json {
  const wasPublished = previous?.origin === "published";
  const keptNotes = wasPublished && Array.isArray(previous?.notes) ? (previous.notes as string[]) : [];
  const notes = [
    ...(wasPublished || !previous
      ? keptNotes
      : ["Replaces a hand-written document: its notes are in git history. Our fixes live in overlay.yaml."]),
    ...(input.notes ?? []),
  ];
  return {
    vendor: input.vendor,
    document: input.document,
    origin: "published",
    source: input.source,
    retrieved: input.retrieved,
    sha256: input.sha256,
    ...(notes.length ? { notes } : {}),
  };
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
