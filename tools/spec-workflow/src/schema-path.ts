/**
 * Turns a path inside a JSON Schema (`items/properties/status/enum/2`) into the field it is
 * about, in the notation a client user reads (`[].status`), and the keyword path after it.
 */
export interface SchemaLocation {
  /** `results[].status`; empty for the schema's root. */
  field: string;
  /** What follows the field: `["enum", 2]`, `["type"]`, or `[]` for the field itself. */
  tail: (string | number)[];
  /** The path ends on `properties/<name>`: the change is the field's presence. */
  isProperty: boolean;
}

const COMBINERS = new Set(["allOf", "oneOf", "anyOf"]);

export function readSchemaPath(segments: readonly (string | number)[]): SchemaLocation {
  let field = "";
  let isProperty = false;
  const dot = (name: string) => (field ? `${field}.${name}` : name);
  let i = 0;
  while (i < segments.length) {
    const s = segments[i];
    const next = segments[i + 1];
    if (s === "properties" && next !== undefined) {
      field = dot(String(next));
      isProperty = true;
      i += 2;
    } else if (s === "patternProperties" && next !== undefined) {
      field = dot(`/${String(next)}/`);
      isProperty = true;
      i += 2;
    } else if (s === "items") {
      field += "[]";
      isProperty = false;
      i += 1;
    } else if (s === "additionalProperties") {
      field = dot("*");
      isProperty = false;
      i += 1;
    } else if (typeof s === "string" && COMBINERS.has(s) && next !== undefined) {
      field = `${field}<${s}[${String(next)}]>`;
      isProperty = false;
      i += 2;
    } else {
      break;
    }
  }
  const tail = segments.slice(i);
  return { field, tail, isProperty: isProperty && tail.length === 0 };
}

/** Keywords that only document a schema: they change no type and no validation. */
export const DOCUMENTATION_KEYWORDS = new Set([
  "description",
  "title",
  "example",
  "examples",
  "externalDocs",
  "$comment",
  "deprecated",
  "summary",
  "xml",
]);

export function isDocumentationKey(key: string | number | undefined): boolean {
  return typeof key === "string" && (DOCUMENTATION_KEYWORDS.has(key) || key.startsWith("x-"));
}
