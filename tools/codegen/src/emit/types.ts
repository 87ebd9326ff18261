import openapiTS, { astToString } from "openapi-typescript";
import { createConfig } from "@redocly/openapi-core";
import type { JsonObject } from "../stages/load.js";
import { generatedHeader } from "./header.js";
import { createRecursiveAliases } from "./recursive-aliases.js";

// The document reaching this stage was already linted and bundled by the validate stage, so
// openapi-typescript is given an empty rule set instead of linting the whole document again.
let noRules: ReturnType<typeof createConfig> | undefined;

/** `schema.ts`: the document's types, from openapi-typescript's Node API. */
export async function emitTypes(bundled: JsonObject, source: string): Promise<string> {
  noRules ??= createConfig({ rules: {} }, { extends: [] } as never);
  const recursive = createRecursiveAliases();
  const ast = await openapiTS(bundled as never, { silent: true, redocly: await noRules, postTransform: recursive.postTransform });
  return generatedHeader(source) + "\n" + astToString([...ast, ...recursive.aliases]);
}
