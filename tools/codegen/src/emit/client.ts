import { isWholeValue, resultsPaths } from "../runtime-spec.js";
import { pascalName, type ClientModel, type OperationModel } from "../stages/model.js";
import { generatedHeader } from "./header.js";

export const doc = (lines: (string | undefined)[], indent = ""): string => {
  const body = lines.filter((l): l is string => Boolean(l)).map((l) => l.replace(/\*\//g, "*\\/"));
  if (body.length === 0) return "";
  return `${indent}/**\n${body.map((l) => `${indent} * ${l}`).join("\n")}\n${indent} */\n`;
};

/** The item type of a paged operation: the elements of the array at each `resultsPath` alternative. */
export function itemType(op: OperationModel): string {
  const data = `OperationData<operations[${JSON.stringify(op.spec.operationId)}]>`;
  const alternatives = resultsPaths(op.spec.pagination);
  return alternatives
    .map((path) => {
      if (isWholeValue(path))
        return alternatives.length > 1
          ? `Extract<${data}, readonly unknown[]>[number]`
          : `NonNullable<${data}>[number]`;
      let expr = alternatives.length > 1 ? `Exclude<${data}, readonly unknown[]>` : data;
      for (const key of path.split(".")) expr = `NonNullable<${expr}>[${JSON.stringify(key)}]`;
      return `NonNullable<${expr}>[number]`;
    })
    .join(" | ");
}

function authType(model: ClientModel): string {
  const fields = Object.entries(model.spec.securitySchemes).map(([name, s]) => {
    let type = "string";
    let what: string;
    let env: string | undefined;
    if (s.type === "apiKey") {
      what = `API key sent in ${s.in} \`${s.name}\`${s.prefix ? ` as \`${s.prefix}<key>\`` : ""}.`;
      env = s.env;
    } else if (s.scheme === "bearer") {
      what = "Bearer token.";
      env = s.env;
    } else {
      type = "{ username: string; password: string }";
      what = `HTTP Basic credentials${s.passwordDigest ? `; the password is sent as its ${s.passwordDigest} hex digest` : ""}.`;
      env = s.env ? [s.env.username, s.env.password].filter(Boolean).join(" and ") : undefined;
    }
    return `${doc([what, env ? `Default: the environment variable ${env}.` : undefined], "  ")}  ${JSON.stringify(name)}?: ${type};`;
  });
  return fields.length ? `{\n${fields.join("\n")}\n}` : "{}";
}

function variablesType(model: ClientModel): string {
  const fields = Object.entries(model.serverVariables).map(([name, v]) => {
    const type = v.enum ? v.enum.map((e) => JSON.stringify(e)).join(" | ") : "string";
    return `${doc([`Default: ${JSON.stringify(v.default)}${v.env ? `, or the environment variable ${v.env}` : ""}.`], "  ")}  ${JSON.stringify(name)}?: ${type};`;
  });
  return fields.length ? `{\n${fields.join("\n")}\n}` : "Record<string, never>";
}

function operationMember(op: OperationModel): string {
  const s = op.spec;
  const lines = [op.summary, `\`${s.method.toUpperCase()} ${s.path}\``, op.deprecated ? "@deprecated" : undefined];
  return `${doc(lines, "  ")}  ${op.name}: OperationMethod<operations[${JSON.stringify(s.operationId)}]>;`;
}

/**
 * Password digests the spec's basic schemes ask for. Each comes from its own runtime subpath
 * (`@eventkit/runtime/md5` exports `md5Hex`), so only the clients that need one bundle it.
 */
function passwordDigests(model: ClientModel): string[] {
  const names = Object.values(model.spec.securitySchemes).map((s) =>
    s.type === "http" && s.scheme === "basic" ? s.passwordDigest : undefined,
  );
  return [...new Set(names.filter((n): n is NonNullable<typeof n> => n !== undefined))].sort();
}

/** `client.ts`: the spec data for the runtime, the typed client interface and its factory. */
export function emitClient(model: ClientModel, source: string): string {
  const P = model.pascal;
  const digests = passwordDigests(model);
  // The exact-digits JSON parser, like the digests, is bundled only by clients whose spec needs it.
  const int64 = model.operations.some((o) => o.spec.int64Paths?.length);
  const extensionImports =
    digests.map((d) => `import { ${d}Hex } from "@eventkit/runtime/${d}";\n`).join("") +
    (int64 ? `import { parseJsonInt64 } from "@eventkit/runtime/int64";\n` : "");
  const members = [
    ...(digests.length ? [`passwordDigests: { ${digests.map((d) => `${d}: ${d}Hex`).join(", ")} }`] : []),
    ...(int64 ? ["parseJsonInt64"] : []),
  ];
  const extensions = members.length ? `, { ${members.join(", ")} }` : "";
  const paged = model.operations.filter((o) => o.spec.pagination);
  const pagedMembers = (kind: "PaginateMethod" | "PagesMethod") =>
    paged
      .map(
        (o) =>
          `    ${o.name}: ${kind}<operations[${JSON.stringify(o.spec.operationId)}], ${P}${pascalName(o.name)}Item>;`,
      )
      .join("\n");
  return `${generatedHeader(source)}
import { createApiClient, type ApiClient, type ClientFeeds, type ClientOptions, type ClientSpec, type OperationData, type OperationMethod${paged.length ? ", type PaginateMethod, type PagesMethod" : ""} } from "@eventkit/runtime";
${extensionImports}import type { operations, paths } from "./schema.js";
${paged.length ? `import type { ${paged.map((o) => `${P}${pascalName(o.name)}Item`).join(", ")} } from "./types.js";\n` : ""}
/** What the runtime needs to know about ${model.title}, derived from the spec. */
export const ${model.specName} = ${JSON.stringify(model.spec, null, 2)} as const satisfies ClientSpec;

/** How @eventkit/events reads the operations that list events (\`x-eventkit-feed\`); apart from the spec, so that calls do not bundle it. */
export const ${model.feedsName} = ${JSON.stringify(model.feeds, null, 2)} as const satisfies ClientFeeds;

/** Credentials, one entry per security scheme of the spec. */
export interface ${P}Auth ${authType(model)}

/** Variables of the spec's \`servers\` URLs. */
export type ${P}ServerVariables = ${variablesType(model)};

export type ${P}ClientOptions = ClientOptions<${P}Auth, ${P}ServerVariables>;

/** Typed client for ${model.title}. Calls throw the runtime's typed errors. */
export interface ${P}Client extends ApiClient<paths> {
${model.operations.map(operationMember).join("\n")}
  /** Async iterators over every item of the paginated operations, fetching pages as needed. */
  readonly paginate: {
${pagedMembers("PaginateMethod")}
  };
  /** Async iterators over whole pages of the paginated operations. */
  readonly pages: {
${pagedMembers("PagesMethod")}
  };
}

export function create${P}Client(options: ${P}ClientOptions = {}): ${P}Client {
  return createApiClient(${model.specName}, options${extensions}) as unknown as ${P}Client;
}
`;
}

/** The runtime's error classes and option types come along, so an application needs only the client package. */
export function emitIndex(model: ClientModel, source: string): string {
  const P = model.pascal;
  return `${generatedHeader(source)}
export { create${P}Client, ${model.feedsName}, ${model.specName} } from "./client.js";
export type { ${P}Auth, ${P}Client, ${P}ClientOptions, ${P}ServerVariables } from "./client.js";
export type { components, operations, paths } from "./schema.js";
export * from "@eventkit/runtime/client-exports";
export type * from "./types.js";
`;
}
