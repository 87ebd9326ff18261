import type {
  FeedFilter,
  FeedId,
  FeedParam,
  FeedSpec,
  FeedStatus,
  FeedTag,
  FeedText,
  FeedTime,
  TimeFormat,
} from "@eventkit/runtime/spec";
import jsonpath from "jsonpath";
import type { SpecError } from "../errors.js";
import { errorAt, type JsonObject, type LoadedFile } from "./load.js";

const FORMATS: readonly TimeFormat[] = ["iso", "iso-local", "sql", "rust-time", "epoch-ms", "epoch-s"];
const STATUSES: readonly FeedStatus[] = ["success", "failure", "pending", "running", "info", "warning", "unknown"];
const KEYS = [
  "name",
  "default",
  "items",
  "id",
  "time",
  "type",
  "title",
  "message",
  "status",
  "actor",
  "tags",
  "details",
  "required",
  "since",
  "until",
  "order",
  "sort",
  "pageSize",
  "params",
  "config",
] as const;
const OPEN = /^(epoch|now|now\+\d+(ms|s|m|h|d|w))$/;

/** Where feed problems are reported: the overlay action that wrote `x-eventkit-feed`, else the document. */
export interface FeedSource {
  readonly document: LoadedFile;
  readonly overlay?: LoadedFile;
}

export interface FeedOperation {
  readonly path: string;
  readonly method: string;
  readonly op: JsonObject;
  readonly parameters: readonly { name: string; in: string }[];
}

type At = (string | number)[];

/**
 * Validates an operation's `x-eventkit-feed` and returns it as the runtime's `FeedSpec`: unknown
 * keys, values of the wrong type, unknown formats and statuses, and paths that the item schema
 * cannot hold fail with the file, line and column of the offending key.
 */
export function feedOf(doc: JsonObject, where: FeedOperation, source: FeedSource): FeedSpec {
  const fail = failure(doc, where, source);
  const raw = where.op["x-eventkit-feed"];
  if (!isMap(raw)) throw fail([], "x-eventkit-feed must be a mapping");
  for (const key of Object.keys(raw))
    if (!(KEYS as readonly string[]).includes(key))
      throw fail([key], `x-eventkit-feed: unknown key \`${key}\` (known: ${KEYS.join(", ")})`);

  const pagination = isMap(where.op["x-pagination"]) ? where.op["x-pagination"] : undefined;
  const items = optionalString(raw, "items", fail);
  if (!pagination && items === undefined)
    throw fail(
      [],
      "x-eventkit-feed needs `items` (the path to the events in the response) when the operation has no x-pagination",
    );
  const response = successSchema(doc, where.op);
  const listPath = items ?? (typeof pagination?.resultsPath === "string" ? pagination.resultsPath : "");
  const list = response ? schemaAt(doc, response, listPath) : undefined;
  if (response && list === undefined)
    throw fail(items !== undefined ? ["items"] : [], `x-eventkit-feed: the response has no \`${listPath}\``);
  const item = list === FREE || list === undefined ? FREE : (elementOf(doc, list) ?? FREE);
  const path = (value: unknown, at: At): string => {
    if (typeof value !== "string" || value === "") throw fail(at, "expected a dotted path (a non-empty string)");
    if (schemaAt(doc, item, value) === undefined) throw fail(at, `path \`${value}\` is not in the event schema`);
    return value;
  };

  const order = raw.order ?? "none";
  if (order !== "newest-first" && order !== "none")
    throw fail(["order"], "x-eventkit-feed `order` must be newest-first or none");
  const config = configOf(raw.config, fail);
  const spec: Record<string, unknown> = {};
  if (raw.name !== undefined) spec.name = requiredString(raw, "name", fail);
  if (raw.default !== undefined) spec.default = bool(raw.default, ["default"], fail);
  if (items !== undefined) spec.items = items;
  spec.id = list1(raw.id, ["id"], fail, (v, at) => idOf(v, at, path, fail));
  spec.time = list1(raw.time, ["time"], fail, (v, at) => timeOf(v, at, path, fail));
  spec.type = list1(raw.type, ["type"], fail, (v, at) => textOf(v, at, path, fail));
  for (const key of ["title", "message"] as const)
    if (raw[key] !== undefined) spec[key] = list1(raw[key], [key], fail, (v, at) => textOf(v, at, path, fail));
  if (raw.status !== undefined) spec.status = statusOf(raw.status, path, fail);
  if (raw.actor !== undefined) spec.actor = actorOf(raw.actor, path, fail);
  if (raw.tags !== undefined) spec.tags = list1(raw.tags, ["tags"], fail, (v, at) => tagOf(v, at, path, fail));
  if (raw.details !== undefined) spec.details = detailsOf(raw.details, path, fail);
  if (raw.required !== undefined) spec.required = list1(raw.required, ["required"], fail, (v, at) => path(v, at));
  for (const side of ["since", "until"] as const)
    if (raw[side] !== undefined) spec[side] = filterOf(raw[side], [side], where, fail);
  spec.order = order;
  if (raw.sort !== undefined) {
    const sort = mapWith(raw.sort, ["sort"], ["param", "value"], fail);
    if (sort.value === undefined) throw fail(["sort"], "expected `value`: what the parameter is sent as");
    spec.sort = { param: parameter(sort.param, ["sort", "param"], where, fail), value: sort.value };
  }
  if (raw.pageSize !== undefined) spec.pageSize = pageSizeOf(raw.pageSize, where, pagination, fail);
  if (raw.params !== undefined) spec.params = paramsOf(raw.params, where, config, fail);
  if (config) spec.config = config;
  return spec as unknown as FeedSpec;
}

type Fail = (at: At, message: string) => SpecError;

function failure(doc: JsonObject, where: FeedOperation, source: FeedSource): Fail {
  const actionIndex = overlayActionOf(doc, where, source.overlay);
  return (at, message) => {
    const text = message.startsWith("x-eventkit-feed")
      ? message
      : `x-eventkit-feed${at.length ? ` \`${at.join(".")}\`` : ""}: ${message}`;
    if (source.overlay && actionIndex !== undefined)
      return errorAt(source.overlay, ["actions", actionIndex, "update", "x-eventkit-feed", ...at], text);
    return errorAt(source.document, ["paths", where.path, where.method, "x-eventkit-feed", ...at], text);
  };
}

/** The last overlay action that wrote this operation's `x-eventkit-feed`. */
function overlayActionOf(doc: JsonObject, where: FeedOperation, overlay: LoadedFile | undefined): number | undefined {
  const actions = isMap(overlay?.value) && Array.isArray(overlay.value.actions) ? overlay.value.actions : [];
  let found: number | undefined;
  actions.forEach((action: unknown, index: number) => {
    if (
      !isMap(action) ||
      !isMap(action.update) ||
      !("x-eventkit-feed" in action.update) ||
      typeof action.target !== "string"
    )
      return;
    try {
      const hit = jsonpath
        .paths(doc, action.target)
        .some((p) => p.length === 4 && p[1] === "paths" && p[2] === where.path && p[3] === where.method);
      if (hit) found = index;
    } catch {
      // An invalid target was reported when the overlay was applied.
    }
  });
  return found;
}

function list1<T>(value: unknown, at: At, fail: Fail, each: (v: unknown, at: At) => T): T[] {
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) throw fail(at, "expected at least one entry");
  return values.map((v, i) => each(v, Array.isArray(value) ? [...at, i] : at));
}

function idOf(value: unknown, at: At, path: (v: unknown, at: At) => string, fail: Fail): FeedId {
  if (typeof value === "string") return { path: path(value, at) };
  const v = mapWith(value, at, ["path", "match"], fail);
  const id: { path: string; match?: string } = { path: path(v.path, [...at, "path"]) };
  if (v.match !== undefined) {
    const match = regex(v.match, [...at, "match"], fail);
    if (!/\((?!\?)/.test(match))
      throw fail([...at, "match"], "a `match` needs a capture group: its first group is the id");
    id.match = match;
  }
  return id;
}

function timeOf(value: unknown, at: At, path: (v: unknown, at: At) => string, fail: Fail): FeedTime {
  const v = mapWith(value, at, ["path", "format"], fail);
  const formats = Array.isArray(v.format) ? v.format : [v.format];
  if (formats.length === 0 || formats.some((f) => !FORMATS.includes(f as TimeFormat))) {
    throw fail([...at, "format"], `expected a time format or a list of them (${FORMATS.join(", ")})`);
  }
  return { path: path(v.path, [...at, "path"]), formats: formats as TimeFormat[] };
}

function textOf(value: unknown, at: At, path: (v: unknown, at: At) => string, fail: Fail): FeedText {
  if (typeof value === "string") return { path: path(value, at) };
  const v = mapWith(value, at, ["path", "join", "firstLine", "strip", "template", "value"], fail);
  const kinds = ["path", "template", "value"].filter((k) => v[k] !== undefined);
  if (kinds.length !== 1) throw fail(at, "expected exactly one of `path`, `template`, `value`");
  if (v.template !== undefined) return { template: template(v.template, [...at, "template"], path, fail) };
  if (v.value !== undefined) return { value: requiredString(v, "value", (a, m) => fail([...at, ...a], m)) };
  const text: { path: string; join?: string; firstLine?: boolean; strip?: string } = {
    path: path(v.path, [...at, "path"]),
  };
  if (v.join !== undefined) text.join = requiredString(v, "join", (a, m) => fail([...at, ...a], m));
  if (v.firstLine !== undefined) text.firstLine = bool(v.firstLine, [...at, "firstLine"], fail);
  if (v.strip !== undefined) text.strip = regex(v.strip, [...at, "strip"], fail);
  return text;
}

/** `api_token:{api_token_name}`: every `{path}` must be a readable path. */
function template(value: unknown, at: At, path: (v: unknown, at: At) => string, fail: Fail): string {
  if (typeof value !== "string" || !/\{[^{}]+\}/.test(value))
    throw fail(at, "a template is a string with at least one {path}");
  for (const [, p] of value.matchAll(/\{([^{}]+)\}/g)) path(p, at);
  return value;
}

function tagOf(value: unknown, at: At, path: (v: unknown, at: At) => string, fail: Fail): FeedTag {
  if (typeof value === "string") return { path: path(value, at) };
  const v = mapWith(value, at, ["path", "template", "value", "when"], fail);
  if (v.value !== undefined) {
    const tag: { value: string; when?: string } = {
      value: requiredString(v, "value", (a, m) => fail([...at, ...a], m)),
    };
    if (v.when !== undefined) tag.when = path(v.when, [...at, "when"]);
    return tag;
  }
  if (v.when !== undefined)
    throw fail([...at, "when"], "`when` goes with `value` (a fixed tag added when the path holds true)");
  if (v.template !== undefined) return { template: template(v.template, [...at, "template"], path, fail) };
  return { path: path(v.path, [...at, "path"]) };
}

function statusOf(value: unknown, path: (v: unknown, at: At) => string, fail: Fail): FeedSpec["status"] {
  const v = mapWith(value, ["status"], ["path", "map", "absent", "default"], fail);
  if (!isMap(v.map)) throw fail(["status", "map"], "expected a mapping of vendor values to statuses");
  for (const [key, status] of Object.entries(v.map))
    if (!STATUSES.includes(status as FeedStatus))
      throw fail(["status", "map", key], `expected one of ${STATUSES.join(", ")}`);
  const status: { path: string; map: Record<string, FeedStatus>; absent?: FeedStatus; default?: FeedStatus } = {
    path: path(v.path, ["status", "path"]),
    map: v.map as Record<string, FeedStatus>,
  };
  for (const key of ["absent", "default"] as const) {
    if (v[key] === undefined) continue;
    if (!STATUSES.includes(v[key] as FeedStatus)) throw fail(["status", key], `expected one of ${STATUSES.join(", ")}`);
    status[key] = v[key] as FeedStatus;
  }
  return status;
}

function actorOf(value: unknown, path: (v: unknown, at: At) => string, fail: Fail): FeedSpec["actor"] {
  const v = mapWith(value, ["actor"], ["id", "name", "email", "ip"], fail);
  const actor: Record<string, FeedText[]> = {};
  for (const key of ["id", "name", "email", "ip"])
    if (v[key] !== undefined) actor[key] = list1(v[key], ["actor", key], fail, (x, at) => textOf(x, at, path, fail));
  return actor;
}

function detailsOf(value: unknown, path: (v: unknown, at: At) => string, fail: Fail): FeedSpec["details"] {
  const v = typeof value === "string" ? { path: value } : mapWith(value, ["details"], ["path", "json"], fail);
  return {
    path: path(v.path, ["details", "path"]),
    ...(v.json !== undefined ? { json: bool(v.json, ["details", "json"], fail) } : {}),
  };
}

function filterOf(value: unknown, at: At, where: FeedOperation, fail: Fail): FeedFilter {
  const v = mapWith(value, at, ["param", "format", "open", "inclusive"], fail);
  const param = parameter(v.param, [...at, "param"], where, fail);
  if (!FORMATS.includes(v.format as TimeFormat))
    throw fail([...at, "format"], `expected a time format (${FORMATS.join(", ")})`);
  const filter: { param: string; format: TimeFormat; open?: string; inclusive?: boolean } = {
    param,
    format: v.format as TimeFormat,
  };
  if (v.open !== undefined) {
    if (typeof v.open !== "string" || !OPEN.test(v.open))
      throw fail([...at, "open"], "expected epoch, now or now+<duration> (now+2h)");
    filter.open = v.open;
  }
  if (v.inclusive !== undefined) filter.inclusive = bool(v.inclusive, [...at, "inclusive"], fail);
  return filter;
}

function pageSizeOf(
  value: unknown,
  where: FeedOperation,
  pagination: JsonObject | undefined,
  fail: Fail,
): FeedSpec["pageSize"] {
  const v = mapWith(value, ["pageSize"], ["default", "param"], fail);
  if (!Number.isInteger(v.default) || (v.default as number) < 1)
    throw fail(["pageSize", "default"], "expected a whole number ≥ 1");
  if (v.param === undefined && typeof pagination?.limitParam !== "string")
    throw fail(["pageSize"], "the operation's x-pagination has no limitParam: name the parameter with `param`");
  return {
    default: v.default as number,
    ...(v.param !== undefined ? { param: parameter(v.param, ["pageSize", "param"], where, fail) } : {}),
  };
}

function paramsOf(value: unknown, where: FeedOperation, config: FeedSpec["config"], fail: Fail): FeedParam[] {
  if (!isMap(value))
    throw fail(["params"], "expected a mapping of parameter names to values ({ config: <name> } for a config value)");
  return Object.entries(value).map(([name, v]) => {
    const at = ["params", name];
    const where_ = locationOf(name, where);
    if (!where_) throw fail(at, `the operation has no parameter \`${name}\``);
    if (isMap(v) && "config" in v) {
      if (Object.keys(v).length !== 1 || typeof v.config !== "string") throw fail(at, "expected { config: <name> }");
      if (!config || !(v.config in config))
        throw fail([...at, "config"], `no config value \`${v.config}\` is declared under \`config\``);
      return { name: where_.name, in: where_.in, config: v.config };
    }
    return { name: where_.name, in: where_.in, value: v };
  });
}

function configOf(value: unknown, fail: Fail): FeedSpec["config"] {
  if (value === undefined) return undefined;
  if (!isMap(value)) throw fail(["config"], "expected a mapping of names to { description, env, required, example }");
  const out: Record<string, NonNullable<FeedSpec["config"]>[string]> = {};
  for (const [name, raw] of Object.entries(value)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name))
      throw fail(["config", name], "a config name is camelCase (it becomes an option name)");
    const v = mapWith(raw, ["config", name], ["description", "env", "required", "example"], fail);
    const f: Fail = (at, m) => fail(["config", name, ...at], m);
    out[name] = {
      description: requiredString(v, "description", f),
      ...(v.env !== undefined ? { env: envName(v.env, ["config", name, "env"], fail) } : {}),
      ...(v.required !== undefined ? { required: bool(v.required, ["config", name, "required"], fail) } : {}),
      ...(v.example !== undefined ? { example: requiredString(v, "example", f) } : {}),
    };
  }
  return out;
}

function envName(value: unknown, at: At, fail: Fail): string {
  if (typeof value !== "string" || !/^[A-Z][A-Z0-9_]*$/.test(value))
    throw fail(at, "expected an environment variable name (UPPER_CASE)");
  return value;
}

/** A query/header/path parameter of the operation, or `body.<path>` into its JSON body. */
function locationOf(name: string, where: FeedOperation): { name: string; in: FeedParam["in"] } | undefined {
  if (name.startsWith("body.")) return where.op.requestBody !== undefined ? { name, in: "body" } : undefined;
  const p = where.parameters.find((x) => x.name === name);
  return p && (p.in === "query" || p.in === "header" || p.in === "path") ? { name, in: p.in } : undefined;
}

function parameter(value: unknown, at: At, where: FeedOperation, fail: Fail): string {
  if (typeof value !== "string" || !locationOf(value, where))
    throw fail(at, `the operation has no parameter ${JSON.stringify(value)}`);
  return value;
}

function mapWith(value: unknown, at: At, keys: readonly string[], fail: Fail): JsonObject {
  if (!isMap(value)) throw fail(at, `expected a mapping with ${keys.join(", ")}`);
  for (const key of Object.keys(value))
    if (!keys.includes(key)) throw fail([...at, key], `unknown key \`${key}\` (known: ${keys.join(", ")})`);
  return value;
}

function requiredString(v: JsonObject, key: string, fail: Fail): string {
  if (typeof v[key] !== "string" || v[key] === "") throw fail([key], "expected a non-empty string");
  return v[key] as string;
}

function optionalString(v: JsonObject, key: string, fail: Fail): string | undefined {
  return v[key] === undefined ? undefined : requiredString(v, key, fail);
}

function bool(value: unknown, at: At, fail: Fail): boolean {
  if (typeof value !== "boolean") throw fail(at, "expected true or false");
  return value;
}

function regex(value: unknown, at: At, fail: Fail): string {
  if (typeof value !== "string") throw fail(at, "expected a regular expression");
  try {
    new RegExp(value);
  } catch (error) {
    throw fail(at, `not a regular expression: ${(error as Error).message}`);
  }
  return value;
}

export function isMap(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A schema that says nothing about its shape: every path may be in it. */
const FREE: JsonObject = {};

function deref(doc: JsonObject, schema: unknown): JsonObject | undefined {
  let node = schema;
  for (let hops = 0; isMap(node) && typeof node.$ref === "string" && hops < 16; hops++) {
    const ref = node.$ref;
    if (!ref.startsWith("#/")) return FREE;
    node = ref
      .slice(2)
      .split("/")
      .reduce<unknown>((n, seg) => (isMap(n) ? n[seg.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), doc);
  }
  return isMap(node) ? node : undefined;
}

function successSchema(doc: JsonObject, op: JsonObject): JsonObject | undefined {
  const responses = isMap(op.responses) ? op.responses : {};
  const code = Object.keys(responses).find((c) => /^2\d\d$/.test(c)) ?? (responses["2XX"] ? "2XX" : undefined);
  const response = code ? deref(doc, responses[code]) : undefined;
  const content = isMap(response?.content) ? response.content : {};
  const json = Object.entries(content).find(([type]) => /json/i.test(type))?.[1];
  return isMap(json) && json.schema !== undefined ? deref(doc, json.schema) : undefined;
}

/** The schemas a value of `schema` may match: itself and its allOf/oneOf/anyOf branches. */
function branches(doc: JsonObject, schema: JsonObject, depth = 0): JsonObject[] {
  const out = [schema];
  if (depth > 8) return out;
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    if (!Array.isArray(schema[key])) continue;
    for (const sub of schema[key] as unknown[]) {
      const s = deref(doc, sub);
      if (s) out.push(...branches(doc, s, depth + 1));
    }
  }
  return out;
}

function elementOf(doc: JsonObject, schema: JsonObject): JsonObject | undefined {
  for (const s of branches(doc, schema)) if (s.items !== undefined) return deref(doc, s.items) ?? FREE;
  return branches(doc, schema).some((s) => s.type === "array" || (Array.isArray(s.type) && s.type.includes("array")))
    ? FREE
    : undefined;
}

/**
 * The schema at a dotted path (`a.b`, `a[].b` for every element of `a`), FREE where the schema
 * does not constrain the shape (no `properties`, or `additionalProperties`), undefined when the
 * schema declares properties and the key is none of them.
 */
function schemaAt(doc: JsonObject, schema: JsonObject, path: string): JsonObject | undefined {
  if (path === "") return schema;
  let node: JsonObject = schema;
  for (const raw of path.split(".")) {
    const each = raw.endsWith("[]");
    const key = each ? raw.slice(0, -2) : raw;
    if (node === FREE) return FREE;
    let next: JsonObject | undefined;
    let constrained = false;
    for (const s of branches(doc, node)) {
      const props = isMap(s.properties) ? s.properties : undefined;
      if (props) constrained = true;
      if (props && key in props) next ??= deref(doc, props[key]) ?? FREE;
      if (isMap(s.additionalProperties) || s.additionalProperties === true)
        next ??= deref(doc, s.additionalProperties) ?? FREE;
    }
    if (next === undefined) {
      if (constrained) return undefined;
      next = FREE;
    }
    if (each) {
      const element = next === FREE ? FREE : elementOf(doc, next);
      if (element === undefined) return undefined;
      next = element;
    }
    node = next;
  }
  return node;
}
