import type { Diff } from "api-smart-diff";
import type { Action, Area, Kind } from "./classify.js";
import type { Found } from "./locate.js";
import { isDocumentationKey, readSchemaPath } from "./schema-path.js";
import { describeKey, type Path, short, values, verb } from "./words.js";

/** A change inside a schema: a field added or removed, a type, an enum value, required, nullable. */
export function schemaChange(
  diff: Diff,
  action: Action,
  area: Area,
  schemaPath: Path,
  where: string,
  root: string,
): Found[] {
  const { field, tail, isProperty } = readSchemaPath(schemaPath);
  const label = field ? `\`${field}\`` : root;
  const at = (kind: Kind, what: string, a = action, f: string | undefined = field || undefined): Found => ({
    kind,
    area,
    action: a,
    where,
    what,
    field: f,
  });
  const [key, index] = tail;
  if (tail.length === 0) {
    if (isProperty) return [at("property", `field ${label} ${verb(action)}`)];
    return [at("schema", `schema of ${label} ${verb(action)}`)];
  }
  if (key === "type") {
    if (index !== undefined && (diff.after === "null" || diff.before === "null")) {
      return [
        at(
          "nullable",
          action === "add" ? `${label} may now be null` : `${label} can no longer be null`,
          action === "add" ? "add" : "remove",
        ),
      ];
    }
    return [at("type", `type of ${label} changed${values(diff)}`)];
  }
  if (key === "const") return [at("type", `constant value of ${label} changed${values(diff)}`)];
  if (key === "enum") {
    if (index === undefined)
      return [
        at(
          "enum",
          action === "add"
            ? `${label} restricted to ${short(diff.after)}`
            : action === "remove"
              ? `${label} no longer restricted to a list of values`
              : `values of ${label} changed${values(diff)}`,
          action === "replace" ? "remove" : action,
        ),
      ];
    const of = field ? ` of ${label}` : "";
    if (action === "replace")
      return [at("enum-value", `enum value ${short(diff.before)}${of} replaced by ${short(diff.after)}`)];
    return [
      at(
        "enum-value",
        action === "add"
          ? `new enum value ${short(diff.after)}${field ? ` for ${label}` : ""}`
          : `enum value ${short(diff.before)}${field ? ` removed from ${label}` : " removed"}`,
      ),
    ];
  }
  if (key === "required") {
    const names = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
    const added =
      index === undefined
        ? names(diff.after).filter((n) => !names(diff.before).includes(n))
        : action === "remove"
          ? []
          : names(diff.after);
    const removed =
      index === undefined
        ? names(diff.before).filter((n) => !names(diff.after).includes(n))
        : action === "add"
          ? []
          : names(diff.before);
    const path = (name: string) => (field ? `${field}.${name}` : name);
    return [
      ...added.map((n) => at("required", `\`${path(n)}\` is now required`, "add", path(n))),
      ...removed.map((n) => at("required", `\`${path(n)}\` is no longer required`, "remove", path(n))),
    ];
  }
  if (key === "nullable")
    return [
      diff.after === true
        ? at("nullable", `${label} may now be null`, "add")
        : at("nullable", `${label} can no longer be null`, "remove"),
    ];
  if (key === "deprecated")
    return [at("documentation", diff.after === true ? `${label} marked deprecated` : `${label} no longer deprecated`)];
  if (isDocumentationKey(key)) return [at("documentation", `${describeKey(tail)} of ${label} ${verb(action)}`)];
  return [at("other", `${describeKey(tail)} of ${label} ${verb(action)}${values(diff)}`)];
}
