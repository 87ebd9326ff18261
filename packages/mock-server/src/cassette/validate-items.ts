/**
 * Checks objects against a listing operation's item schema with Prism's own validator (the same
 * Ajv set-up, OpenAPI-to-JSON-Schema conversion and messages as its proxy), for recordings that are
 * not whole exchanges of the operation.
 */
import { MockServerError } from "../errors.js";
import { loadPrism, prismOperations } from "../prism.js";
import type { LoadedSpec } from "../specs.js";
import type { Violation } from "../violations.js";

type JsonSchema = Record<string, unknown>;
type PrismValidator = {
  validateAgainstSchema(
    value: unknown,
    schema: JsonSchema,
    coerce: boolean,
    context: number,
    prefix?: string,
    bundle?: unknown,
  ):
    | { _tag: "None" }
    | { _tag: "Some"; value: { path?: string[]; code?: string | number; message: string; severity: number }[] };
};

/** Prism's ValidationContext.Output: a response, so `readOnly` fields are expected. */
const OUTPUT = 1;
const SEVERITY = ["Error", "Warning", "Information", "Hint"];

let validator: Promise<PrismValidator> | undefined;

/** Violations of each item (locations start at the item's index), against the items of `resultsPath` in the operation's success response. */
export async function validateItems(
  spec: LoadedSpec,
  operationId: string,
  resultsPath: string,
  items: readonly unknown[],
): Promise<Violation[]> {
  // Prism pins its own internals; this module is the one place that reaches into them.
  validator ??= loadPrism().then((prism) => prism.validatorUtils as unknown as PrismValidator);
  const { validateAgainstSchema } = await validator;
  const operation = (await prismOperations(spec)).find(
    (op) => op.iid === operationId || (op as { operationId?: string }).operationId === operationId,
  );
  if (!operation) throw new MockServerError("INVALID_OPTIONS", `${spec.source}: no operation ${operationId}`);
  const response = operation.responses.find((r) => /^2\d\d$/.test(r.code));
  const schema = response?.contents?.find((c) => /json/i.test(c.mediaType))?.schema as JsonSchema | undefined;
  const itemSchema = resultsPath
    .split(".")
    .filter(Boolean)
    .reduce<JsonSchema | undefined>(
      (s, key) => (s?.properties as Record<string, JsonSchema> | undefined)?.[key],
      schema,
    )?.items as JsonSchema | undefined;
  if (!itemSchema)
    throw new MockServerError(
      "INVALID_OPTIONS",
      `${spec.source} ${operationId}: no item schema at ${resultsPath || "the body"}`,
    );
  const bundle = (operation as unknown as { __bundled__?: unknown }).__bundled__;
  return items.flatMap((item, index) => {
    const result = validateAgainstSchema(item, itemSchema, false, OUTPUT, "", bundle);
    if (result._tag === "None") return [];
    return result.value.map((d) => ({
      location: [String(index), ...(d.path ?? []).filter((p) => p !== "")],
      severity: SEVERITY[d.severity] ?? "Error",
      ...(d.code !== undefined ? { code: d.code } : {}),
      message: d.message,
    }));
  });
}
