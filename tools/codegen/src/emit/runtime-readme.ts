import { readFileSync } from "node:fs";

/**
 * Sections of the runtime's README, the one place where the options every client takes and the
 * error classes are documented; vendor READMEs quote them rather than keep copies of their own.
 * Read from the source tree, as runtime-spec.ts reads the runtime's code (turbo's generate inputs
 * include this file).
 */
const RUNTIME_README = new URL("../../../../packages/runtime/README.md", import.meta.url);

let cached: string | undefined;

/** The body of the runtime README's `## <heading>` section, up to the next `## `. */
export function runtimeReadmeSection(heading: string): string {
  cached ??= readFileSync(RUNTIME_README, "utf8");
  const lines = cached.split("\n");
  const start = lines.indexOf(`## ${heading}`);
  if (start === -1)
    throw new Error(`packages/runtime/README.md has no "## ${heading}" section, which vendor READMEs quote`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  return lines
    .slice(start + 1, end === -1 ? undefined : end)
    .join("\n")
    .trim();
}
