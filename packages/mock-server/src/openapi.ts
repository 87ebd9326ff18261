/**
 * Reading an OpenAPI document the way the scenarios and the contract tests need it: operations,
 * parameters, the success response, schemas with their `$ref`s inlined.
 */
import { deref, parametersOf as rawParametersOf, schemaAt as anySchemaAt } from "@eventkit/runtime/spec";
import type { OpenApiDocument } from "./specs.js";

export { deref };

export type Schema = Record<string, unknown>;

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface Parameter {
  readonly name: string;
  readonly in: "query" | "header" | "path" | "cookie";
  readonly required: boolean;
  readonly schema: Schema;
  readonly example?: unknown;
  readonly examples?: Record<string, { value?: unknown }>;
}

export interface Operation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** The operation object itself, `$ref`s not inlined. */
  readonly raw: Record<string, unknown>;
  readonly parameters: readonly Parameter[];
  /** The request body: its JSON media type, else its form (multipart or URL-encoded); schema inlined. */
  readonly requestBody?: {
    readonly required: boolean;
    readonly mediaType: string;
    readonly schema: Schema;
    readonly example?: unknown;
  };
  /** Declared responses by status code (`"200"`, `"4XX"`, `"default"`), JSON schema inlined. */
  readonly responses: Readonly<Record<string, { readonly schema?: Schema; readonly example?: unknown }>>;
}

/** A copy of `schema` with every internal `$ref` inlined; a reference back into itself becomes `{}`. */
export function inline(doc: OpenApiDocument, schema: unknown, seen: readonly string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inline(doc, s, seen));
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === "string") {
    const ref = schema.$ref;
    if (seen.includes(ref)) return {};
    const { $ref: _ref, ...siblings } = schema;
    const target = inline(doc, deref(doc, { $ref: ref }), [...seen, ref]);
    return Object.keys(siblings).length && isObject(target)
      ? { ...target, ...(inline(doc, siblings, seen) as Schema) }
      : target;
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    // `example(s)` are data, not schemas: copied as they are.
    out[key] =
      key === "example" || key === "examples" || key === "enum" || key === "default" ? value : inline(doc, value, seen);
  }
  return out;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  const paths = (isObject(doc.paths) ? doc.paths : {}) as Record<string, unknown>;
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(doc, rawItem);
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      out.push({
        operationId: typeof op.operationId === "string" ? op.operationId : `${method.toUpperCase()} ${path}`,
        method,
        path,
        raw: op,
        parameters: parametersOf(doc, item, op),
        ...requestBodyOf(doc, op),
        responses: responsesOf(doc, op),
      });
    }
  }
  return out;
}

function parametersOf(doc: OpenApiDocument, item: Schema, op: Schema): Parameter[] {
  return rawParametersOf(doc, item, op).map((p) => ({
    name: p.name as string,
    in: p.in as Parameter["in"],
    required: p.required === true || p.in === "path",
    schema: (inline(doc, p.schema ?? {}) as Schema) ?? {},
    ...(p.example !== undefined ? { example: p.example } : {}),
    ...(isObject(p.examples) ? { examples: p.examples as NonNullable<Parameter["examples"]> } : {}),
  }));
}

function requestBodyOf(doc: OpenApiDocument, op: Schema): Pick<Operation, "requestBody"> {
  const body = deref(doc, op.requestBody);
  if (!isObject(body)) return {};
  const found = jsonMediaEntry(body.content) ?? formMediaEntry(body.content);
  if (!found) return {};
  const [mediaType, media] = found;
  return {
    requestBody: {
      required: body.required === true,
      mediaType,
      schema: (inline(doc, media.schema ?? {}) as Schema) ?? {},
      ...exampleOf(doc, media),
    },
  };
}

function responsesOf(doc: OpenApiDocument, op: Schema): Operation["responses"] {
  const out: Record<string, { schema?: Schema; example?: unknown }> = {};
  for (const [status, raw] of Object.entries(isObject(op.responses) ? op.responses : {})) {
    const response = deref(doc, raw);
    const media = isObject(response) ? jsonMedia(response.content) : undefined;
    out[status] = media
      ? { ...(media.schema ? { schema: inline(doc, media.schema) as Schema } : {}), ...exampleOf(doc, media) }
      : {};
  }
  return out;
}

function exampleOf(doc: OpenApiDocument, media: Schema): { example?: unknown } {
  if (media.example !== undefined) return { example: media.example };
  if (isObject(media.examples)) {
    const first = deref(doc, Object.values(media.examples)[0]);
    if (isObject(first) && first.value !== undefined) return { example: first.value };
  }
  return {};
}

/** The JSON media type of a content map: application/json, else any `+json` or `*\/*`. */
export function jsonMedia(content: unknown): Schema | undefined {
  return jsonMediaEntry(content)?.[1];
}

function jsonMediaEntry(content: unknown): [string, Schema] | undefined {
  if (!isObject(content)) return undefined;
  const key =
    Object.keys(content).find((k) => /^application\/json\b/i.test(k)) ??
    Object.keys(content).find((k) => /\+json\b|^\*\/\*$/i.test(k));
  const media = key ? content[key] : undefined;
  return key && isObject(media) ? [key, media] : undefined;
}

function formMediaEntry(content: unknown): [string, Schema] | undefined {
  if (!isObject(content)) return undefined;
  const key = Object.keys(content).find((k) => /^(multipart\/form-data|application\/x-www-form-urlencoded)$/i.test(k));
  const media = key ? content[key] : undefined;
  return key && isObject(media) ? [key, media] : undefined;
}

/** The first declared 2xx response, as a number and its entry. */
export function successResponse(op: Operation): { status: number; schema?: Schema; example?: unknown } | undefined {
  const key =
    Object.keys(op.responses).find((s) => /^2\d\d$/.test(s)) ?? Object.keys(op.responses).find((s) => /^2XX$/i.test(s));
  if (!key) return undefined;
  return { status: /^\d+$/.test(key) ? Number(key) : 200, ...op.responses[key] };
}

/** The subschema at a dotted path of property names (`meta.page.after`), in a schema whose `$ref`s are inlined. */
export function schemaAt(schema: Schema | undefined, path: string): Schema | undefined {
  return anySchemaAt(undefined, schema, path);
}

/** Whether a schema admits null (3.0 `nullable`, 3.1 type lists, or no type at all). */
export function allowsNull(schema: Schema | undefined): boolean {
  if (!schema) return true;
  if (schema.nullable === true) return true;
  if (Array.isArray(schema.type)) return schema.type.includes("null");
  if (schema.type === "null") return true;
  if (schema.type === undefined && !schema.allOf && !schema.oneOf && !schema.anyOf && !schema.enum) return true;
  return false;
}

export function typeOf(schema: Schema | undefined): string | undefined {
  if (!schema) return undefined;
  if (Array.isArray(schema.type)) return (schema.type as string[]).find((t) => t !== "null");
  return typeof schema.type === "string" ? schema.type : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
