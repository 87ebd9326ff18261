/**
 * The `rel="next"` target of an RFC 8288 `Link` header (`<https://…?page=2>; rel="next", <…>; rel="last"`),
 * as GitHub, GitLab and many REST APIs page. `rel` may list several relation types; the URL is
 * returned as written (resolved against the request by the caller).
 */
export function nextLink(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]*)*)/g)) {
    for (const param of match[2]!.split(";")) {
      const [name, ...rest] = param.split("=");
      if (name?.trim().toLowerCase() !== "rel") continue;
      const value = rest
        .join("=")
        .trim()
        .replace(/^"(.*)"$/, "$1");
      if (value.toLowerCase().split(/\s+/).includes("next")) return match[1]!;
    }
  }
  return undefined;
}
