import type { ClientModel } from "../stages/model.js";

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
  const lines = model.spec.servers.map((s, i) => `- \`server.index: ${i}\`: \`${s.url}\`${s.description ? ` (${s.description})` : ""}`);
  for (const [name, v] of Object.entries(model.serverVariables)) {
    lines.push(`- \`server.variables.${name}\`: ${v.enum ? v.enum.map((e) => `\`${e}\``).join(", ") : "any string"}; default \`${v.default}\`${v.env ? `, or \`$${v.env}\`` : ""}.`);
  }
  lines.push("- `baseUrl`: any URL, which overrides the servers (a mock, a proxy).");
  return lines;
}

/** The README section the generator owns: operations, authentication, servers. */
export function readmeSection(model: ClientModel): string {
  const P = model.pascal;
  const ops = model.operations.map((o) => {
    const pages = o.spec.pagination ? ` Paginated: \`client.paginate.${o.name}()\` and \`client.pages.${o.name}()\`.` : "";
    return `| \`${o.name}\` | \`${o.spec.method.toUpperCase()} ${o.spec.path}\` | ${(o.summary ?? "").replace(/\|/g, "\\|")}${pages} |`;
  });
  const first = model.operations.find((o) => o.spec.pagination) ?? model.operations[0];
  const example = first
    ? first.spec.pagination
      ? `for await (const item of client.paginate.${first.name}(/* params */)) {\n  console.log(item);\n}`
      : `const result = await client.${first.name}(/* params */);`
    : "";
  return [
    README_START,
    `## API (generated from \`specs/${model.vendor}\`)`,
    "",
    "```ts",
    `import { create${P}Client } from "@eventkit/${model.vendor}";`,
    "",
    `const client = create${P}Client({ /* auth, server or baseUrl */ });`,
    example,
    "```",
    "",
    "### Operations",
    "",
    "| method | HTTP | summary |",
    "| --- | --- | --- |",
    ...ops,
    "",
    "### Authentication",
    "",
    ...authSection(model),
    "",
    "### Servers",
    "",
    ...serverSection(model),
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
