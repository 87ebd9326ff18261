import { Option, type Command } from "commander";
import type { HubConfig } from "../config.js";
import { isVendorName, VENDORS, type VendorName } from "../event.js";
import { UsageError } from "./usage.js";

interface Variable {
  readonly env: string;
  readonly flag: string;
  readonly required: boolean;
  readonly description: string;
}

/** One documented set of variables per vendor; each has a flag too (flags show up in `ps`: prefer the environment). */
export const VENDOR_VARIABLES: Readonly<Record<VendorName, readonly Variable[]>> = {
  mem0: [{ env: "MEM0_API_KEY", flag: "--mem0-api-key", required: true, description: "Mem0 API key" }],
  opal: [{ env: "OPAL_API_TOKEN", flag: "--opal-api-token", required: true, description: "Opal API token" }],
  datadog: [
    { env: "DD_API_KEY", flag: "--dd-api-key", required: true, description: "Datadog API key" },
    { env: "DD_APP_KEY", flag: "--dd-app-key", required: true, description: "Datadog application key" },
    { env: "DD_SITE", flag: "--dd-site", required: false, description: "Datadog site such as datadoghq.eu (datadoghq.com when unset)" },
  ],
  trieve: [
    { env: "TRIEVE_API_KEY", flag: "--trieve-api-key", required: true, description: "Trieve API key" },
    { env: "TRIEVE_DATASET_ID", flag: "--trieve-dataset-id", required: true, description: "Trieve dataset id (sent as TR-Dataset)" },
  ],
  capillary: [
    { env: "CAPILLARY_USERNAME", flag: "--capillary-username", required: true, description: "Capillary till user name" },
    { env: "CAPILLARY_PASSWORD", flag: "--capillary-password", required: true, description: "Capillary till password" },
    { env: "CAPILLARY_CLUSTER", flag: "--capillary-cluster", required: false, description: "Capillary cluster: eu, apac, apac2 or us (eu when unset)" },
  ],
};

/** Options every command that reads vendors takes. */
export function addVendorOptions(command: Command): Command {
  command
    .option("--vendor <names>", `comma-separated vendors (${VENDORS.join(", ")}); default: every vendor with credentials`)
    .option("--mock", "start local scenario mocks of the vendors (no credentials needed) and read from them")
    .option("--datadog-api <api>", "Datadog endpoint to list: v2, v1 or both", "v2")
    .option("--page-size <n>", "events per request where the vendor lets us choose (Opal, Datadog v2, Capillary)")
    .option("--base-url <vendor=url...>", "send a vendor's requests to another base URL (a proxy, a mock)")
    .option("--quiet", "no progress and no summary on stderr");
  for (const variable of Object.values(VENDOR_VARIABLES).flat()) {
    // No default shown: help output must never echo a credential from the environment.
    command.addOption(new Option(`${variable.flag} <value>`, `${variable.description}; overrides $${variable.env}`));
  }
  return command;
}

export interface VendorFlags {
  readonly vendor?: string;
  readonly mock?: boolean;
  readonly datadogApi?: string;
  readonly pageSize?: string;
  readonly baseUrl?: readonly string[];
  readonly quiet?: boolean;
  readonly [flag: string]: unknown;
}

export function parseVendorList(text: string | undefined): VendorName[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(",").map((n) => n.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) throw new UsageError("--vendor names no vendor");
  for (const name of names) if (!isVendorName(name)) throw new UsageError(`--vendor: unknown vendor "${name}" (known: ${VENDORS.join(", ")})`);
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
    if (at < 0 || !isVendorName(vendor)) throw new UsageError(`--base-url ${JSON.stringify(value)}: expected <vendor>=<url>, vendor one of ${VENDORS.join(", ")}`);
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
export function selectVendors(flags: VendorFlags, env: Readonly<Record<string, string | undefined>>, overrides: Partial<Record<VendorName, string>> = {}): VendorSelection {
  const requested = parseVendorList(flags.vendor);
  const api = flags.datadogApi ?? "v2";
  if (!["v1", "v2", "both"].includes(api)) throw new UsageError(`--datadog-api must be v1, v2 or both (got "${api}")`);
  const pageSize = parsePositiveInteger(flags.pageSize, "--page-size");
  const baseUrls = { ...parseBaseUrls(flags.baseUrl), ...overrides };
  const skipped: VendorSelection["skipped"] = [];
  const vendors: VendorName[] = [];
  for (const vendor of requested ?? VENDORS) {
    const missing = missingVariables(vendor, env);
    if (missing.length === 0) vendors.push(vendor);
    else if (requested) throw new UsageError(`${vendor} needs ${missing.join(" and ")} (set the variable${missing.length > 1 ? "s" : ""} or pass ${missing.map((m) => flagOf(m)).join(" ")}), or use --mock`);
    else if (missing.length < VENDOR_VARIABLES[vendor].filter((v) => v.required).length) skipped.push({ vendor, missing });
  }
  if (vendors.length === 0) {
    const sets = VENDORS.map((v) => `  ${v.padEnd(10)} ${describeVariables(v)}`).join("\n");
    const partial = skipped.map(({ vendor, missing }) => `\n(${vendor} has some of its variables, but not ${missing.join(" and ")})`).join("");
    throw new UsageError(`no vendor has credentials. Set the variables of at least one vendor:\n${sets}\nor run with --mock to read from local mocks.${partial}`);
  }
  const config: Record<string, unknown> = { ...(pageSize !== undefined ? { pageSize } : {}) };
  for (const vendor of vendors) {
    config[vendor] = {
      env,
      ...(baseUrls[vendor] ? { baseUrl: baseUrls[vendor] } : {}),
      ...(vendor === "datadog" ? { api } : {}),
    };
  }
  return { vendors, config: config as HubConfig, skipped };
}

function flagOf(env: string): string {
  return Object.values(VENDOR_VARIABLES).flat().find((v) => v.env === env)?.flag ?? env;
}
