import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";

export interface Position {
  line: number;
  column: number;
}

/** Splits a JSON pointer (`#/paths/~1events/get`) into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  const body = pointer.replace(/^#?\/?/, "");
  if (body === "") return [];
  return body.split("/").map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * Finds where a path of keys stands in a YAML or JSON text. Parsing with positions is slow on
 * large documents, so it is done only once something has gone wrong and must be reported.
 * Returns the deepest position reached, so a path that stops existing part-way still points near.
 */
let cached: { text: string; doc: ReturnType<typeof parseDocument>; lineCounter: LineCounter } | undefined;

export function locate(text: string, path: readonly (string | number)[]): Position | undefined {
  if (cached?.text !== text) {
    const lineCounter = new LineCounter();
    cached = {
      text,
      lineCounter,
      doc: parseDocument(text, { lineCounter, keepSourceTokens: false, uniqueKeys: false }),
    };
  }
  const { doc, lineCounter } = cached;
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  if (offset === undefined) return undefined;
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
