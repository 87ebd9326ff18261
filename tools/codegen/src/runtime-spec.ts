/**
 * The runtime's helpers for reading specs (what `@eventkit/runtime/spec` exports), taken from its
 * TypeScript source. The generator runs from source through tsx before anything is built
 * (`pnpm generate --check` on a clean clone), so it cannot rely on the runtime's `dist/`; the code
 * is still the runtime's one copy, and turbo's generate inputs include it.
 */
export {
  deref,
  getPath,
  isWholeValue,
  pagingStyleOf,
  parametersOf,
  resultsPaths,
  schemaAt,
} from "../../../packages/runtime/src/spec.js";
export type { PagingStyle } from "../../../packages/runtime/src/spec.js";
