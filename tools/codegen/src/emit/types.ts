import { createConfig } from "@redocly/openapi-core";
import {
  astToString,
  type GlobalContext,
  NULL,
  type OpenAPI3,
  resolveRef,
  scanDiscriminators,
  STRING,
  transformSchema,
  tsUnion,
} from "openapi-typescript";
import { INT64 } from "../stages/int64.js";
import type { JsonObject } from "../stages/load.js";
import { generatedHeader } from "./header.js";
import { createRecursiveAliases } from "./recursive-aliases.js";

let emptyConfig: ReturnType<typeof createConfig> | undefined;

/**
 * `schema.ts`: the document's types, from openapi-typescript's Node API. `openapiTS()` would lint
 * and bundle the document again, which the validate stage already did (on a large spec that is
 * most of the cost), so the validated document goes straight to its `transformSchema`, with the
 * context `openapiTS()` builds for its default options (typed by openapi-typescript's own
 * `GlobalContext`, so a change there is a compile error here).
 */
export async function emitTypes(bundled: JsonObject, source: string): Promise<string> {
  emptyConfig ??= createConfig({ rules: {} }, { extends: [] } as never);
  const schema = bundled as unknown as OpenAPI3;
  const recursive = createRecursiveAliases();
  const ctx: GlobalContext = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(schema, {}),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: recursive.postTransform,
    propertiesRequiredByDefault: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    redoc: await emptyConfig,
    silent: true,
    // An int64 field is a JSON number on the wire that the runtime hands out as its exact digits.
    transform: (schemaObject) =>
      (schemaObject as Record<string, unknown>)[INT64] === true
        ? (schemaObject as { nullable?: boolean }).nullable
          ? tsUnion([STRING, NULL])
          : STRING
        : undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(schema, $ref, { silent: true }),
  };
  const ast = transformSchema(schema, ctx);
  return generatedHeader(source) + "\n" + astToString([...ast, ...recursive.aliases]);
}
