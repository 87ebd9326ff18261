import { Option, type Command } from "commander";
import type { HubConfig } from "../config.js";
import { isVendorName, VENDORS, type VendorName } from "../event.js";
import { UsageError } from "./usage.js";

import { VENDOR_REGISTRY, type VendorPackage } from "../registry.js";

interface Variable {
  readonly env: string;
  readonly flag: string;
  readonly required: boolean;
  readonly description: string;
  /** What `--mock` sets it to: the mocks check that credentials are sent, not what they are. */
  readonly mockValue: string;
}

function flagOfEnv(env: string): string {
  return `--${env.toLowerCase().replace(/_/g, "-")}`;
}

/**
 * A vendor's variables, read from its spec: `x-eventkit-env` of the security schemes its feeds use
 * (required), of its server variables (optional), and the config values its feeds declare.
 */
function variablesOf(pkg: VendorPackage): Variable[] {
  const { spec } = pkg;
  const vars: Variable[] = [];
  const add = (env: string | undefined, required: boolean, description: string, mockValue = "mock") => {
    if (env && !vars.some((v) => v.env === env))
      vars.push({ env, flag: flagOfEnv(env), required, description: `${spec.title}: ${description}`, mockValue });
  };
  const schemes = new Set(pkg.feeds.flatMap(({ operation }) => spec.operations[operation]?.security.flat() ?? []));
  for (const name of schemes) {
    const scheme = spec.securitySchemes[name];
    if (!scheme) continue;
    if (scheme.type === "apiKey") add(scheme.env, true, `API key (${scheme.in} ${scheme.name})`);
    else if (scheme.scheme === "bearer") add(scheme.env, true, "bearer token");
    else {
      add(scheme.env?.username, true, "user name");
      add(scheme.env?.password, true, "password");
    }
  }
  for (const { feed } of pkg.feeds)
    for (const value of Object.values(feed.config ?? {}))
      add(value.env, value.required === true, value.description, value.example);
  for (const server of spec.servers) {
    for (const [name, variable] of Object.entries(server.variables ?? {})) {
      add(
        variable.env,
        false,
        `${name}${variable.enum ? `: ${variable.enum.join(", ")}` : ""} (${variable.default} when unset)`,
      );
    }
  }
  return vars;
}

/** One documented set of variables per vendor; each has a flag too (flags show up in `ps`: prefer the environment). */
export const VENDOR_VARIABLES: Readonly<Record<VendorName, readonly Variable[]>> = Object.fromEntries(
  VENDOR_REGISTRY.map((pkg) => [pkg.vendor, variablesOf(pkg)]),
) as Record<VendorName, Variable[]>;

/** Vendors with several feeds take `--<vendor>-api <name>`: which feed to list. */
const FEED_CHOICES = VENDOR_REGISTRY.filter((pkg) => pkg.feeds.length > 1).map((pkg) => {
  const names = pkg.feeds.map((f) => f.feed.name).filter((n) => n !== undefined);
  const preferred = pkg.feeds.find((f) => f.feed.default)?.feed.name ?? "both";
  return { vendor: pkg.vendor, flag: `--${pkg.vendor}-api`, names, preferred };
});

/** The endpoints whose page size the caller chooses. */
const PAGE_SIZED = VENDOR_REGISTRY.flatMap((pkg) =>
  pkg.feeds
    .filter((f) => f.feed.pageSize)
    .map((f) => (pkg.feeds.length > 1 && f.feed.name ? `${pkg.vendor} ${f.feed.name}` : pkg.vendor)),
);

/** Options every command that reads vendors takes. */
export function addVendorOptions(command: Command): Command {
  command
    .option(
      "--vendor <names>",
      `comma-separated vendors (${VENDORS.join(", ")}); default: every vendor with credentials`,
    )
    .option("--mock", "start local scenario mocks of the vendors (no credentials needed) and read from them")
    .option("--page-size <n>", `events per request where the vendor lets us choose (${PAGE_SIZED.join(", ")})`)
    .option("--base-url <vendor=url...>", "send a vendor's requests to another base URL (a proxy, a mock)")
    .option("--quiet", "no progress and no summary on stderr");
  for (const choice of FEED_CHOICES)
    command.option(
      `${choice.flag} <api>`,
      `${choice.vendor} endpoint to list: ${choice.names.join(", ")} or both`,
      choice.preferred,
    );
  for (const variable of Object.values(VENDOR_VARIABLES).flat()) {
    // No default shown: help output must never echo a credential from the environment.
    command.addOption(new Option(`${variable.flag} <value>`, `${variable.description}; overrides $${variable.env}`));
  }
  return command;
}

export interface VendorFlags {
  readonly vendor?: string;
  readonly mock?: boolean;
  readonly pageSize?: string;
  readonly baseUrl?: readonly string[];
  readonly quiet?: boolean;
  readonly [flag: string]: unknown;
}

export function parseVendorList(text: string | undefined): VendorName[] | undefined {
  if (text === undefined) return undefined;
  const names = text
    .split(",")
    .map((n) => n.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError("--vendor names no vendor");
  for (const name of names)
    if (!isVendorName(name)) throw new UsageError(`--vendor: unknown vendor "${name}" (known: ${VENDORS.join(", ")})`);
  return [...new Set(names)] as VendorName[];
}

function camel(flag: string): string {
  return flag.replace(/^--/, "").replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The environment the clients read, with flags overriding variables. */
export function environmentOf(flags: VendorFlags, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...env };
  for (const variable of Object.values(VENDOR_VARIABLES).flat()) {
    const value = flags[camel(variable.flag)];
    if (typeof value === "string") merged[variable.env] = value;
  }
  return merged;
}

export function missingVariables(vendor: VendorName, env: Readonly<Record<string, string | undefined>>): string[] {
  return VENDOR_VARIABLES[vendor].filter((v) => v.required && !env[v.env]).map((v) => v.env);
}

export function describeVariables(vendor: VendorName): string {
  return VENDOR_VARIABLES[vendor].map((v) => (v.required ? v.env : `[${v.env}]`)).join(" ");
}

function parseBaseUrls(values: readonly string[] | undefined): Partial<Record<VendorName, string>> {
  const urls: Partial<Record<VendorName, string>> = {};
  for (const value of values ?? []) {
    const at = value.indexOf("=");
    const vendor = value.slice(0, at).trim().toLowerCase();
    const url = value.slice(at + 1).trim();
    if (at < 0 || !isVendorName(vendor))
      throw new UsageError(
        `--base-url ${JSON.stringify(value)}: expected <vendor>=<url>, vendor one of ${VENDORS.join(", ")}`,
      );
    try {
      new URL(url);
    } catch {
      throw new UsageError(`--base-url ${vendor}: "${url}" is not an absolute URL`);
    }
    urls[vendor] = url;
  }
  return urls;
}

export function parsePositiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a whole number ≥ 1 (got "${value}")`);
  return n;
}

export interface VendorSelection {
  readonly vendors: VendorName[];
  readonly config: HubConfig;
  /** Vendors left out because some of their variables are missing: worth a note on stderr. */
  readonly skipped: { vendor: VendorName; missing: string[] }[];
}

/**
 * Which vendors take part and how each is configured. Without --vendor: every vendor whose
 * required variables are all set. A vendor named in --vendor without its variables is a usage
 * error, and so is having none at all.
 */
export function selectVendors(
  flags: VendorFlags,
  env: Readonly<Record<string, string | undefined>>,
  overrides: Partial<Record<VendorName, string>> = {},
): VendorSelection {
  const requested = parseVendorList(flags.vendor);
  const apis: Partial<Record<VendorName, string>> = {};
  for (const choice of FEED_CHOICES) {
    const api = (flags[camel(choice.flag)] as string | undefined) ?? choice.preferred;
    if (![...choice.names, "both", "all"].includes(api))
      throw new UsageError(`${choice.flag} must be ${choice.names.join(", ")} or both (got "${api}")`);
    apis[choice.vendor] = api;
  }
  const pageSize = parsePositiveInteger(flags.pageSize, "--page-size");
  const baseUrls = { ...parseBaseUrls(flags.baseUrl), ...overrides };
  const skipped: VendorSelection["skipped"] = [];
  const vendors: VendorName[] = [];
  for (const vendor of requested ?? VENDORS) {
    const missing = missingVariables(vendor, env);
    if (missing.length === 0) vendors.push(vendor);
    else if (requested)
      throw new UsageError(
        `${vendor} needs ${missing.join(" and ")} (set the variable${missing.length > 1 ? "s" : ""} or pass ${missing.map((m) => flagOf(m)).join(" ")}), or use --mock`,
      );
    else if (missing.length < VENDOR_VARIABLES[vendor].filter((v) => v.required).length)
      skipped.push({ vendor, missing });
  }
  if (vendors.length === 0) {
    const sets = VENDORS.map((v) => `  ${v.padEnd(10)} ${describeVariables(v)}`).join("\n");
    const partial = skipped
      .map(({ vendor, missing }) => `\n(${vendor} has some of its variables, but not ${missing.join(" and ")})`)
      .join("");
    throw new UsageError(
      `no vendor has credentials. Set the variables of at least one vendor:\n${sets}\nor run with --mock to read from local mocks.${partial}`,
    );
  }
  const config: Record<string, unknown> = { ...(pageSize !== undefined ? { pageSize } : {}) };
  for (const vendor of vendors) {
    config[vendor] = {
      env,
      ...(baseUrls[vendor] ? { baseUrl: baseUrls[vendor] } : {}),
      ...(apis[vendor] !== undefined ? { api: apis[vendor] } : {}),
    };
  }
  return { vendors, config: config as HubConfig, skipped };
}

function flagOf(env: string): string {
  return (
    Object.values(VENDOR_VARIABLES)
      .flat()
      .find((v) => v.env === env)?.flag ?? env
  );
}
