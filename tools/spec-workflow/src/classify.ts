/**
 * The compatibility rules, from the point of view of code written against the generated client.
 *
 * A change is breaking when code that compiled and ran against the previous client can fail to
 * compile, or meet a value it was not written for. The client sends parameters and request
 * bodies, so narrowing what it may send breaks it; it reads responses, so widening what it may
 * receive breaks it. api-smart-diff classifies from the API's side and reverses its rules
 * wholesale for responses (which turns a response type change into "non-breaking"), so the
 * cases that matter are decided here, and everything else falls back to its classification.
 */
export type ChangeClass = "breaking" | "non-breaking" | "documentation";
export type LibraryClass = "breaking" | "non-breaking" | "annotation" | "deprecated" | "unclassified";
export type Action = "add" | "remove" | "replace";

/** What the client does with the changed thing: sends it, reads it, or neither. */
export type Area = "request" | "response" | "any";

export type Kind =
  | "operation"
  | "operation-id"
  | "parameter"
  | "required-parameter"
  | "parameter-required"
  | "request-body"
  | "required-request-body"
  | "request-body-required"
  | "status"
  | "content-type"
  | "property"
  | "required-property"
  | "required"
  | "type"
  | "enum-value"
  | "enum"
  | "nullable"
  | "schema"
  | "exported-type"
  | "client-extension"
  | "servers"
  | "documentation"
  | "other";

interface Rule {
  kind: Kind;
  area: Area;
  /** Omitted: any action. For flags (required, nullable) `add` means "becomes true". */
  action?: Action | undefined;
  class: ChangeClass | "library";
  why?: string | undefined;
}

const rule = (kind: Kind, area: Area, action: Action | undefined, cls: Rule["class"], why?: string): Rule => ({
  kind,
  area,
  action,
  class: cls,
  why,
});

/** First match wins. `{field}` in a reason is replaced by the field's name. */
export const RULES: readonly Rule[] = [
  rule("operation", "any", "add", "non-breaking"),
  rule(
    "operation",
    "any",
    "remove",
    "breaking",
    "the client method for this operation no longer exists, so code that calls it no longer compiles",
  ),
  rule(
    "operation-id",
    "any",
    undefined,
    "breaking",
    "the client method and the exported `operations` type are named after the operationId, so code that uses the old name no longer compiles",
  ),

  rule("parameter", "any", "add", "non-breaking"),
  rule(
    "parameter",
    "any",
    "remove",
    "breaking",
    "code that passes it no longer compiles (TypeScript rejects unknown keys in object literals)",
  ),
  rule(
    "required-parameter",
    "any",
    "add",
    "breaking",
    "calls that do not pass it no longer compile, and the vendor rejects them",
  ),
  rule(
    "parameter-required",
    "any",
    "add",
    "breaking",
    "calls that do not pass it no longer compile, and the vendor rejects them",
  ),
  rule("parameter-required", "any", "remove", "non-breaking"),
  rule("request-body", "any", "add", "non-breaking"),
  rule("request-body", "any", "remove", "breaking", "code that sends a body no longer compiles"),
  rule(
    "required-request-body",
    "any",
    "add",
    "breaking",
    "calls without a body no longer compile, and the vendor rejects them",
  ),
  rule(
    "request-body-required",
    "any",
    "add",
    "breaking",
    "calls without a body no longer compile, and the vendor rejects them",
  ),
  rule("request-body-required", "any", "remove", "non-breaking"),
  rule("status", "any", "add", "non-breaking"),
  rule(
    "status",
    "any",
    "remove",
    "breaking",
    "the client's types for this response are gone, so code that reads it no longer compiles",
  ),
  rule("content-type", "any", "add", "non-breaking"),
  rule("content-type", "any", "remove", "breaking", "the client's types for this content type are gone"),

  // What the client sends.
  rule("property", "request", "add", "non-breaking"),
  rule(
    "property",
    "request",
    "remove",
    "breaking",
    "code that sends {field} no longer compiles (TypeScript rejects unknown keys in object literals), and the vendor ignores or rejects it",
  ),
  rule(
    "required-property",
    "request",
    "add",
    "breaking",
    "code that does not send {field} no longer compiles, and the vendor rejects the request",
  ),
  rule(
    "required",
    "request",
    "add",
    "breaking",
    "code that does not send {field} no longer compiles, and the vendor rejects the request",
  ),
  rule("required", "request", "remove", "non-breaking"),
  rule(
    "type",
    "request",
    undefined,
    "breaking",
    "code that sends a value of the previous type no longer compiles, and the vendor rejects it",
  ),
  rule("enum-value", "request", "add", "non-breaking"),
  rule(
    "enum-value",
    "request",
    undefined,
    "breaking",
    "code that sends the removed value no longer compiles, and the vendor rejects it",
  ),
  rule(
    "enum",
    "request",
    "add",
    "breaking",
    "only the listed values are accepted now: code that sends another value no longer compiles",
  ),
  rule("enum", "request", "remove", "non-breaking"),
  rule("nullable", "request", "add", "non-breaking"),
  rule(
    "nullable",
    "request",
    "remove",
    "breaking",
    "code that sends null for {field} no longer compiles, and the vendor rejects it",
  ),
  rule("schema", "request", "replace", "breaking", "code that sends the previous shape no longer compiles"),

  // What the client reads.
  rule("property", "response", "add", "non-breaking"),
  rule(
    "property",
    "response",
    "remove",
    "breaking",
    "code that reads {field} no longer compiles, and the vendor no longer sends it",
  ),
  rule("required", "response", "add", "non-breaking"),
  rule(
    "required",
    "response",
    "remove",
    "breaking",
    "{field} may now be absent: code that reads it without a check no longer compiles (strictNullChecks) or meets undefined",
  ),
  rule(
    "type",
    "response",
    undefined,
    "breaking",
    "values of {field} have a new type: code written for the previous type no longer compiles or misreads them",
  ),
  rule(
    "enum-value",
    "response",
    "add",
    "breaking",
    "{field} can hold a value the previous client did not list: an exhaustive `switch` misses it, and TypeScript no longer accepts {field} where the previous union is expected",
  ),
  rule(
    "enum-value",
    "response",
    undefined,
    "breaking",
    "TypeScript rejects comparisons with a value {field} can no longer hold, so code that handles the removed value no longer compiles",
  ),
  rule(
    "enum",
    "response",
    "add",
    "breaking",
    "{field} is now a union of literals: TypeScript rejects comparisons with any other string",
  ),
  rule(
    "enum",
    "response",
    "remove",
    "breaking",
    "{field} may hold values outside the previous list, which code written for that list does not handle",
  ),
  rule(
    "nullable",
    "response",
    "add",
    "breaking",
    "{field} may now be null: code that reads it without a check no longer compiles (strictNullChecks) or meets null",
  ),
  rule("nullable", "response", "remove", "non-breaking"),
  rule("schema", "response", "add", "non-breaking"),
  rule("schema", "response", undefined, "breaking", "the client's type for {field} changed shape"),

  rule("exported-type", "any", "add", "non-breaking"),
  rule(
    "exported-type",
    "any",
    undefined,
    "breaking",
    "code that imports this type from the package no longer compiles",
  ),
  // Extensions the generator reads (pagination, credentials): removing one removes client behaviour.
  rule(
    "client-extension",
    "any",
    "remove",
    "breaking",
    "the generated client loses the behaviour this extension configured (for `x-pagination`: `client.paginate` and `client.pages` for the operation)",
  ),
  rule("client-extension", "any", undefined, "non-breaking"),
  rule("servers", "any", undefined, "non-breaking"),
  rule("documentation", "any", undefined, "documentation"),
];

const FROM_LIBRARY: Record<LibraryClass, ChangeClass> = {
  breaking: "breaking",
  "non-breaking": "non-breaking",
  annotation: "documentation",
  deprecated: "documentation",
  unclassified: "breaking",
};

const LIBRARY_WHY: Record<Area, string> = {
  request: "api-smart-diff classifies it as breaking: requests the previous client builds may be rejected",
  response: "api-smart-diff classifies it as breaking: responses may no longer match the previous client's types",
  any: "api-smart-diff classifies it as breaking for existing clients",
};

export interface Classification {
  class: ChangeClass;
  why?: string;
}

export function classify(
  kind: Kind,
  area: Area,
  action: Action,
  library: LibraryClass,
  field?: string,
): Classification {
  const match = RULES.find(
    (r) => r.kind === kind && (r.area === "any" || r.area === area) && (r.action === undefined || r.action === action),
  );
  const fill = (text: string) => text.replaceAll("{field}", field ? `\`${field}\`` : "the value");
  if (match && match.class !== "library") {
    return match.class === "breaking"
      ? { class: "breaking", why: fill(match.why ?? LIBRARY_WHY[area]) }
      : { class: match.class };
  }
  const cls = FROM_LIBRARY[library];
  if (library === "unclassified")
    return {
      class: cls,
      why: "api-smart-diff could not classify this change, so it counts as breaking until someone reviews it",
    };
  return cls === "breaking" ? { class: cls, why: LIBRARY_WHY[area] } : { class: cls };
}
