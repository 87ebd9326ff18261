import type {
  ClientFeeds,
  ClientSpec,
  FeedSpec,
  OperationSpec,
  SecuritySchemeSpec,
  ServerSpec,
  ServerVariableSpec,
} from "@eventkit/runtime/spec";
import { parametersOf } from "../runtime-spec.js";
import { feedOf } from "./feed.js";
import { errorAt, type JsonObject, type LoadedFile } from "./load.js";
import { extensionErrors } from "./extension-source.js";
import { checkPagination } from "./pagination.js";
import { int64PathsOf } from "./int64.js";
import { methodName, operationName } from "./method-names.js";
import { forEachOperation } from "./validate.js";

export interface OperationModel {
  name: string;
  spec: OperationSpec;
  /** `x-eventkit-feed`, validated: emitted apart from the spec (a client call does not need it). */
  feed?: FeedSpec | undefined;
  summary?: string | undefined;
  deprecated: boolean;
  parameters: { name: string; in: string; required: boolean }[];
  hasBody: boolean;
}

export interface ClientModel {
  vendor: string;
  /** PascalCase vendor name used in exported identifiers (`Mem0`, `Opal`). */
  pascal: string;
  /** Name of the exported spec constant (`opalSpec`). */
  specName: string;
  /** Name of the exported constant of the operations' feeds (`opalFeeds`), which @eventkit/events reads. */
  feedsName: string;
  title: string;
  spec: ClientSpec;
  /** By client method name, the operations with `x-eventkit-feed`. */
  feeds: ClientFeeds;
  operations: OperationModel[];
  serverVariables: Record<string, ServerVariableSpec>;
  warnings: string[];
}

export function pascalName(vendor: string): string {
  return vendor.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

/** Turns the bundled document into what the emitters need: operations, auth, servers, pagination. */
export function buildModel(vendor: string, doc: JsonObject, file: LoadedFile, overlay?: LoadedFile): ClientModel {
  const warnings: string[] = [];
  const info = (doc.info ?? {}) as JsonObject;
  const components = (doc.components ?? {}) as JsonObject;
  const securitySchemes = securitySchemesOf(components, warnings);
  const servers = serversOf(doc);
  const operations: OperationModel[] = [];
  const names = new Map<string, string>();
  forEachOperation(doc, (path, method, op) => {
    const operationId = op.operationId as string;
    const name = operationName(
      op,
      file,
      { path, method },
      extensionErrors(doc, { document: file, overlay }, path, method, "x-eventkit-method"),
    );
    const clash = names.get(name);
    if (clash)
      throw errorAt(
        file,
        ["paths", path, method, "operationId"],
        `operationIds "${clash}" and "${operationId}" both become the method name ${name}; name one with \`x-eventkit-name\` in an overlay action on it`,
      );
    names.set(name, operationId);
    const params = operationParameters(doc, path, op);
    const security = ((op.security ?? doc.security ?? []) as Record<string, unknown>[])
      .map((req) => Object.keys(req))
      .filter((set) => set.every((s) => s in securitySchemes));
    let spec: OperationSpec = {
      operationId,
      method: method as OperationSpec["method"],
      path,
      safe: method === "get" || method === "head" || method === "options" || op["x-eventkit-safe"] === true,
      security,
      ...(op["x-pagination"] !== undefined
        ? {
            pagination: checkPagination(
              op["x-pagination"],
              { doc, path, method, op },
              extensionErrors(doc, { document: file, overlay }, path, method, "x-pagination"),
            ),
          }
        : {}),
      ...(params.some((p) => p.secret) ? { secretParams: params.filter((p) => p.secret).map((p) => p.name) } : {}),
    };
    const feed =
      op["x-eventkit-feed"] !== undefined
        ? feedOf(doc, { path, method, op, parameters: params }, { document: file, ...(overlay ? { overlay } : {}) })
        : undefined;
    const int64Paths = int64PathsOf(doc, op, warnings, `${method.toUpperCase()} ${path}`);
    if (int64Paths.length) spec = { ...spec, int64Paths };
    operations.push({
      name,
      spec,
      ...(feed ? { feed } : {}),
      summary: firstSentence((op.summary ?? op.description) as string | undefined),
      deprecated: op.deprecated === true,
      parameters: params.map(({ name: n, in: i, required }) => ({ name: n, in: i, required })),
      hasBody: op.requestBody !== undefined,
    });
  });
  const serverVariables: Record<string, ServerVariableSpec> = {};
  for (const server of servers) Object.assign(serverVariables, server.variables);
  const spec: ClientSpec = {
    vendor,
    title: typeof info.title === "string" ? info.title : vendor,
    servers,
    securitySchemes,
    operations: Object.fromEntries(operations.map((o) => [o.name, o.spec])),
  };
  const feeds: ClientFeeds = Object.fromEntries(operations.flatMap((o) => (o.feed ? [[o.name, o.feed]] : [])));
  return {
    vendor,
    pascal: pascalName(vendor),
    specName: `${methodName(vendor)}Spec`,
    feedsName: `${methodName(vendor)}Feeds`,
    title: spec.title,
    spec,
    feeds,
    operations,
    serverVariables,
    warnings,
  };
}

function firstSentence(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const line = text.trim().split("\n")[0]!.trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

function operationParameters(doc: JsonObject, path: string, op: JsonObject) {
  return parametersOf(doc, (doc.paths as JsonObject)[path], op).map((p) => ({
    name: p.name as string,
    in: String(p.in),
    required: p.required === true,
    secret: p["x-eventkit-secret"] === true,
  }));
}

function securitySchemesOf(components: JsonObject, warnings: string[]): Record<string, SecuritySchemeSpec> {
  const out: Record<string, SecuritySchemeSpec> = {};
  for (const [name, raw] of Object.entries((components.securitySchemes ?? {}) as Record<string, JsonObject>)) {
    const s = raw ?? {};
    // `x-env-name` is Datadog's own extension for the same idea as ours.
    const env = (s["x-eventkit-env"] ?? s["x-env-name"]) as string | undefined;
    const scheme = typeof s.scheme === "string" ? s.scheme.toLowerCase() : undefined;
    if (
      s.type === "apiKey" &&
      (s.in === "header" || s.in === "query" || s.in === "cookie") &&
      typeof s.name === "string"
    ) {
      out[name] = {
        type: "apiKey",
        in: s.in,
        name: s.name,
        ...(s["x-eventkit-prefix"] ? { prefix: String(s["x-eventkit-prefix"]) } : {}),
        ...(env ? { env } : {}),
      };
    } else if (s.type === "http" && scheme === "basic") {
      const digest = s["x-eventkit-password-digest"];
      out[name] = {
        type: "http",
        scheme: "basic",
        ...(digest === "md5" ? { passwordDigest: "md5" as const } : {}),
        ...(env && typeof env === "object" ? { env } : {}),
      };
    } else if ((s.type === "http" && scheme === "bearer") || s.type === "oauth2" || s.type === "openIdConnect") {
      // OAuth 2 and OpenID Connect reach the client as an access token sent as a bearer token.
      out[name] = { type: "http", scheme: "bearer", ...(typeof env === "string" ? { env } : {}) };
    } else {
      warnings.push(
        `security scheme "${name}" (${String(s.type)}${scheme ? ` ${scheme}` : ""}) is not supported by the client; operations needing only it are sent without credentials`,
      );
    }
  }
  return out;
}

function serversOf(doc: JsonObject): ServerSpec[] {
  const servers = (Array.isArray(doc.servers) && doc.servers.length > 0 ? doc.servers : [{ url: "/" }]) as JsonObject[];
  return servers.map((s) => {
    const variables = Object.entries((s.variables ?? {}) as Record<string, JsonObject>).map(([name, v]) => [
      name,
      {
        default: String(v.default ?? ""),
        ...(Array.isArray(v.enum) ? { enum: v.enum.map(String) } : {}),
        ...(typeof v["x-eventkit-env"] === "string" ? { env: v["x-eventkit-env"] } : {}),
      } satisfies ServerVariableSpec,
    ]);
    const description = typeof s.description === "string" ? firstSentence(s.description) : undefined;
    return {
      url: String(s.url),
      ...(description !== undefined ? { description } : {}),
      ...(variables.length ? { variables: Object.fromEntries(variables) } : {}),
    };
  });
}
