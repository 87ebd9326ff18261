import type { Diff } from "api-smart-diff";
import type { Action } from "./classify.js";

/** How changes are put in words: "`info.version` changed from `"1"` to `"2"`". */
export type Path = (string | number)[];

export function verb(action: Action): string {
  return action === "add" ? "added" : action === "remove" ? "removed" : "changed";
}

export function describeKey(path: Path): string {
  const words = path
    .map((s) => (typeof s === "number" ? `[${s}]` : s))
    .join(".")
    .replace(/\.\[/g, "[");
  return words ? `\`${words}\`` : "value";
}

export function values(diff: Diff): string {
  if (diff.action === "replace" || diff.action === "rename")
    return ` from ${short(diff.before)} to ${short(diff.after)}`;
  return "";
}

export function short(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return `\`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``;
}
