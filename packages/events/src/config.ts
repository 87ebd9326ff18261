import { ConfigurationError, type Observer } from "@eventkit/runtime";
import { nodeHttp } from "@eventkit/runtime/node";
import type { VendorName } from "./event.js";
import { feedSource } from "./feed/source.js";
import {
  type ClientOf,
  type ClientOptionsOf,
  type FeedConfigOf,
  type FeedNameOf,
  vendorPackage,
  VENDOR_REGISTRY,
  type VendorPackage,
} from "./registry.js";
import type { EventSource } from "./source.js";

/**
 * A vendor is configured with its client options (credentials, server, retries...), with
 * `{ client }` holding a client already built, or with the client itself; `Extra` are the hub's own
 * settings for that vendor.
 */
export type VendorConfig<Options, Client, Extra = unknown> =
  | (Options & Extra)
  | ({ readonly client: Client } & Extra)
  | Client;

/**
 * The hub's settings for one vendor: the config values its feeds declare (each defaulting to its
 * environment variable), and for a vendor with several feeds, which to read.
 */
export type VendorExtra<V extends VendorName> = FeedConfigOf<V> &
  ([FeedNameOf<V>] extends [never]
    ? unknown
    : {
        /** Which feed to list: one by name, or `both`/`all` (ids are then prefixed with the feed's name, `v2:`). Default: the feed marked default. */
        readonly api?: FeedNameOf<V> | "both" | "all";
      });

export interface HubOptions {
  /** Events per request where the vendor lets the caller choose (its feed declares `pageSize`). */
  readonly pageSize?: number;
  /** Pages fetched ahead of the consumer per streaming endpoint (default 2). */
  readonly prefetchPages?: number;
  /**
   * Events held in memory per vendor that neither filters by time nor documents an order, and per
   * vendor in a `sync` time slice (default 2000); beyond it they are sorted in runs on temporary
   * files and merged from there. Also the most events one `sync` batch holds.
   */
  readonly maxBufferedEvents?: number;
  /**
   * Events a time slice may hold, for vendors read in slices. Default: five pages of the vendor's
   * page size, at least 500 and at most 2000 (2000 at the vendors' default page sizes).
   */
  readonly sliceEvents?: number;
  /** How far before each checkpoint `sync` reads again (default 5 minutes). */
  readonly overlapMs?: number;
}

export type HubConfig = HubOptions & {
  readonly [V in VendorName]?: VendorConfig<ClientOptionsOf<V>, ClientOf<V>, VendorExtra<V>>;
};

export type HubClients = { readonly [V in VendorName]?: ClientOf<V> };

/** One configured vendor: its shared client, and how to read it for one listing. */
export interface VendorSetup {
  readonly vendor: VendorName;
  readonly client: object;
  /** False when the caller built the client: its retries cannot be observed. */
  readonly countsRetries: boolean;
  /** Sources over a client of their own when the hub built it, so that `observer` sees only this listing. */
  sources(observer: Observer): EventSource[];
}

type AnyOptions = { readonly observer?: Observer; readonly env?: Readonly<Record<string, string | undefined>> };

function isClient(value: unknown): boolean {
  return typeof value === "object" && value !== null && "raw" in value && "spec" in value && "baseUrl" in value;
}

/** Splits a vendor's config into client options (or a given client) and the hub's extras for it. */
function split(
  config: unknown,
  extraKeys: readonly string[],
): { client?: object; options: AnyOptions; extra: Record<string, unknown> } {
  if (isClient(config)) return { client: config as object, options: {}, extra: {} };
  const { client, ...rest } = config as { client?: object } & Record<string, unknown>;
  const extra: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) (extraKeys.includes(key) ? extra : options)[key] = value;
  if (client !== undefined && !isClient(client))
    throw new ConfigurationError("a vendor's `client` must be a client built by its create…Client function");
  // The hub reads many pages in a Node process: node:http costs a fifth of fetch's CPU per request
  // and leaves far less garbage (@eventkit/runtime/node). A `fetch` or `exchange` given is used as is.
  if (options.fetch === undefined && options.exchange === undefined) options.exchange = nodeHttp;
  return { ...(client !== undefined ? { client } : {}), options, extra };
}

function chain(a: Observer | undefined, b: Observer): Observer {
  if (!a) return b;
  return {
    onRequest: (e) => {
      a.onRequest?.(e);
      b.onRequest?.(e);
    },
    onResponse: (e) => {
      a.onResponse?.(e);
      b.onResponse?.(e);
    },
    onRetry: (e) => {
      a.onRetry?.(e);
      b.onRetry?.(e);
    },
  };
}

/** A source that fails when read: a vendor set up wrongly fails alone, like one whose credentials are refused. */
function failing(vendor: VendorName, error: Error): EventSource {
  return {
    vendor,
    name: vendor,
    order: "none",
    filtersByTime: false,
    // biome-ignore lint/correctness/useYield: its first page fails, so there is nothing to yield.
    async *pages() {
      throw error;
    },
  };
}

/** The config values of a vendor's feeds: given as options, else from their environment variables. */
function configValues(
  pkg: VendorPackage,
  extra: Record<string, unknown>,
  env: AnyOptions["env"],
): { values: Record<string, string>; missing: string[] } {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const { feed } of pkg.feeds) {
    for (const [name, declared] of Object.entries(feed.config ?? {})) {
      const given = extra[name];
      const value =
        typeof given === "string" && given !== ""
          ? given
          : declared.env
            ? (env ?? process.env)[declared.env] || undefined
            : undefined;
      if (value !== undefined) values[name] = value;
      else if (declared.required)
        missing.push(
          `${declared.description}: pass ${pkg.vendor}.${name}${declared.env ? ` or set $${declared.env}` : ""}`,
        );
    }
  }
  return { values, missing };
}

function sourcesOf(
  pkg: VendorPackage,
  client: object,
  extra: Record<string, unknown>,
  env: AnyOptions["env"],
  config: HubConfig,
): EventSource[] {
  const { vendor } = pkg;
  const { values, missing } = configValues(pkg, extra, env);
  if (missing.length)
    return [failing(vendor, new ConfigurationError(`${vendor}: missing ${[...new Set(missing)].join("; ")}`))];
  const names = pkg.feeds.map((f) => f.feed.name).filter((n) => n !== undefined);
  let chosen = pkg.feeds;
  if (pkg.feeds.length > 1) {
    const api = extra.api ?? pkg.feeds.find((f) => f.feed.default)?.feed.name ?? "all";
    if (api !== "all" && api !== "both" && !names.includes(api as string)) {
      return [
        failing(
          vendor,
          new ConfigurationError(
            `${vendor}: api must be ${names.map((n) => `"${n}"`).join(", ")} or "both", not ${JSON.stringify(api)}`,
          ),
        ),
      ];
    }
    chosen = api === "all" || api === "both" ? pkg.feeds : pkg.feeds.filter((f) => f.feed.name === api);
  }
  const several = chosen.length > 1;
  return chosen.map(({ operation, feed }) => {
    const fixedPageSize = pkg.spec.operations[operation]?.pagination?.pageSize;
    return feedSource({
      vendor,
      operation,
      feed,
      client,
      name: several && feed.name ? `${vendor} ${feed.name}` : vendor,
      ...(feed.name !== undefined && pkg.feeds.length > 1 ? { api: feed.name } : {}),
      idPrefix: several && feed.name ? `${feed.name}:` : "",
      ...(config.pageSize !== undefined ? { pageSize: config.pageSize } : {}),
      ...(fixedPageSize !== undefined ? { fixedPageSize } : {}),
      config: values,
      ...(config.sliceEvents !== undefined ? { sliceEvents: config.sliceEvents } : {}),
    });
  });
}

/** A hub setting that counts something: a whole number ≥ 1, or a ConfigurationError naming it. */
export function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new ConfigurationError(`${name} must be a whole number ≥ 1, not ${String(value)}`);
  return value;
}

export function setupVendors(config: HubConfig): VendorSetup[] {
  if (config.pageSize !== undefined) positiveInteger(config.pageSize, "pageSize");
  if (config.sliceEvents !== undefined) positiveInteger(config.sliceEvents, "sliceEvents");
  const setups: VendorSetup[] = [];
  for (const pkg of VENDOR_REGISTRY) {
    const vendorConfig = (config as Record<string, unknown>)[pkg.vendor];
    if (vendorConfig === undefined || vendorConfig === null || vendorConfig === false) continue;
    const extraKeys = [
      ...new Set(
        pkg.feeds.flatMap((f) => Object.keys(f.feed.config ?? {})).concat(pkg.feeds.length > 1 ? ["api"] : []),
      ),
    ];
    const { client: given, options, extra } = split(vendorConfig, extraKeys);
    const create = vendorPackage(pkg.vendor).create;
    const client = given ?? create(options);
    setups.push({
      vendor: pkg.vendor,
      client,
      countsRetries: given === undefined,
      sources: (observer) =>
        sourcesOf(
          pkg,
          given ?? create({ ...options, observer: chain(options.observer, observer) }),
          extra,
          options.env,
          config,
        ),
    });
  }
  return setups;
}
