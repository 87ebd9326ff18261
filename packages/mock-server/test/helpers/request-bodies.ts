/**
 * Request bodies Prism accepts, for documents whose minimal body it refuses: the media type's
 * example, else a value built from the schema (requests.ts) one way after another (each oneOf
 * branch, without the schema's own examples, with optional properties filled), checked with
 * Prism's own validator against the operation as Prism read it; the first it accepts is sent.
 * A multipart/form-data body is sent as FormData, its binary fields as files.
 */
import type { Operation, Schema } from "../../src/openapi.js";
import { isObject } from "../../src/openapi.js";
import { loadPrism, prismOperations } from "../../src/prism.js";
import type { LoadedSpec } from "../../src/specs.js";
import { requiredInit, schemaValue, type BuildChoice, type Init } from "./requests.js";

/** Prism's ValidationContext.Input. */
const INPUT = 0;
/** The most oneOf/anyOf branches tried, and how deep optional properties are filled. */
const MAX_BRANCHES = 8;
const OPTIONAL_DEPTHS = [0, 2, 8];

export type BodyCheck = (operation: Operation, body: unknown) => string[];

/** What Prism says is wrong with `body` as the request body of `operation` (none: it accepts it). */
export async function prismBodyCheck(spec: LoadedSpec): Promise<BodyCheck> {
  const [{ validatorUtils }, operations] = await Promise.all([loadPrism(), prismOperations(spec)]);
  const byId = new Map(operations.map((op) => [op.iid, op]));
  return (operation, body) => {
    const prismOp = byId.get(operation.operationId);
    const media = operation.requestBody?.mediaType;
    const content = prismOp?.request?.body?.contents?.find((c) => c.mediaType === media);
    if (!prismOp || !content?.schema) return [`Prism has no ${media} request body for ${operation.operationId}`];
    const bundle = (prismOp as unknown as { __bundled__?: unknown }).__bundled__;
    const result = validatorUtils.validateAgainstSchema(body, content.schema as never, false, INPUT, "body", bundle);
    return result._tag === "None" ? [] : result.value.map((d) => d.message);
  };
}

/** Every body worth trying, most faithful first, without repeats. */
function* candidates(operation: Operation): Generator<unknown> {
  const body = operation.requestBody!;
  const seen = new Set<string>();
  const fresh = (value: unknown): boolean => {
    const key = JSON.stringify(value);
    return !seen.has(key) && seen.add(key).size > 0;
  };
  if (body.example !== undefined && fresh(body.example)) yield body.example;
  for (const optionalDepth of OPTIONAL_DEPTHS)
    for (const examples of [true, false])
      for (let branch = 0; branch < MAX_BRANCHES; branch++) {
        const choice: BuildChoice = { examples, branch, optionalDepth };
        const value = schemaValue(body.schema, choice);
        if (fresh(value)) yield value;
      }
}

/**
 * The required parameters, and a body Prism accepts (else the first tried, for the test to show
 * what Prism says): JSON as a value, multipart/form-data as FormData. No body on a GET.
 */
export function acceptedInit(operation: Operation, check: BodyCheck): Omit<Init, "body"> & { body?: unknown } {
  const init = requiredInit(operation);
  if (init.body === undefined || !operation.requestBody) return init;
  let chosen: unknown;
  for (const value of candidates(operation)) {
    chosen ??= value;
    if (check(operation, value).length === 0) {
      chosen = value;
      break;
    }
  }
  const body = structuredClone(chosen);
  return {
    ...init,
    body:
      operation.requestBody.mediaType === "multipart/form-data" ? formData(body, operation.requestBody.schema) : body,
  };
}

/** A multipart body: each field a part, binary ones as files (their `x-mimetype` where the spec gives one). */
function formData(value: unknown, schema: Schema): FormData {
  const form = new FormData();
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [name, field] of Object.entries(isObject(value) ? value : {})) {
    const fieldSchema = isObject(properties[name]) ? properties[name] : {};
    for (const item of Array.isArray(field) ? field : [field]) {
      if (fieldSchema.format === "binary") {
        const type =
          typeof fieldSchema["x-mimetype"] === "string" ? fieldSchema["x-mimetype"] : "application/octet-stream";
        form.append(name, new Blob([String(item)], { type }), name);
      } else {
        form.append(name, typeof item === "object" ? JSON.stringify(item) : String(item));
      }
    }
  }
  return form;
}
