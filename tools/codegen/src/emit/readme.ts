import type { ClientModel } from "../stages/model.js";
import { pagingSentence } from "./readme-pagination.js";
import { runtimeReadmeSection } from "./runtime-readme.js";

export const README_START = "<!-- eventkit:generated:start -->";
export const README_END = "<!-- eventkit:generated:end -->";

function authSection(model: ClientModel): string[] {
  const schemes = Object.entries(model.spec.securitySchemes);
  if (schemes.length === 0) return ["No authentication."];
  return schemes.map(([name, s]) => {
    if (s.type === "apiKey") {
      return `- \`auth.${name}\`: API key sent in ${s.in} \`${s.name}\`${s.prefix ? ` as \`${s.prefix}<key>\` (the client adds the prefix)` : ""}${s.env ? `; default \`$${s.env}\`` : ""}.`;
    }
    if (s.scheme === "bearer") return `- \`auth.${name}\`: bearer token${s.env ? `; default \`$${s.env}\`` : ""}.`;
    const env = s.env ? `; default \`$${s.env.username}\` / \`$${s.env.password}\`` : "";
    return `- \`auth.${name}\`: \`{ username, password }\` for HTTP Basic${s.passwordDigest ? `; the password is sent as its ${s.passwordDigest} hex digest, computed by the client` : ""}${env}.`;
  });
}

function serverSection(model: ClientModel): string[] {
  const lines = model.spec.servers.map(
    (s, i) => `- \`server.index: ${i}\`: \`${s.url}\`${s.description ? ` (${s.description})` : ""}`,
  );
  for (const [name, v] of Object.entries(model.serverVariables)) {
    lines.push(
      `- \`server.variables.${name}\`: ${v.enum ? v.enum.map((e) => `\`${e}\``).join(", ") : "any string"}; default \`${v.default}\`${v.env ? `, or \`$${v.env}\`` : ""}.`,
    );
  }
  lines.push("- `baseUrl`: any URL, which overrides the servers (a mock, a proxy).");
  return lines;
}

/** A placeholder credential of the right shape for each scheme, for examples against a mock. */
function testAuth(model: ClientModel): string {
  const entries = Object.entries(model.spec.securitySchemes).map(
    ([name, s]) =>
      `${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}: ${s.type === "http" && s.scheme === "basic" ? '{ username: "test", password: "test" }' : '"test"'}`,
  );
  return entries.length ? `{ ${entries.join(", ")} }` : "{}";
}

function envVariables(model: ClientModel): string[] {
  return Object.values(model.spec.securitySchemes).flatMap((s) => {
    if (!s.env) return [];
    return typeof s.env === "string" ? [s.env] : [s.env.username, s.env.password].filter((e): e is string => !!e);
  });
}

function paginationSection(model: ClientModel): string[] {
  const paged = model.operations.filter((o) => o.spec.pagination);
  if (paged.length === 0) return ["No operation of this spec is paginated (none declares `x-pagination`)."];
  const first = paged[0]!;
  return [
    "Each paginated operation has `client.paginate.<method>(params, options)`, every item over all",
    "pages fetched lazily, and `client.pages.<method>(params, options)`, whole pages (`{ items, data,",
    "response, index }`). Options: `maxPages`, `maxItems`, `pageSize`, `signal`. A page the declaration cannot",
    "read, a cursor that repeats or a next URL on another origin throws a `PaginationError`, never a",
    "listing that quietly stops.",
    "",
    "```ts",
    `for await (const item of client.paginate.${first.name}({ /* params */ }, { maxPages: 10 })) {`,
    "  console.log(item);",
    "}",
    "```",
    "",
    `How this spec pages (its \`x-pagination\`):`,
    "",
    ...paged.map((o) => `- \`${o.name}\`: ${pagingSentence(o.spec.pagination!)}`),
  ];
}

function mocksSection(model: ClientModel): string[] {
  const v = model.vendor;
  const P = model.pascal;
  const first = model.operations[0];
  return [
    "`@eventkit/mock-server` serves this package's `openapi.json` through Prism (validated requests and",
    "responses, no credentials). Start it once per test run in a vitest `globalSetup`:",
    "",
    "```sh",
    "npm install --save-dev @eventkit/mock-server vitest",
    "```",
    "",
    "```ts",
    "// test/mocks.ts",
    'import { createGlobalSetup } from "@eventkit/mock-server/vitest";',
    `export default createGlobalSetup({ vendors: ["${v}"] });`,
    "",
    "// vitest.config.ts",
    'import { defineConfig } from "vitest/config";',
    'export default defineConfig({ test: { globalSetup: ["./test/mocks.ts"] } });',
    "",
    "// a test",
    'import { expect, inject, test } from "vitest";',
    `import { create${P}Client } from "@eventkit/${v}";`,
    "",
    'const { mocks } = inject("eventkitMocks");',
    `const client = create${P}Client({ baseUrl: mocks["${v}"], auth: ${testAuth(model)} });`,
    ...(first
      ? [
          "",
          `test("${first.name}", async () => {`,
          `  await expect(client.${first.name}(/* params */)).resolves.toBeDefined();`,
          "});",
        ]
      : []),
    "```",
    "",
    '`inject("eventkitMocks")` also holds `dynamic` (data generated from the schemas) and `scenarios`',
    "(many pages of events, injected faults); see the `@eventkit/mock-server` README. From a shell:",
    `\`npx eventkit-mock ${v}\` prints the mock's URL.`,
  ];
}

/** `@eventkit/<vendor>/lite`: what it is, how to use it, what it leaves out. */
function liteSection(model: ClientModel): string[] {
  const P = model.pascal;
  const v = model.vendor;
  const first = model.operations.find((o) => o.spec.pagination) ?? model.operations[0];
  const int64 = model.operations.filter((o) => o.spec.int64Paths?.length).map((o) => `\`${o.name}\``);
  return [
    "## Smaller bundles: the lite client",
    "",
    `\`@eventkit/${v}/lite\` makes the same typed calls for an application that counts bytes: openapi-fetch`,
    "with the spec's auth, typed errors and a per-attempt timeout; what costs more is opt-in middleware.",
    "`pnpm bench size` in the eventkit repository prints both sizes of one call.",
    "",
    "```ts",
    `import { create${P}LiteClient, withRetry } from "@eventkit/${v}/lite";`,
    "",
    `const client = create${P}LiteClient({ use: [withRetry()] }); // retries only with withRetry`,
    first ? `const result = await client.${first.name}(/* params */);` : "",
    "```",
    "",
    "Options: `auth`, `baseUrl`, `server: { variables }` (of the spec's first server), `timeoutMs` (per",
    "attempt, the response body included; default 60 s), `fetch`, `headers`, `env` and `use` (middleware,",
    "outermost first); per call `signal`, `timeoutMs` and `headers`. Calls return the body and throw the",
    "same error classes as the full client (`instanceof` works across both entries), with the status and",
    "request id as message (no summary of the body); the client's credentials are redacted from errors.",
    "`withRetry(retries | policy)` retries safe operations as the full client does (408, 429, 5xx,",
    "`Retry-After`, connection failures and timeouts before the response headers).",
    "",
    `Not in the lite client: \`paginate\`/\`pages\`, the debug log and \`observer\`, \`raw\`, \`server.index\`${
      int64.length ? `, exact int64 values (${int64.join(", ")} parse with \`JSON.parse\`)` : ""
    }, the response body limit (\`maxBodyBytes\`: the lite client reads a body whole, as fetch does, until its timeout), and redaction of success bodies: use \`create${P}Client\` for those.`,
  ];
}

/** The README section the generator owns: everything but the title and what a maintainer adds. */
export function readmeSection(model: ClientModel): string {
  const P = model.pascal;
  const v = model.vendor;
  const ops = model.operations.map((o) => {
    const pages = o.spec.pagination
      ? ` Paginated: \`client.paginate.${o.name}()\` and \`client.pages.${o.name}()\`.`
      : "";
    const summary = (o.summary ?? "")
      .replace(/\|/g, "\\|")
      .replace(/\s*\n\s*/g, " ")
      .trim();
    const sentence = summary && pages && !/[.!?]$/.test(summary) ? `${summary}.` : summary;
    return `| \`${o.name}\` | \`${o.spec.method.toUpperCase()} ${o.spec.path}\` | ${sentence}${pages} |`;
  });
  const first = model.operations.find((o) => o.spec.pagination) ?? model.operations[0];
  const example = first
    ? first.spec.pagination
      ? `for await (const item of client.paginate.${first.name}(/* params */)) {\n  console.log(item);\n}`
      : `const result = await client.${first.name}(/* params */);`
    : "";
  const env = envVariables(model);
  return [
    README_START,
    `Typed client for ${model.title}, generated from its OpenAPI spec (\`specs/${v}\` in the eventkit repository).`,
    "",
    "## Install",
    "",
    "```sh",
    `npm install @eventkit/${v}`,
    "```",
    "",
    "ES module with a `default` condition: `import` it, or `require()` it on Node >= 20.19. It runs in",
    "browsers and edge runtimes too. The overlaid spec ships as",
    `\`@eventkit/${v}/openapi.json\`.`,
    "",
    "## Usage",
    "",
    "```ts",
    `import { create${P}Client } from "@eventkit/${v}";`,
    "",
    `const client = create${P}Client(); // credentials from ${env.length ? env.map((e) => `\`$${e}\``).join(", ") : "nowhere (none needed)"}`,
    example,
    "```",
    "",
    "### Operations",
    "",
    "| method | HTTP | summary |",
    "| --- | --- | --- |",
    ...ops,
    "",
    "## Authentication",
    "",
    ...authSection(model),
    "",
    env.length
      ? `Pass \`auth\` to the client, or set ${env.map((e) => `\`${e}\``).join(", ")} in the environment (the \`env\` option reads another source, such as a browser's config object).`
      : "The spec declares no security scheme.",
    "",
    "## Servers",
    "",
    ...serverSection(model),
    "",
    "## Options",
    "",
    `\`create${P}Client(options)\` takes the options every eventkit client takes:`,
    "",
    runtimeReadmeSection("Options every client takes"),
    "",
    `Per call, beside \`params\` and \`body\`: \`signal\`, \`headers\`, \`timeoutMs\` and \`retries\` (\`false\` for none). \`EVENTKIT_DEBUG=${v}\` logs this client's requests.`,
    "",
    "## Errors",
    "",
    runtimeReadmeSection("Errors"),
    "",
    "```ts",
    `import { ApiError, RateLimitError, TimeoutError } from "@eventkit/${v}";`,
    "",
    "try {",
    `  await client.${first ? first.name : "<method>"}(/* params */);`,
    "} catch (error) {",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the README's example holds a template literal.
    "  if (error instanceof RateLimitError) console.warn(`retry later (request ${error.requestId})`);",
    "  else if (error instanceof ApiError) console.error(error.status, error.body);",
    "  else if (error instanceof TimeoutError) console.error(error.message);",
    "  else throw error;",
    "}",
    "```",
    "",
    "## Pagination",
    "",
    ...paginationSection(model),
    "",
    ...liteSection(model),
    "",
    "## Mocks",
    "",
    ...mocksSection(model),
    README_END,
  ].join("\n");
}

/** Replaces the generated section of a README, keeping everything written around it. */
export function mergeReadme(existing: string | undefined, section: string, title: string): string {
  if (existing === undefined) return `# ${title}\n\n${section}\n`;
  const start = existing.indexOf(README_START);
  const end = existing.indexOf(README_END);
  if (start === -1 || end === -1 || end < start) return `${existing.trimEnd()}\n\n${section}\n`;
  return existing.slice(0, start) + section + existing.slice(end + README_END.length);
}
