import type { PaginationSpec } from "@eventkit/runtime/spec";
import { pagingStyleOf } from "../runtime-spec.js";

const code = (s: string | number): string => `\`${s}\``;

/** One sentence per paged operation: how its `x-pagination` pages, in the reader's terms. */
export function pagingSentence(spec: PaginationSpec): string {
  const parts: string[] = [];
  switch (pagingStyleOf(spec)) {
    case "cursor":
      parts.push(
        `cursor: the next page's cursor is read from ${code(spec.cursorPath!)} and sent back as ${code(spec.cursorParam!)}`,
      );
      break;
    case "item-cursor":
      parts.push(`cursor: the last item's ${code(spec.cursorItemPath!)} is sent as ${code(spec.cursorParam!)}`);
      break;
    case "next-url":
      parts.push(`next URL: the response's ${code(spec.nextUrlPath!)} is the next page's full URL`);
      break;
    case "link-header":
      parts.push('`Link` header: the next page is the response\'s `rel="next"` link');
      break;
    case "page":
      parts.push(`numbered pages: ${code(spec.pageParam!)} counts from ${spec.pageStart ?? 0}`);
      break;
    case "offset":
      parts.push(`offset: ${code(spec.pageOffsetParam!)} is the number of items already read`);
      break;
    case "single":
      parts.push("one page");
  }
  if (spec.limitParam) parts.push(`\`pageSize\` is sent as ${code(spec.limitParam)}`);
  if (spec.pageSize !== undefined) parts.push(`the server's pages hold ${spec.pageSize} items`);
  if (spec.hasMorePath) parts.push(`${code(spec.hasMorePath)} false ends the listing`);
  if (spec.totalPath) parts.push(`${code(spec.totalPath)} is the total over all pages`);
  if (spec.when) {
    const conditions = spec.when.map((c) =>
      Object.entries(c)
        .map(([k, v]) => `${code(k)} is ${code(JSON.stringify(v))}`)
        .join(" and "),
    );
    parts.push(`pages only when ${conditions.join(" or ")} (else one page)`);
  }
  return `${parts.join("; ")}.`;
}
