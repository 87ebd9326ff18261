import { base64 } from "./base64.js";
import { ConfigurationError } from "./config-error.js";
import type { Env } from "./env.js";
import type { ClientSpec, OperationSpec, SecuritySchemeSpec } from "./spec.js";

/** Password digests by name (`x-eventkit-password-digest`), each from password to what is sent. */
export type PasswordDigests = Readonly<Record<string, (password: string) => string>>;

export type Credential = string | { readonly username: string; readonly password: string };

interface Placement {
  readonly in: "header" | "query" | "cookie";
  readonly name: string;
  readonly value: string;
}

export interface Authorizer {
  /** The request with the credentials of the operation's first satisfiable security requirement. */
  authorize(request: Request, op: OperationSpec): Request | Promise<Request>;
  /**
   * `authorize` for a request not yet made: the credentials set on its headers, and the URL with
   * those that go in the query (the same URL when none does).
   */
  authorizeParts(url: string, headers: Headers, op: OperationSpec): string;
  /** Every form a credential takes on the wire, for the redactor. */
  readonly secretValues: readonly string[];
  readonly secretHeaders: readonly string[];
  readonly secretQueryParams: readonly string[];
}

function placementOf(
  scheme: SecuritySchemeSpec,
  credential: Credential,
  digests: PasswordDigests,
): { placement: Placement; secrets: string[] } {
  if (scheme.type === "apiKey") {
    const key = String(credential);
    const value = `${scheme.prefix ?? ""}${key}`;
    return { placement: { in: scheme.in, name: scheme.name, value }, secrets: [key, value] };
  }
  if (scheme.scheme === "bearer") {
    const token = String(credential);
    return { placement: { in: "header", name: "Authorization", value: `Bearer ${token}` }, secrets: [token] };
  }
  const { username, password } = credential as { username: string; password: string };
  const sent = scheme.passwordDigest ? digests[scheme.passwordDigest]!(password) : password;
  const encoded = base64(`${username}:${sent}`);
  return {
    placement: { in: "header", name: "Authorization", value: `Basic ${encoded}` },
    secrets: [password, sent, encoded],
  };
}

function credentialFromEnv(scheme: SecuritySchemeSpec, env: Env): Credential | undefined {
  if (!scheme.env) return undefined;
  if (typeof scheme.env === "string") return env[scheme.env] || undefined;
  const username = scheme.env.username ? env[scheme.env.username] : undefined;
  const password = scheme.env.password ? env[scheme.env.password] : undefined;
  return username && password ? { username, password } : undefined;
}

function isValidCredential(scheme: SecuritySchemeSpec, credential: unknown): credential is Credential {
  if (scheme.type === "http" && scheme.scheme === "basic") {
    const c = credential as { username?: unknown; password?: unknown } | null;
    return typeof c === "object" && c !== null && typeof c.username === "string" && typeof c.password === "string";
  }
  return typeof credential === "string" && credential.length > 0;
}

function envHint(scheme: SecuritySchemeSpec): string {
  if (!scheme.env) return "";
  return typeof scheme.env === "string"
    ? ` or set $${scheme.env}`
    : ` or set $${scheme.env.username} and $${scheme.env.password}`;
}

/** Resolves credentials once, from the options and then the environment, and applies them per call. */
export function createAuthorizer(
  spec: ClientSpec,
  auth: Readonly<Record<string, unknown>> | undefined,
  env: Env,
  digests: PasswordDigests = {},
): Authorizer {
  const placements = new Map<string, Placement>();
  const secretValues: string[] = [];
  const secretHeaders: string[] = [];
  const secretQueryParams: string[] = [];
  for (const [name, scheme] of Object.entries(spec.securitySchemes)) {
    if (scheme.type === "apiKey" && scheme.in === "header") secretHeaders.push(scheme.name);
    if (scheme.type === "apiKey" && scheme.in === "query") secretQueryParams.push(scheme.name);
    if (
      scheme.type === "http" &&
      scheme.scheme === "basic" &&
      scheme.passwordDigest &&
      !Object.hasOwn(digests, scheme.passwordDigest)
    ) {
      const digest = scheme.passwordDigest;
      throw new ConfigurationError(
        `${spec.vendor}: security scheme ${name} sends a ${digest} password digest, but the client was built without it (pass { passwordDigests: { ${digest}: ${digest}Hex } } to createApiClient, imported from "@eventkit/runtime/${digest}")`,
      );
    }
    const given = auth?.[name];
    if (given !== undefined && !isValidCredential(scheme, given)) {
      const want =
        scheme.type === "http" && scheme.scheme === "basic" ? "{ username, password } strings" : "a non-empty string";
      throw new ConfigurationError(`${spec.vendor}: auth.${name} must be ${want}`);
    }
    const credential = given ?? credentialFromEnv(scheme, env);
    if (credential === undefined) continue;
    const { placement, secrets } = placementOf(scheme, credential, digests);
    placements.set(name, placement);
    secretValues.push(...secrets, placement.value);
  }
  for (const op of Object.values(spec.operations)) {
    for (const param of op.secretParams ?? []) {
      secretHeaders.push(param);
      secretQueryParams.push(param);
    }
  }

  /** The placements of the operation's first satisfiable security requirement, looked up once per operation. */
  const chosenByOp = new WeakMap<OperationSpec, readonly Placement[]>();
  const chosenFor = (op: OperationSpec): readonly Placement[] => {
    let chosen = chosenByOp.get(op);
    if (chosen) return chosen;
    const usable = op.security.find((set) => set.every((name) => placements.has(name)));
    if (!usable) {
      const missing = op.security[0]!.filter((name) => !placements.has(name));
      const how = missing.map((name) => `auth.${name}${envHint(spec.securitySchemes[name]!)}`).join(", ");
      throw new ConfigurationError(`${spec.vendor} ${op.operationId}: missing credentials: pass ${how}`);
    }
    chosen = usable.map((name) => placements.get(name)!);
    chosenByOp.set(op, chosen);
    return chosen;
  };
  const setHeaders = (chosen: readonly Placement[], headers: Headers): void => {
    for (const p of chosen) {
      if (p.in === "header") headers.set(p.name, p.value);
      else if (p.in === "cookie") headers.append("Cookie", `${p.name}=${encodeURIComponent(p.value)}`);
    }
  };
  const withQuery = (chosen: readonly Placement[], url: string): URL | undefined => {
    let parsed: URL | undefined;
    for (const p of chosen) {
      if (p.in !== "query") continue;
      parsed ??= new URL(url);
      parsed.searchParams.set(p.name, p.value);
    }
    return parsed;
  };

  const authorize = (request: Request, op: OperationSpec): Request | Promise<Request> => {
    if (op.security.length === 0) return request;
    const chosen = chosenFor(op);
    const url = withQuery(chosen, request.url);
    // Headers of a Request made by openapi-fetch can be set in place; only a credential in the
    // query string needs a new Request (a new URL).
    if (!url) {
      setHeaders(chosen, request.headers);
      return request;
    }
    // The body is read into memory rather than passed on as a stream, which would go out chunked
    // (some servers and proxies reject a chunked request that also carries Content-Length).
    const rebuild = (body: ArrayBuffer | null): Request => {
      const rebuilt = new Request(url, {
        method: request.method,
        headers: request.headers,
        body,
        signal: request.signal,
      });
      setHeaders(chosen, rebuilt.headers);
      return rebuilt;
    };
    return request.body === null ? rebuild(null) : request.arrayBuffer().then(rebuild);
  };

  const authorizeParts = (url: string, headers: Headers, op: OperationSpec): string => {
    if (op.security.length === 0) return url;
    const chosen = chosenFor(op);
    setHeaders(chosen, headers);
    return withQuery(chosen, url)?.href ?? url;
  };

  return { authorize, authorizeParts, secretValues, secretHeaders, secretQueryParams };
}
