import { createRequire } from "node:module";
import { seededRandom } from "@eventkit/runtime/spec";
import { isObject, schemaAt, type Schema } from "../openapi.js";

export { seededRandom };

/** A seed for one named stream of a scenario (`seed` and `opal/events/items` → a number). */
export function deriveSeed(seed: number, tag: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < tag.length; i++) h = Math.imul(h ^ tag.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

let faker: typeof import("json-schema-faker") | undefined;

/** Loaded on first use: only scenarios generate data here, and a plain mock's start should not pay for it. */
function jsonSchemaFaker(): typeof import("json-schema-faker") {
  faker ??= createRequire(import.meta.url)("json-schema-faker") as typeof import("json-schema-faker");
  return faker;
}

/**
 * A value valid for `schema` ($refs already inlined), the same for the same `random` state. Optional
 * properties are always filled so that Prism validates every field the spec describes; strings the
 * spec gives an example for take it.
 */
export function fake(schema: Schema, random: () => number): unknown {
  const { JSONSchemaFaker } = jsonSchemaFaker();
  JSONSchemaFaker.option({
    alwaysFakeOptionals: true,
    fixedProbabilities: true,
    optionalsProbability: 1,
    failOnInvalidTypes: false,
    failOnInvalidFormat: false,
    ignoreMissingRefs: true,
    fillProperties: false,
    useExamplesValue: true,
    useDefaultValue: false,
    minItems: 1,
    maxItems: 3,
    random,
  });
  // A JSON round trip: what the scenario stores is exactly what a client can receive.
  return JSON.parse(JSON.stringify(JSONSchemaFaker.generate(forFaker(schema) as never)));
}

/** Observed values by dotted path (arrays are values, not descended into), from sample objects. */
export type ValueBank = ReadonlyMap<string, readonly unknown[]>;

export function valueBank(samples: readonly unknown[], keep: (path: string) => boolean = () => true): ValueBank {
  const bank = new Map<string, unknown[]>();
  const walk = (value: unknown, path: string): void => {
    if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
    } else if (path && keep(path)) {
      const values = bank.get(path) ?? [];
      if (!values.some((v) => JSON.stringify(v) === JSON.stringify(value))) values.push(value);
      bank.set(path, values);
    }
  };
  for (const sample of samples) walk(sample, "");
  return bank;
}

/**
 * Whether a field's real values can stand for any event: not the event's own id or time, and not a
 * field that is unique or moves with time by its nature (dates, int64 ids and timestamps), which a
 * recorded value would contradict.
 */
export function reusableField(itemSchema: Schema, path: string, own: readonly (string | undefined)[]): boolean {
  if (own.includes(path)) return false;
  const format = schemaAt(itemSchema, path)?.format;
  return format !== "date-time" && format !== "date" && format !== "int64";
}

/** Dotted paths of the `date-time` fields of an object schema (not inside arrays), at most 4 deep. */
export function dateTimePaths(schema: Schema, prefix = "", depth = 0): string[] {
  if (depth > 4 || !isObject(schema.properties)) return [];
  return Object.entries(schema.properties).flatMap(([key, child]) => {
    if (!isObject(child)) return [];
    const path = prefix ? `${prefix}.${key}` : key;
    return child.format === "date-time" ? [path] : dateTimePaths(child, path, depth + 1);
  });
}

/**
 * A faked item with every field the bank knows replaced by one of its real values (picked with
 * `random`, so a seed still gives the same events): the structure stays the schema's, the
 * contents look like the vendor's. Fields the bank does not know keep their faked value.
 */
export function realistic(item: unknown, bank: ValueBank, random: () => number): unknown {
  const visit = (value: unknown, path: string): unknown => {
    const known = path ? bank.get(path) : undefined;
    if (known?.length) return structuredClone(known[Math.floor(random() * known.length)]);
    if (!isObject(value)) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, visit(child, path ? `${path}.${key}` : key)]),
    );
  };
  return visit(item, "");
}

/**
 * OpenAPI numeric formats carry ranges the faker does not know; the validator does. `int64` stays
 * within what a JSON number holds exactly.
 */
function forFaker(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forFaker);
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = key === "example" || key === "examples" || key === "enum" || key === "default" ? value : forFaker(value);
  }
  // A free-form string with an example (a status such as EVENT_SUCCESS, a JSON document held in a
  // string) takes the example: lorem text would be valid but would not look like the vendor's data.
  if (
    schema.type === "string" &&
    schema.example !== undefined &&
    schema.enum === undefined &&
    schema.format === undefined
  )
    out.examples = [schema.example];
  // json-schema-faker 0.5.8 answers an example without the `id` fields of its objects (it strips
  // `id` as if the example were a schema), which breaks a required id (Datadog's relationship
  // references): such a value is built from its schema instead.
  if (typeof schema.example === "object" && holdsIdField(schema.example)) delete out.example;
  // json-schema-faker takes a date-time's example as it is and crashes on one without a time
  // ("2024-01-01", "" in Datadog's document): such an example is left out, a date-time generated.
  if ((schema.format === "date-time" || schema.format === "datetime") && !isDateTime(schema.example)) {
    delete out.example;
    delete out.examples;
  }
  const range =
    schema.format === "int32" ? 2 ** 31 - 1 : schema.format === "int64" ? Number.MAX_SAFE_INTEGER : undefined;
  if (range !== undefined) {
    out.minimum ??= schema.exclusiveMinimum === undefined ? -range - (schema.format === "int32" ? 1 : 0) : undefined;
    out.maximum ??= schema.exclusiveMaximum === undefined ? range : undefined;
    if (out.minimum === undefined) delete out.minimum;
    if (out.maximum === undefined) delete out.maximum;
  }
  return out;
}

function holdsIdField(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsIdField);
  return isObject(value) && (Object.hasOwn(value, "id") || Object.values(value).some(holdsIdField));
}

function isDateTime(value: unknown): boolean {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value);
}

/**
 * A unique id for event number `n` that the id's schema accepts: the number itself for numeric ids,
 * else a UUID-shaped string (valid for `format: uuid` and plain strings alike).
 */
export function eventId(schema: Schema | undefined, stream: number, n: number): string | number {
  const type = Array.isArray(schema?.type) ? (schema.type as string[]).find((t) => t !== "null") : schema?.type;
  if (type === "integer" || type === "number") return n;
  const uuid = `${hex(stream, 8)}-${hex(Math.floor(n / 2 ** 32) & 0xffff, 4)}-4${hex(stream >>> 20, 3)}-8${hex(stream >>> 8, 3)}-${hex(n, 12)}`;
  const maxLength = typeof schema?.maxLength === "number" ? schema.maxLength : Infinity;
  return uuid.length <= maxLength ? uuid : `e${n}`.slice(0, Math.max(1, maxLength));
}

function hex(value: number, width: number): string {
  return (value % 16 ** width).toString(16).padStart(width, "0");
}
