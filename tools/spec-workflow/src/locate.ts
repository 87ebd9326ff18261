import type { Diff } from "api-smart-diff";
import type { Action, Area, Kind } from "./classify.js";
import { schemaChange } from "./locate-schema.js";
import { deref } from "@eventkit/codegen";
import { isDocumentationKey } from "./schema-path.js";
import { describeKey, type Path, short, values, verb } from "./words.js";

type Json = Record<string, unknown>;

export const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
/** Extensions the generator reads: changing them changes the client's behaviour. */
const CLIENT_EXTENSION = /^x-(eventkit-.+|pagination|env-name)$/;

export interface Context {
  before: Json;
  after: Json;
  /** `#/components/...` entries used by some operation, in either document. */
  used: Set<string>;
}

/** One change, placed: what kind of thing changed, on which side of the wire, in words. */
export interface Found {
  kind: Kind;
  area: Area;
  action: Action;
  where: string;
  what: string;
  field?: string | undefined;
}

/** Places an api-smart-diff diff (a JSON path into the documents) in the client's terms. */
export function locate(diff: Diff, action: Action, path: Path, ctx: Context): Found[] {
  const [top] = path;
  if (top === "paths") return operationChange(diff, action, path, ctx);
  if (top === "components") return componentChange(diff, action, path, ctx);
  const where = "document";
  if (top === "servers")
    return [
      {
        kind: "servers",
        area: "any",
        action,
        where: "servers",
        what: `${describeKey(path)} ${verb(action)}${values(diff)}`,
      },
    ];
  if (top === "security")
    return [
      {
        kind: "other",
        area: "request",
        action,
        where: "security requirements",
        what: `${describeKey(path)} ${verb(action)}${values(diff)}`,
      },
    ];
  if (typeof top === "string" && CLIENT_EXTENSION.test(top))
    return [{ kind: "client-extension", area: "any", action, where, what: `${verb(action)} \`${top}\`` }];
  if (top === undefined) {
    // api-smart-diff reports a top-level key that appears or disappears at the root.
    const value = (action === "remove" ? diff.before : diff.after) as unknown;
    return [{ kind: "other", area: "any", action, where, what: `${verb(action)} ${short(value)}` }];
  }
  return [
    { kind: "documentation", area: "any", action, where, what: `${describeKey(path)} ${verb(action)}${values(diff)}` },
  ];
}

function operationChange(diff: Diff, action: Action, path: Path, ctx: Context): Found[] {
  const [, url, method, ...rest] = path;
  if (method === undefined)
    return [{ kind: "operation", area: "any", action, where: `path \`${String(url)}\``, what: `path ${verb(action)}` }];
  if (!HTTP_METHODS.has(String(method))) {
    const key = String(method);
    const kind: Kind = key === "servers" ? "servers" : isDocumentationKey(key) ? "documentation" : "other";
    return [
      {
        kind,
        area: "any",
        action,
        where: `path \`${String(url)}\``,
        what: `${verb(action)} ${describeKey(path.slice(2))}${values(diff)}`,
      },
    ];
  }
  const [first, second, ...sub] = rest;
  const at = (kind: Kind, area: Area, what: string, where = "", a = action, field?: string): Found[] => [
    { kind, area, action: a, where, what, field },
  ];
  if (first === undefined)
    return at(
      "operation",
      "any",
      action === "add" ? "operation added" : action === "remove" ? "operation removed" : "operation replaced",
    );
  if (first === "operationId")
    return at("operation-id", "any", `operationId \`${String(diff.before)}\` renamed to \`${String(diff.after)}\``);
  if (first === "parameters" && typeof second === "number")
    return parameterChange(diff, action, second, sub, ctx, String(url), String(method));
  if (first === "requestBody")
    return requestBodyChange(diff, action, [second, ...sub].filter((s) => s !== undefined) as Path);
  if (first === "responses" && second !== undefined) return responseChange(diff, action, String(second), sub);
  if (first === "deprecated")
    return at(
      "documentation",
      "any",
      diff.after === true ? "operation marked deprecated" : "operation no longer deprecated",
    );
  if (first === "servers") return at("servers", "any", `${describeKey(rest)} ${verb(action)}${values(diff)}`);
  if (first === "security")
    return at("other", "request", `${describeKey(rest)} ${verb(action)}${values(diff)}`, "security requirements");
  if (typeof first === "string" && CLIENT_EXTENSION.test(first)) {
    const whole = second === undefined;
    return at(
      "client-extension",
      "any",
      `${whole ? verb(action) : "changed"} \`${first}\`${whole ? "" : `: ${describeKey(rest.slice(1))} ${verb(action)}${values(diff)}`}`,
      "",
      whole ? action : "replace",
    );
  }
  if (isDocumentationKey(first)) return at("documentation", "any", `${describeKey(rest)} ${verb(action)}`);
  return at("other", "any", `${describeKey(rest)} ${verb(action)}${values(diff)}`);
}

function parameterChange(
  diff: Diff,
  action: Action,
  index: number,
  sub: Path,
  ctx: Context,
  url: string,
  method: string,
): Found[] {
  // api-smart-diff appends path-level parameters to each operation's; a whole parameter that
  // was added or removed is the diff's value, a change inside one is indexed in the previous list.
  const param = (
    sub.length === 0
      ? deref(action === "add" ? ctx.after : ctx.before, action === "add" ? diff.after : diff.before)
      : parametersOf(ctx.before, url, method)[index]
  ) as Json | undefined;
  const name = String(param?.name ?? `#${index + 1}`);
  const label = `${String(param?.in ?? "")} parameter \`${name}\``.trim();
  const at = (kind: Kind, what: string, a = action, where = label): Found[] => [
    { kind, area: "request", action: a, where, what },
  ];
  if (sub.length === 0) {
    if (action === "add") {
      const required = param?.required === true && (param?.schema as Json | undefined)?.default === undefined;
      return at(
        required ? "required-parameter" : "parameter",
        `new ${required ? "required" : "optional"} ${label}`,
        action,
        "",
      );
    }
    return at("parameter", `${label} ${action === "remove" ? "removed" : "replaced"}`, action, "");
  }
  const [key, ...schemaPath] = sub;
  const where = label;
  if (key === "required")
    return diff.after === true
      ? at("parameter-required", "now required", "add")
      : at("parameter-required", "no longer required", "remove");
  if (key === "schema") return schemaChange(diff, action, "request", schemaPath, where, "the value");
  if (typeof key === "string" && CLIENT_EXTENSION.test(key))
    return at("client-extension", `${verb(action)} \`${key}\``);
  if (isDocumentationKey(key))
    return at(
      "documentation",
      key === "deprecated"
        ? diff.after === true
          ? "marked deprecated"
          : "no longer deprecated"
        : `${describeKey(sub)} ${verb(action)}`,
    );
  return at("other", `${describeKey(sub)} ${verb(action)}${values(diff)}`);
}

function parametersOf(doc: Json, url: string, method: string): unknown[] {
  const item = (doc.paths as Json | undefined)?.[url] as Json | undefined;
  const op = item?.[method] as Json | undefined;
  return [...((op?.parameters ?? []) as unknown[]), ...((item?.parameters ?? []) as unknown[])].map((p) =>
    deref(doc, p),
  );
}

function requestBodyChange(diff: Diff, action: Action, sub: Path): Found[] {
  const at = (kind: Kind, what: string, where = "request body", a = action): Found[] => [
    { kind, area: "request", action: a, where, what },
  ];
  if (sub.length === 0) {
    if (action === "add")
      return (diff.after as Json | undefined)?.required === true
        ? at("required-request-body", "new required request body")
        : at("request-body", "new optional request body");
    return at("request-body", action === "remove" ? "request body removed" : "request body replaced");
  }
  const [key, type, third, ...schemaPath] = sub;
  if (key === "required")
    return diff.after === true
      ? at("request-body-required", "request body is now required", "request body", "add")
      : at("request-body-required", "request body is no longer required", "request body", "remove");
  if (key === "content" && type !== undefined) {
    const where = `request body (${String(type)})`;
    if (third === undefined) return at("content-type", `content type \`${String(type)}\` ${verb(action)}`);
    if (third === "schema") return schemaChange(diff, action, "request", schemaPath, where, "the body");
    if (isDocumentationKey(third))
      return at("documentation", `${describeKey([third, ...schemaPath])} ${verb(action)}`, where);
    return at("other", `${describeKey([third, ...schemaPath])} ${verb(action)}${values(diff)}`, where);
  }
  if (isDocumentationKey(key)) return at("documentation", `${describeKey(sub)} ${verb(action)}`);
  return at("other", `${describeKey(sub)} ${verb(action)}${values(diff)}`);
}

function responseChange(diff: Diff, action: Action, status: string, sub: Path): Found[] {
  const where = `response ${status}`;
  const at = (kind: Kind, what: string, w = where): Found[] => [{ kind, area: "response", action, where: w, what }];
  if (sub.length === 0) return at("status", `response ${status} ${verb(action)}`, "");
  const [key, type, third, ...schemaPath] = sub;
  if (key === "content") {
    if (type === undefined) return at("content-type", `response body ${verb(action)}`);
    const whereContent = `${where} (${String(type)})`;
    if (third === undefined) return at("content-type", `content type \`${String(type)}\` ${verb(action)}`);
    if (third === "schema") return schemaChange(diff, action, "response", schemaPath, whereContent, "the body");
    if (isDocumentationKey(third))
      return at("documentation", `${describeKey([third, ...schemaPath])} ${verb(action)}`, whereContent);
    return at("other", `${describeKey([third, ...schemaPath])} ${verb(action)}${values(diff)}`, whereContent);
  }
  if (key === "headers" && type !== undefined) {
    const rest = [third, ...schemaPath].filter((s) => s !== undefined) as Path;
    const header = `header \`${String(type)}\``;
    if (rest.length && isDocumentationKey(rest[rest.length - 1]))
      return at("documentation", `${header}: ${describeKey(rest)} ${verb(action)}`);
    return at(
      "other",
      rest.length ? `${header}: ${describeKey(rest)} ${verb(action)}${values(diff)}` : `${header} ${verb(action)}`,
    );
  }
  if (isDocumentationKey(key)) return at("documentation", `${describeKey(sub)} ${verb(action)}`);
  return at("other", `${describeKey(sub)} ${verb(action)}${values(diff)}`);
}

function componentChange(diff: Diff, action: Action, path: Path, ctx: Context): Found[] {
  const [, section, name, ...rest] = path;
  if (section === "securitySchemes") {
    const where = name === undefined ? "security schemes" : `security scheme \`${String(name)}\``;
    const key = rest[0];
    if (typeof key === "string" && CLIENT_EXTENSION.test(key))
      return [
        {
          kind: "client-extension",
          area: "any",
          action: rest.length > 1 ? "replace" : action,
          where,
          what: `\`${key}\` ${verb(action)}${values(diff)}`,
        },
      ];
    const kind: Kind = key !== undefined && isDocumentationKey(key) ? "documentation" : "other";
    return [
      {
        kind,
        area: "request",
        action,
        where,
        what: rest.length ? `${describeKey(rest)} ${verb(action)}${values(diff)}` : `${verb(action)}`,
      },
    ];
  }
  if (name === undefined) {
    const value = (action === "remove" ? diff.before : diff.after) as Json | undefined;
    return Object.keys(value ?? {})
      .filter((n) => !ctx.used.has(`#/components/${String(section)}/${n}`))
      .map((n) => ({
        kind: "exported-type",
        area: "any",
        action,
        where: exported(section, n),
        what: `exported type ${verb(action)}`,
      }));
  }
  if (ctx.used.has(`#/components/${String(section)}/${escapePointer(String(name))}`)) return [];
  const where = exported(section, name);
  if (rest.length === 0)
    return [{ kind: "exported-type", area: "any", action, where, what: `exported type ${verb(action)}` }];
  if (section === "schemas") return schemaChange(diff, action, "response", rest, where, "the type");
  const key = rest[rest.length - 1];
  return [
    {
      kind: isDocumentationKey(key) ? "documentation" : "other",
      area: "any",
      action,
      where,
      what: `${describeKey(rest)} ${verb(action)}${values(diff)}`,
    },
  ];
}

function exported(section: unknown, name: unknown): string {
  return `exported type \`components["${String(section)}"]["${String(name)}"]\``;
}

function escapePointer(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}
