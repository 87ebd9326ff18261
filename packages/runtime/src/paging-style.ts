import type { PaginationSpec } from "./spec.js";

/**
 * How one call to an operation pages, read from its `x-pagination` alone. The runtime's pager and
 * the scenario mocks both decide with this, so a declaration means the same to either side.
 */
export type PagingStyle = "cursor" | "item-cursor" | "next-url" | "link-header" | "page" | "offset" | "single";

/** The style a declaration describes, before any `when` condition is considered. */
export function pagingStyleOf(spec: PaginationSpec | undefined): PagingStyle {
  if (!spec) return "single";
  if (spec.nextUrlPath) return "next-url";
  if (spec.linkHeader) return "link-header";
  if (spec.cursorParam || spec.cursorPath || spec.cursorItemPath) {
    // Half a cursor declaration would otherwise read as "one page": a listing cut short without an error.
    if (!spec.cursorParam || !(spec.cursorPath || spec.cursorItemPath)) {
      throw new TypeError("a cursor pagination spec needs cursorParam with cursorPath or cursorItemPath");
    }
    return spec.cursorItemPath ? "item-cursor" : "cursor";
  }
  if (spec.pageParam) return "page";
  if (spec.pageOffsetParam) return "offset";
  return "single";
}

/** The style of one call: `single` when the declaration has `when` conditions the call does not meet. */
export function pagingStyle(spec: PaginationSpec | undefined, read: (name: string) => unknown): PagingStyle {
  return matchesWhen(spec?.when, read) ? pagingStyleOf(spec) : "single";
}

/**
 * `when` lists alternative conditions, each a map from parameter name to the value it must have;
 * values compare as they would be sent, so `50` matches `"50"`. Without `when`, every call pages.
 */
export function matchesWhen(when: PaginationSpec["when"], read: (name: string) => unknown): boolean {
  if (when === undefined) return true;
  return when.some((condition) =>
    Object.entries(condition).every(([name, expected]) => sameValue(read(name), expected)),
  );
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof expected === "object" && expected !== null) return JSON.stringify(actual) === JSON.stringify(expected);
  if (actual === undefined || actual === null || expected === undefined) return actual === expected;
  return String(actual) === String(expected);
}

/** The alternatives of `resultsPath`, in order; absent, the body itself. */
export function resultsPaths(spec: Pick<PaginationSpec, "resultsPath"> | undefined): readonly string[] {
  const declared = spec?.resultsPath;
  if (declared === undefined) return ["$"];
  return typeof declared === "string" ? [declared] : declared;
}
