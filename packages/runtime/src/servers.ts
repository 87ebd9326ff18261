import { ConfigurationError } from "./config-error.js";
import type { Env } from "./env.js";
import type { ServerSpec } from "./spec.js";

export interface ServerOptions {
  /** Which of the spec's `servers` to use; default 0. */
  readonly index?: number;
  readonly variables?: Readonly<Record<string, string | undefined>>;
}

/**
 * The base URL: an explicit `baseUrl` wins; otherwise the chosen server's URL with its
 * variables filled from the options, then the variable's environment variable, then its default.
 */
export function resolveBaseUrl(
  vendor: string,
  servers: readonly ServerSpec[],
  baseUrl: string | undefined,
  server: ServerOptions | undefined,
  env: Env,
): string {
  if (baseUrl !== undefined) return checkUrl(vendor, baseUrl.replace(/\/+$/, ""), "baseUrl");
  const index = server?.index ?? 0;
  const chosen = servers[index];
  if (!chosen)
    throw new ConfigurationError(
      `${vendor}: server index ${index} does not exist (the spec has ${servers.length} server${servers.length === 1 ? "" : "s"})`,
    );
  const url = chosen.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const spec = chosen.variables?.[name];
    if (!spec)
      throw new ConfigurationError(`${vendor}: server URL ${chosen.url} names {${name}}, which it does not define`);
    const fromEnv = spec.env ? env[spec.env] : undefined;
    const value = server?.variables?.[name] ?? (fromEnv || undefined) ?? spec.default;
    if (spec.enum && !spec.enum.includes(value)) {
      const source =
        server?.variables?.[name] !== undefined
          ? `server.variables.${name}`
          : spec.env && fromEnv
            ? `$${spec.env}`
            : "the default";
      throw new ConfigurationError(
        `${vendor}: ${name} "${value}" (from ${source}) is not one of ${spec.enum.join(", ")}`,
      );
    }
    return value;
  });
  return checkUrl(vendor, url.replace(/\/+$/, ""), `server ${index}`);
}

function checkUrl(vendor: string, url: string, source: string): string {
  try {
    new URL(url);
  } catch {
    throw new ConfigurationError(`${vendor}: ${source} gives "${url}", which is not an absolute URL; pass baseUrl`);
  }
  return url;
}
