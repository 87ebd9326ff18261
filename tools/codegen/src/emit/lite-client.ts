import type { SecuritySchemeSpec } from "@eventkit/runtime";
import type { ClientModel, OperationModel } from "../stages/model.js";
import { doc } from "./client.js";
import { generatedHeader } from "./header.js";

/**
 * `lite.ts`, the `@eventkit/<vendor>/lite` entry: a factory on `createLiteClient` whose credentials
 * and base URL are plain code written here per scheme and per server variable, so a bundle holds
 * only the lines its spec needs (no generic auth interpreter, md5 only where a scheme asks for it).
 */
export function emitLiteClient(model: ClientModel, source: string): string {
  const P = model.pascal;
  const q = (value: unknown) => JSON.stringify(value);
  const schemes = Object.entries(model.spec.securitySchemes);
  const lines: string[] = [];
  const imports = new Set(["createLiteClient", "defaultEnv"]);
  const credentials = schemes.map(([name, scheme], i) => {
    const c = `c${i}`;
    const { value, entry } = credentialCode(scheme, c, i, imports);
    lines.push(`  const ${c} = auth[${q(name)}] || ${value};`);
    if (scheme.type === "http" && scheme.scheme === "basic") {
      const sent = scheme.passwordDigest ? `${scheme.passwordDigest}Hex(${c}.password)` : `${c}.password`;
      lines.push(
        `  const s${i} = ${c} ? ${sent} : "";`,
        `  const b${i} = ${c} ? base64(\`\${${c}.username}:\${s${i}}\`) : "";`,
      );
    }
    return `        ${q(name)}: ${c} ? ${entry} : ${q(`auth.${name}${envHint(scheme)}`)},`;
  });
  const server = model.spec.servers[0];
  const vars = server?.variables ?? {};
  const baseUrl = server
    ? `\`${templateText(server.url.replace(/\/+$/, "")).replace(/\{([^}]+)\}/g, (whole, name: string) => {
        const v = vars[name];
        if (!v) return whole;
        const read = `vars[${q(name)}] ?? ${v.env ? `(env[${q(v.env)}] || ${q(v.default)})` : q(v.default)}`;
        if (!v.enum) return `\${${read}}`;
        imports.add("oneOf");
        return `\${oneOf(${q(model.vendor)}, ${q(name)}, ${read}, ${q(v.enum)})}`;
      })}\``
    : `options.baseUrl ?? noServer(${q(model.vendor)})`;
  if (!server) imports.add("noServer");
  const usesVars = baseUrl.includes("vars[");
  const digests = [
    ...new Set(schemes.map(([, s]) => (s.type === "http" && s.scheme === "basic" ? s.passwordDigest : undefined))),
  ].filter((d): d is NonNullable<typeof d> => d !== undefined);
  const operations = model.operations.map((op) => `        ${op.name}: ${operationTuple(op)},`);
  // openapi-fetch's path serializer only where a path has a parameter: without one the URL is left as it is.
  const pathParameters = model.operations.some((op) => op.spec.path.includes("{"));
  if (pathParameters) imports.add("defaultPathSerializer");
  return `${generatedHeader(source)}
import { ${[...imports].sort().join(", ")}, type LiteClientOptions, type LiteOperationMethod } from "@eventkit/runtime/lite";
${digests.map((d) => `import { ${d}Hex } from "@eventkit/runtime/${d}";\n`).join("")}import type { ${P}Auth, ${P}ServerVariables } from "./client.js";
import type { operations } from "./schema.js";

export type ${P}LiteClientOptions = LiteClientOptions<${P}Auth, ${P}ServerVariables>;

/**
 * The lite client of ${model.title}: typed calls with the spec's auth, typed errors and a
 * per-attempt timeout; retries are middleware (\`use: [withRetry()]\`); no pagination iterators,
 * no debug log, no observer, no \`raw\`. The full client is \`create${P}Client\` from the package's main entry.
 */
export interface ${P}LiteClient {
${model.operations.map((op) => `${doc([op.summary, `\`${op.spec.method.toUpperCase()} ${op.spec.path}\``, op.deprecated ? "@deprecated" : undefined], "  ")}  ${op.name}: LiteOperationMethod<operations[${q(op.spec.operationId)}]>;`).join("\n")}
}

export function create${P}LiteClient(options: ${P}LiteClientOptions = {}): ${P}LiteClient {
  const auth: ${P}Auth = options.auth ?? {};
  const env = options.env ?? defaultEnv();
${usesVars ? `  const vars: ${P}ServerVariables = options.server?.variables ?? {};\n` : ""}${lines.join("\n")}
  return createLiteClient(
    {
      vendor: ${q(model.vendor)},
      baseUrl: ${baseUrl},
      credentials: {
${credentials.join("\n")}
      },
      operations: {
${operations.join("\n")}
      },${pathParameters ? "\n      pathSerializer: defaultPathSerializer," : ""}
    },
    options,
  ) as unknown as ${P}LiteClient;
}

export { withRetry } from "@eventkit/runtime/retry";
export type { LiteCall, LiteCallOptions, LiteFetch, LiteMiddleware } from "@eventkit/runtime/lite";
export * from "@eventkit/runtime/client-exports";
`;
}

/** The credential found (option, then environment) and what it adds to a request. */
function credentialCode(
  scheme: SecuritySchemeSpec,
  c: string,
  i: number,
  imports: Set<string>,
): { value: string; entry: string } {
  const q = (value: unknown) => JSON.stringify(value);
  const fromEnv = (name: string | undefined) => (name ? `env[${q(name)}]` : "undefined");
  if (scheme.type === "apiKey") {
    const sent = scheme.prefix ? `\`${templateText(scheme.prefix)}\${${c}}\`` : c;
    const placed =
      scheme.in === "query"
        ? `query: { ${q(scheme.name)}: ${sent} }`
        : scheme.in === "cookie"
          ? `headers: { Cookie: \`${scheme.name}=\${encodeURIComponent(${sent})}\` }`
          : `headers: { ${q(scheme.name)}: ${sent} }`;
    return { value: fromEnv(scheme.env), entry: `{ ${placed}, secrets: [${c}${scheme.prefix ? `, ${sent}` : ""}] }` };
  }
  if (scheme.scheme === "bearer")
    return {
      value: fromEnv(scheme.env),
      entry: `{ headers: { Authorization: \`Bearer \${${c}}\` }, secrets: [${c}] }`,
    };
  imports.add("base64");
  const user = scheme.env?.username;
  const password = scheme.env?.password;
  const value =
    user && password
      ? `(env[${q(user)}] && env[${q(password)}] ? { username: env[${q(user)}], password: env[${q(password)}] } : undefined)`
      : "undefined";
  return {
    value,
    entry: `{ headers: { Authorization: \`Basic \${b${i}}\` }, secrets: [${c}.password, s${i}, b${i}] }`,
  };
}

function envHint(scheme: SecuritySchemeSpec): string {
  if (!scheme.env) return "";
  return typeof scheme.env === "string"
    ? ` or $${scheme.env}`
    : ` or $${scheme.env.username} and $${scheme.env.password}`;
}

function operationTuple(op: OperationModel): string {
  const s = op.spec;
  const q = (value: unknown) => JSON.stringify(value);
  // No requirement is one empty set of schemes, which every client satisfies.
  const security = s.security.length ? s.security : [[]];
  return `[${q(s.method.toUpperCase())}, ${q(s.path)}, ${q(s.operationId)}, ${q(security)}${s.safe ? ", 1" : ""}]`;
}

/** Text for a template literal: backquotes, backslashes and `${` escaped. */
function templateText(text: string): string {
  return text.replace(/[`\\]|\$\{/g, (m) => `\\${m}`);
}
