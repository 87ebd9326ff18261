/**
 * `x-pagination`, checked against the operation it describes. Every key must be one the runtime
 * reads, every path must lead to a field the response schema describes, and every parameter must
 * be one the operation takes: a declaration the client cannot follow is an error with the file,
 * line and column where it was written, never a listing that silently stops after page one.
 */
import type { PaginationSpec } from "@eventkit/runtime/spec";
import { deref, isWholeValue, pagingStyleOf, parametersOf, schemaAt } from "../runtime-spec.js";
import type { ErrorAt } from "./extension-source.js";
import type { JsonObject } from "./load.js";

type Kind = "path" | "item-path" | "param" | "integer" | "boolean" | "when" | "results";

/** Every key the runtime reads, and what its value is. */
const KEYS: Record<keyof PaginationSpec, Kind> = {
  resultsPath: "results",
  cursorParam: "param",
  cursorPath: "path",
  cursorItemPath: "item-path",
  nextUrlPath: "path",
  linkHeader: "boolean",
  pageParam: "param",
  pageStart: "integer",
  pageOffsetParam: "param",
  limitParam: "param",
  pageSize: "integer",
  hasMorePath: "path",
  totalPath: "path",
  when: "when",
};

/** What a common guess at a key most likely meant. */
const HINTS: [RegExp, string][] = [
  [
    /more|has_?next|is_?last|end/i,
    "a field saying whether more pages exist is `hasMorePath: <dotted path to the boolean>`",
  ],
  [/total|count/i, "the number of items over all pages is `totalPath: <dotted path>`"],
  [/link|header/i, "next-page links in an RFC 8288 Link header are `linkHeader: true`"],
  [
    /cursor|after|last|item/i,
    "a cursor is `cursorParam` with `cursorPath` (a field of the response) or `cursorItemPath` (a field of the last item)",
  ],
  [/next|url/i, "a full URL of the next page in the response is `nextUrlPath`"],
  [/results|items|data|list/i, "the list of items is `resultsPath`"],
  [/size|limit/i, "the page size parameter is `limitParam`; a fixed page size is `pageSize`"],
  [/page|offset|start/i, "page numbers are `pageParam` (and `pageStart`); offsets are `pageOffsetParam`"],
];

const DOTTED = /^[^.[\]\s]+(\.[^.[\]\s]+)*$/;
const STYLES =
  "cursorParam with cursorPath or cursorItemPath, nextUrlPath, linkHeader: true, pageParam, pageOffsetParam";

export interface PagedOperation {
  readonly doc: JsonObject;
  readonly path: string;
  readonly method: string;
  readonly op: JsonObject;
}

export function checkPagination(raw: unknown, at: PagedOperation, error: ErrorAt): PaginationSpec {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw error([], "x-pagination must be a mapping");
  const p = raw as Record<string, unknown>;
  for (const [key, value] of Object.entries(p)) {
    const kind = KEYS[key as keyof PaginationSpec];
    if (!kind) {
      const hint = HINTS.find(([pattern]) => pattern.test(key))?.[1];
      throw error(
        [key],
        `x-pagination has no key \`${key}\`${hint ? `: ${hint}` : ""} (known keys: ${Object.keys(KEYS).join(", ")})`,
      );
    }
    checkValue(key, kind, value, error);
  }
  const cursors = [p.cursorPath, p.cursorItemPath].filter((v) => v !== undefined).length;
  if (p.cursorParam !== undefined && cursors !== 1) {
    throw error(
      ["cursorParam"],
      "x-pagination `cursorParam` needs exactly one of `cursorPath` (the next cursor's field in the response) and `cursorItemPath` (its field in the last item)",
    );
  }
  if (p.cursorParam === undefined && cursors > 0) {
    throw error(
      [p.cursorPath !== undefined ? "cursorPath" : "cursorItemPath"],
      "x-pagination needs `cursorParam`: the parameter the cursor is sent back as",
    );
  }
  const styles = [p.cursorParam, p.nextUrlPath, p.linkHeader, p.pageParam, p.pageOffsetParam].filter(
    (v) => v !== undefined,
  ).length;
  if (styles !== 1) throw error([], `x-pagination needs exactly one way to reach the next page: ${STYLES}`);
  // In the order of KEYS, so generated spec constants do not change with the overlay's key order.
  const spec = Object.fromEntries(
    Object.keys(KEYS)
      .filter((k) => p[k] !== undefined)
      .map((k) => [k, p[k]]),
  ) as PaginationSpec;
  checkAgainstOperation(spec, at, error);
  return spec;
}

function checkValue(key: string, kind: Kind, value: unknown, error: ErrorAt): void {
  switch (kind) {
    case "results": {
      const paths = Array.isArray(value) ? value : [value];
      if (paths.length === 0) throw error([key], "x-pagination `resultsPath` lists no path");
      paths.forEach((path, i) => {
        checkPath(key, path, error, Array.isArray(value) ? [key, i] : [key], true);
      });
      return;
    }
    case "path":
    case "item-path":
      checkPath(key, value, error, [key], false);
      return;
    case "param":
      if (typeof value !== "string" || value === "" || value === "body.")
        throw error(
          [key],
          `x-pagination \`${key}\` must be a parameter name (\`body.<field>\` for a field of the JSON body)`,
        );
      return;
    case "integer":
      if (!Number.isInteger(value) || (value as number) < (key === "pageSize" ? 1 : 0))
        throw error([key], `x-pagination \`${key}\` must be a whole number${key === "pageSize" ? " above 0" : ""}`);
      return;
    case "boolean":
      if (value !== true) throw error([key], `x-pagination \`${key}\` must be \`true\` (leave it out otherwise)`);
      return;
    case "when":
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        value.some((c) => !c || typeof c !== "object" || Array.isArray(c) || Object.keys(c).length === 0)
      ) {
        throw error(
          [key],
          "x-pagination `when` must be a list of conditions, each a mapping from parameter name to value",
        );
      }
      return;
  }
}

function checkPath(key: string, value: unknown, error: ErrorAt, at: (string | number)[], wholeAllowed: boolean): void {
  if (typeof value !== "string")
    throw error(at, `x-pagination \`${key}\` must be a dotted path such as \`meta.page.after\``);
  if (isWholeValue(value)) {
    if (wholeAllowed) return;
    throw error(at, `x-pagination \`${key}\` must name a field: \`${value}\` is the whole body`);
  }
  if (DOTTED.test(value) && !value.startsWith("$")) return;
  const lastItem = /\[\s*(-1|last)\s*\]/.test(value);
  const hint = lastItem
    ? "; a field of the last item of the page is `cursorItemPath: <field>` (with `cursorParam` and `resultsPath`)"
    : value.startsWith("$.")
      ? `; write \`${value.slice(2)}\``
      : /\[\s*\d+\s*\]/.test(value)
        ? `; an array element is a number segment: \`${value.replace(/\[\s*(\d+)\s*\]/g, ".$1")}\``
        : "";
  throw error(at, `x-pagination \`${key}: ${value}\` is not a dotted path of property names${hint}`);
}

/** Paths must lead to fields the success response describes; parameters must be the operation's. */
function checkAgainstOperation(spec: PaginationSpec, at: PagedOperation, error: ErrorAt): void {
  const { doc, op } = at;
  const response = successSchema(doc, op);
  const where = `${at.method.toUpperCase()} ${at.path}`;
  const alternatives =
    spec.resultsPath === undefined
      ? ["$"]
      : typeof spec.resultsPath === "string"
        ? [spec.resultsPath]
        : spec.resultsPath;
  let items: JsonObject | undefined;
  if (response) {
    alternatives.forEach((path, i) => {
      // A bare array after a described envelope is a shape the vendor's own SDKs accept (Mem0's do);
      // the pager reads it as the whole listing, so it needs no field of the schema.
      if (i > 0 && isWholeValue(path)) return;
      const list = schemaAt(doc, response, path);
      const key = typeof spec.resultsPath === "object" ? ["resultsPath", i] : ["resultsPath"];
      if (!admitsType(doc, list, "array")) {
        const what = isWholeValue(path)
          ? "the response body is not a list"
          : `the response of ${where} has no list at \`${path}\``;
        throw error(
          spec.resultsPath === undefined ? [] : key,
          `x-pagination \`resultsPath\`: ${what}${spec.resultsPath === undefined ? " (set `resultsPath` to where the items are)" : ""}`,
        );
      }
      items ??= schemaAt(doc, list, "0");
    });
    const onlyBareArray = alternatives.every(isWholeValue);
    for (const [key, type] of [
      ["cursorPath", undefined],
      ["nextUrlPath", "string"],
      ["hasMorePath", "boolean"],
      ["totalPath", "number"],
    ] as const) {
      const path = spec[key];
      if (path === undefined) continue;
      if (onlyBareArray)
        throw error(
          [key],
          `x-pagination \`${key}\` reads a field of the body, but \`resultsPath\` says the body is the list itself`,
        );
      const field = schemaAt(doc, response, path);
      if (!field)
        throw error([key], `x-pagination \`${key}: ${path}\`: the response of ${where} has no field \`${path}\``);
      if (type && !admitsType(doc, field, type))
        throw error(
          [key],
          `x-pagination \`${key}: ${path}\`: \`${path}\` is not a ${type} in the response of ${where}`,
        );
    }
    if (spec.cursorItemPath !== undefined && items && !schemaAt(doc, items, spec.cursorItemPath)) {
      throw error(
        ["cursorItemPath"],
        `x-pagination \`cursorItemPath: ${spec.cursorItemPath}\`: the items of ${where} have no field \`${spec.cursorItemPath}\``,
      );
    }
  }
  const params = parametersOf(doc, (doc.paths as JsonObject)[at.path], op);
  const body = requestBodySchema(doc, op);
  const checkParam = (name: string, at_: (string | number)[]) => {
    if (name.startsWith("body.")) {
      if (!body || !schemaAt(doc, body, name.slice(5)))
        throw error(at_, `x-pagination: ${where} has no JSON body field \`${name.slice(5)}\` (from \`${name}\`)`);
      return;
    }
    if (!params.some((p) => p.in === "query" && p.name === name)) {
      const known = params.filter((p) => p.in === "query").map((p) => p.name);
      throw error(
        at_,
        `x-pagination: ${where} has no query parameter \`${name}\`${known.length ? ` (it has ${known.join(", ")})` : ""}; a field of the JSON body is \`body.<field>\``,
      );
    }
  };
  for (const key of ["cursorParam", "pageParam", "pageOffsetParam", "limitParam"] as const)
    if (spec[key] !== undefined) checkParam(spec[key]!, [key]);
  spec.when?.forEach((condition, i) => {
    for (const name of Object.keys(condition)) checkParam(name, ["when", i, name]);
  });
  if (pagingStyleOf(spec) === "single")
    throw error([], `x-pagination needs exactly one way to reach the next page: ${STYLES}`);
}

function successSchema(doc: JsonObject, op: JsonObject): JsonObject | undefined {
  const responses = (op.responses ?? {}) as JsonObject;
  const status =
    Object.keys(responses).find((s) => /^2\d\d$/.test(s)) ?? Object.keys(responses).find((s) => /^2XX$/i.test(s));
  return status === undefined ? undefined : jsonSchema(doc, deref(doc, responses[status]));
}

function requestBodySchema(doc: JsonObject, op: JsonObject): JsonObject | undefined {
  return jsonSchema(doc, deref(doc, op.requestBody));
}

function jsonSchema(doc: JsonObject, holder: unknown): JsonObject | undefined {
  const content = (holder as JsonObject | undefined)?.content as JsonObject | undefined;
  if (!content || typeof content !== "object") return undefined;
  const key =
    Object.keys(content).find((k) => /^application\/json\b/i.test(k)) ??
    Object.keys(content).find((k) => /\+json\b|^\*\/\*$/i.test(k));
  const schema = deref(doc, (content[key ?? ""] as JsonObject | undefined)?.schema);
  return schema && typeof schema === "object" ? (schema as JsonObject) : undefined;
}

/** Whether a schema may be of this JSON type: untyped schemas and unions that include it may. */
function admitsType(
  doc: JsonObject,
  schema: JsonObject | undefined,
  type: "array" | "string" | "boolean" | "number",
  depth = 0,
): boolean {
  if (!schema) return false;
  const declared = schema.type;
  const types = Array.isArray(declared) ? declared : typeof declared === "string" ? [declared] : [];
  if (types.length) return types.includes(type) || (type === "number" && types.includes("integer"));
  const branches = [
    ...((schema.oneOf ?? []) as unknown[]),
    ...((schema.anyOf ?? []) as unknown[]),
    ...((schema.allOf ?? []) as unknown[]),
  ];
  if (branches.length && depth < 16)
    return branches.some((b) => admitsType(doc, deref(doc, b) as JsonObject | undefined, type, depth + 1));
  return type === "array" ? schema.items !== undefined || !schema.properties : !schema.properties && !schema.items;
}
