/**
 * Request data for an operation, from the spec: each required parameter gets the spec's example,
 * else its default, else its first enum value, else a value generated from its schema.
 */
import { deletePath, setPath } from "@eventkit/runtime/spec";
import { deref, isObject, typeOf, type Operation, type Parameter, type Schema } from "../../src/openapi.js";

export interface Init {
  params: { query: Record<string, unknown>; header: Record<string, unknown>; path: Record<string, unknown> };
  /** A JSON object, or a list where the operation takes one (Datadog's SubmitLog). */
  body?: Record<string, unknown> | unknown[] | undefined;
}

export function specValue(parameter: Parameter): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const first = parameter.examples ? Object.values(parameter.examples)[0]?.value : undefined;
  if (first !== undefined) return first;
  return schemaValue(parameter.schema);
}

/** How a value is built from a schema (request-bodies.ts tries several when Prism refuses the first). */
export interface BuildChoice {
  /** Take the schema's example where it gives one (Datadog's are sometimes wrong: a nanosecond int64 past 2^53, a missing required field). */
  readonly examples: boolean;
  /** Which branch of each oneOf/anyOf (the last where there are fewer). */
  readonly branch: number;
  /** Fill optional properties too, down to this depth: an optional `type` enum is often what tells two oneOf branches apart. */
  readonly optionalDepth: number;
}

export const FIRST_CHOICE: BuildChoice = { examples: true, branch: 0, optionalDepth: 0 };

/** A value valid for `schema`: example, default, first enum value, or built from the type. */
export function schemaValue(schema: Schema, choice: BuildChoice = FIRST_CHOICE, depth = 0): unknown {
  if (choice.examples && schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (Array.isArray(schema.allOf) && schema.allOf.some(isObject))
    return Object.assign({}, ...schema.allOf.filter(isObject).map((b) => schemaValue(b, choice, depth)));
  for (const key of ["oneOf", "anyOf"]) {
    const branches = Array.isArray(schema[key]) ? (schema[key] as unknown[]).filter(isObject) : [];
    if (branches.length) return schemaValue(branches[Math.min(choice.branch, branches.length - 1)]!, choice, depth);
  }
  switch (typeOf(schema)) {
    case "integer":
    case "number":
      return typeof schema.minimum === "number"
        ? schema.minimum
        : typeof schema.maximum === "number"
          ? Math.min(1, schema.maximum)
          : 1;
    case "boolean":
      return true;
    case "array":
      return isObject(schema.items) && typeof schema.minItems === "number" && schema.minItems > 0
        ? [schemaValue(schema.items, choice, depth + 1)]
        : [];
    case "object":
      return objectValue(schema, choice, depth);
    default:
      return stringFor(schema);
  }
}

function stringFor(schema: Schema): string {
  switch (schema.format) {
    case "uuid":
      return "00000000-0000-4000-8000-000000000000";
    case "date-time":
      return "2025-01-01T00:00:00Z";
    case "date":
      return "2025-01-01";
    case "email":
      return "test@example.com";
    case "uri":
    case "url":
      return "https://example.com/";
    default:
      return "x".repeat(typeof schema.minLength === "number" ? Math.max(1, schema.minLength) : 4);
  }
}

function objectValue(schema: Schema, choice: BuildChoice, depth: number): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const filled = Object.keys(properties).filter(
    (k) => isObject(properties[k]) && (required.has(k) || depth < choice.optionalDepth),
  );
  return Object.fromEntries(filled.map((k) => [k, schemaValue(properties[k] as Schema, choice, depth + 1)]));
}

/** Methods whose requests carry no body, whatever the document declares (HTTP gives it no meaning). */
const BODYLESS = new Set(["get", "head"]);

/** Required parameters and the request body (its example, else its required fields); none on a GET. */
export function requiredInit(operation: Operation): Init {
  const init: Init = { params: { query: {}, header: {}, path: {} } };
  for (const p of operation.parameters) {
    if (!p.required || p.in === "cookie") continue;
    init.params[p.in][p.name] = specValue(p);
  }
  if (operation.requestBody && !BODYLESS.has(operation.method)) {
    const body = operation.requestBody.example ?? schemaValue(operation.requestBody.schema);
    init.body = isObject(body) || Array.isArray(body) ? structuredClone(body) : {};
  }
  return init;
}

/** Sets a parameter by its spec name: `body.a.b` is a field of the JSON body, anything else a query parameter. */
export function setParam(init: Init, name: string, value: unknown): void {
  if (name.startsWith("body.")) {
    init.body = setPath((init.body ?? {}) as Record<string, unknown>, name.slice(5), value) as typeof init.body;
  } else {
    init.params.query[name] = value;
  }
}

export function unsetParam(init: Init, name: string): void {
  if (name.startsWith("body.")) {
    init.body = deletePath(init.body, name.slice(5)) as typeof init.body;
  } else {
    delete init.params.query[name];
  }
}

/** The fields a schema requires that `value` lacks, as dotted paths (arrays checked item by item). */
export function missingRequired(schema: Schema | undefined, value: unknown, at = ""): string[] {
  if (!schema || value === null || value === undefined) return [];
  const missing: string[] = [];
  for (const branch of Array.isArray(schema.allOf) ? (schema.allOf as Schema[]) : [])
    missing.push(...missingRequired(branch, value, at));
  if (Array.isArray(value)) {
    if (isObject(schema.items)) {
      const items = schema.items as Schema;
      value.forEach((item, i) => {
        missing.push(...missingRequired(items, item, `${at}${at ? "." : ""}${i}`));
      });
    }
    return missing;
  }
  if (!isObject(value)) return missing;
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const key of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
    if (!(key in value)) missing.push(`${at}${at ? "." : ""}${key}`);
  }
  for (const [key, sub] of Object.entries(properties)) {
    if (key in value && isObject(sub)) missing.push(...missingRequired(sub, value[key], `${at}${at ? "." : ""}${key}`));
  }
  return missing;
}

/**
 * How the client must read the operation's success body, from its declared content types: JSON
 * is parsed, any other text is read as text and anything else as bytes, so that a CSV or YAML
 * answer is never parsed as JSON.
 */
export function responseKind(doc: Record<string, unknown>, operation: Operation): "json" | "text" | "blob" {
  const responses = isObject(operation.raw.responses) ? operation.raw.responses : {};
  const key = Object.keys(responses).find((s) => /^2(\d\d|XX)$/i.test(s));
  const response = key ? deref(doc, responses[key]) : undefined;
  const types = isObject(response) && isObject(response.content) ? Object.keys(response.content) : [];
  if (types.length === 0 || types.some((t) => /json/i.test(t))) return "json";
  return types.some((t) => /^text\/|xml|yaml|csv/i.test(t)) ? "text" : "blob";
}
