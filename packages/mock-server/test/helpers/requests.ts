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

/** A value valid for `schema`: example, default, first enum value, or built from the type. */
export function schemaValue(schema: Schema): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    const branches = schema[key];
    if (Array.isArray(branches) && isObject(branches[0]))
      return key === "allOf"
        ? Object.assign({}, ...branches.map((b) => schemaValue(b as Schema)))
        : schemaValue(branches[0] as Schema);
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
        ? [schemaValue(schema.items)]
        : [];
    case "object":
      return requiredOnly(schema);
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

function requiredOnly(schema: Schema): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return Object.fromEntries(
    required.filter((k) => isObject(properties[k])).map((k) => [k, schemaValue(properties[k] as Schema)]),
  );
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
