/**
 * What must not reach a cassette: the names of the spec's credential headers and query parameters
 * (security schemes and `x-eventkit-secret` parameters), and the values a request carried in them.
 * The redaction itself is the runtime's, so a cassette hides exactly what a client's logs hide.
 */
import { createRedactor, type Redactor } from "@eventkit/runtime/redact";
import { deref, HTTP_METHODS, isObject } from "../openapi.js";
import type { OpenApiDocument } from "../specs.js";

export interface SecretNames {
  readonly headers: readonly string[];
  readonly query: readonly string[];
  readonly cookies: readonly string[];
}

export function secretNames(doc: OpenApiDocument): SecretNames {
  const headers = new Set<string>();
  const query = new Set<string>();
  const cookies = new Set<string>();
  const add = (where: unknown, name: unknown): void => {
    if (typeof name !== "string") return;
    if (where === "header") headers.add(name.toLowerCase());
    else if (where === "query") query.add(name);
    else if (where === "cookie") cookies.add(name);
  };
  const components = isObject(doc.components) ? doc.components : {};
  for (const raw of Object.values(isObject(components.securitySchemes) ? components.securitySchemes : {})) {
    const scheme = deref(doc, raw);
    if (isObject(scheme) && scheme.type === "apiKey") add(scheme.in, scheme.name);
  }
  for (const rawItem of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    const item = deref(doc, rawItem);
    if (!isObject(item)) continue;
    const lists = [
      item.parameters,
      ...HTTP_METHODS.map((m) => (isObject(item[m]) ? (item[m] as Record<string, unknown>).parameters : undefined)),
    ];
    for (const raw of lists.flatMap(asArray)) {
      const p = deref(doc, raw);
      if (isObject(p) && p["x-eventkit-secret"] === true) add(p.in, p.name);
    }
  }
  return { headers: [...headers], query: [...query], cookies: [...cookies] };
}

/** A redactor for one exchange: the secret names, and every form of the values this request sent in them. */
export function exchangeRedactor(
  names: SecretNames,
  url: URL,
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Redactor {
  const values: string[] = [];
  const secretHeaders = new Set(["authorization", "proxy-authorization", "cookie", ...names.headers]);
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined || !secretHeaders.has(name.toLowerCase())) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) values.push(...credentialForms(name.toLowerCase(), value));
  }
  for (const name of names.query) values.push(...url.searchParams.getAll(name));
  return createRedactor({
    secretValues: values,
    secretHeaders: [...secretHeaders],
    secretQueryParams: [...names.query],
  });
}

/** `Basic <b64>` → the header, the token, `user:password` and the password; `Token k` → the header and `k`; cookies → each value. */
function credentialForms(name: string, value: string): string[] {
  const forms = [value];
  if (name === "cookie") {
    for (const pair of value.split(";")) {
      const eq = pair.indexOf("=");
      if (eq !== -1) forms.push(pair.slice(eq + 1).trim());
    }
    return forms;
  }
  const space = value.indexOf(" ");
  if (space === -1) return forms;
  const token = value.slice(space + 1).trim();
  forms.push(token);
  if (/^basic$/i.test(value.slice(0, space))) {
    const decoded = Buffer.from(token, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon !== -1) forms.push(decoded, decoded.slice(colon + 1));
  }
  return forms;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
