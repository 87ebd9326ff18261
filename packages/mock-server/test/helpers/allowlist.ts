import { readFileSync } from "node:fs";
import type { Violation } from "../../src/violations.js";

/** One known vendor defect: a violation that the data it names may show, and why it is tolerated. */
export interface AllowedViolation {
  readonly vendor: string;
  readonly operationId: string;
  /** `example`: the spec's own examples; `dynamic`: data Prism generates. */
  readonly data: "example" | "dynamic";
  /** Dotted location; `*` matches one segment (an array index). */
  readonly location: string;
  readonly code: string;
  readonly reason: string;
}

export const allowlist: readonly AllowedViolation[] = (
  JSON.parse(readFileSync(new URL("../allowlist.json", import.meta.url), "utf8")) as { entries: AllowedViolation[] }
).entries;

export function allows(
  entry: AllowedViolation,
  vendor: string,
  operationId: string,
  data: AllowedViolation["data"],
  v: Violation,
): boolean {
  if (
    entry.vendor !== vendor ||
    entry.operationId !== operationId ||
    entry.data !== data ||
    String(v.code) !== entry.code
  )
    return false;
  const want = entry.location.split(".");
  return want.length === v.location.length && want.every((segment, i) => segment === "*" || segment === v.location[i]);
}
