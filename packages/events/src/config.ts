import { type CapillaryClient, type CapillaryClientOptions, createCapillaryClient } from "@eventkit/capillary";
import { createDatadogClient, type DatadogClient, type DatadogClientOptions } from "@eventkit/datadog";
import { createMem0Client, type Mem0Client, type Mem0ClientOptions } from "@eventkit/mem0";
import { createOpalClient, type OpalClient, type OpalClientOptions } from "@eventkit/opal";
import { ConfigurationError, type Observer } from "@eventkit/runtime";
import { createTrieveClient, type TrieveClient, type TrieveClientOptions } from "@eventkit/trieve";
import { VENDORS, type VendorName } from "./event.js";
import type { EventSource, PageSizes } from "./source.js";
import { capillarySource } from "./vendors/capillary.js";
import { type DatadogApi, datadogSources } from "./vendors/datadog.js";
import { mem0Source } from "./vendors/mem0.js";
import { opalSource } from "./vendors/opal.js";
import { trieveSource } from "./vendors/trieve.js";

/**
 * A vendor is configured with its client options (credentials, server, retries...), with
 * `{ client }` holding a client already built, or with the client itself; `Extra` are the hub's own
 * settings for that vendor.
 */
export type VendorConfig<Options, Client, Extra = unknown> = (Options & Extra) | ({ readonly client: Client } & Extra) | Client;

export interface DatadogExtra {
  /** Default `v2`. `both` lists v1 and v2 and prefixes ids with `v2:` and `v1:` to keep them apart. */
  readonly api?: DatadogApi;
}

export interface TrieveExtra {
  /** Sent as the `TR-Dataset` header on every call; default `$TRIEVE_DATASET_ID`. */
  readonly datasetId?: string;
}

export interface HubOptions {
  /** Events per request where the vendor lets the caller choose: Opal and Datadog v2 (default 1000), Capillary's `limit` (default 500). */
  readonly pageSize?: number;
  /** Pages fetched ahead of the consumer per streaming endpoint (default 2). */
  readonly prefetchPages?: number;
  /** Cap on the events held per vendor whose order is unknown (default 100 000); beyond it the vendor fails with a `BufferLimitError`. */
  readonly maxBufferedEvents?: number;
  /** How far before each checkpoint `sync` reads again (default 5 minutes). */
  readonly overlapMs?: number;
}

export interface HubConfig extends HubOptions {
  readonly mem0?: VendorConfig<Mem0ClientOptions, Mem0Client>;
  readonly opal?: VendorConfig<OpalClientOptions, OpalClient>;
  readonly datadog?: VendorConfig<DatadogClientOptions, DatadogClient, DatadogExtra>;
  readonly trieve?: VendorConfig<TrieveClientOptions, TrieveClient, TrieveExtra>;
  readonly capillary?: VendorConfig<CapillaryClientOptions, CapillaryClient>;
}

export interface HubClients {
  readonly mem0?: Mem0Client;
  readonly opal?: OpalClient;
  readonly datadog?: DatadogClient;
  readonly trieve?: TrieveClient;
  readonly capillary?: CapillaryClient;
}

/** One configured vendor: its shared client, and how to read it for one listing. */
export interface VendorSetup {
  readonly vendor: VendorName;
  readonly client: HubClients[VendorName] & object;
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
function split<Client, Extra extends object>(config: unknown, extraKeys: readonly (keyof Extra)[]): { client?: Client; options: AnyOptions; extra: Partial<Extra> } {
  if (isClient(config)) return { client: config as Client, options: {}, extra: {} };
  const { client, ...rest } = config as { client?: Client } & Record<string, unknown>;
  const extra: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) ((extraKeys as readonly string[]).includes(key) ? extra : options)[key] = value;
  if (client !== undefined && !isClient(client)) throw new ConfigurationError("a vendor's `client` must be a client built by its create…Client function");
  return { ...(client !== undefined ? { client } : {}), options, extra: extra as Partial<Extra> };
}

function chain(a: Observer | undefined, b: Observer): Observer {
  if (!a) return b;
  return {
    onRequest: (e) => (a.onRequest?.(e), b.onRequest?.(e)),
    onResponse: (e) => (a.onResponse?.(e), b.onResponse?.(e)),
    onRetry: (e) => (a.onRetry?.(e), b.onRetry?.(e)),
  };
}

function setup<Client extends object>(
  vendor: VendorName,
  config: unknown,
  create: (options: AnyOptions) => Client,
  extraKeys: readonly string[],
  sourcesOf: (client: Client, extra: Record<string, unknown>, env: AnyOptions["env"]) => EventSource[],
): VendorSetup {
  const { client: given, options, extra } = split<Client, Record<string, unknown>>(config, extraKeys);
  const client = given ?? create(options);
  return {
    vendor,
    client: client as VendorSetup["client"],
    countsRetries: given === undefined,
    sources: (observer) => sourcesOf(given ?? create({ ...options, observer: chain(options.observer, observer) }), extra, options.env),
  };
}

function datasetIdOf(extra: Record<string, unknown>, env: AnyOptions["env"]): string | undefined {
  const given = extra.datasetId;
  if (typeof given === "string" && given !== "") return given;
  return (env ?? process.env).TRIEVE_DATASET_ID || undefined;
}

/** A source that fails when read: a vendor set up wrongly fails alone, like one whose credentials are refused. */
function failing(vendor: VendorName, error: Error): EventSource {
  return {
    vendor,
    name: vendor,
    order: "none",
    filtersByTime: false,
    async *pages() {
      throw error;
    },
  };
}

export function setupVendors(config: HubConfig): VendorSetup[] {
  const sizes: PageSizes = config.pageSize !== undefined ? { pageSize: config.pageSize } : {};
  const setups: VendorSetup[] = [];
  for (const vendor of VENDORS) {
    const vendorConfig = config[vendor];
    if (vendorConfig === undefined || vendorConfig === null || (vendorConfig as unknown) === false) continue;
    switch (vendor) {
      case "mem0":
        setups.push(setup(vendor, vendorConfig, (o) => createMem0Client(o as Mem0ClientOptions), [], (c) => [mem0Source(c)]));
        break;
      case "opal":
        setups.push(setup(vendor, vendorConfig, (o) => createOpalClient(o as OpalClientOptions), [], (c) => [opalSource(c, sizes)]));
        break;
      case "datadog":
        setups.push(
          setup(vendor, vendorConfig, (o) => createDatadogClient(o as DatadogClientOptions), ["api"], (c, extra) => {
            const api = (extra.api ?? "v2") as DatadogApi;
            if (!["v1", "v2", "both"].includes(api)) return [failing("datadog", new ConfigurationError(`datadog: api must be "v1", "v2" or "both", not ${JSON.stringify(api)}`))];
            return datadogSources(c, api, sizes);
          }),
        );
        break;
      case "trieve":
        setups.push(
          setup(vendor, vendorConfig, (o) => createTrieveClient(o as TrieveClientOptions), ["datasetId"], (c, extra, env) => {
            const datasetId = datasetIdOf(extra, env);
            if (datasetId === undefined) return [failing("trieve", new ConfigurationError("trieve: missing dataset id: pass trieve.datasetId or set $TRIEVE_DATASET_ID"))];
            return [trieveSource(c, datasetId)];
          }),
        );
        break;
      case "capillary":
        setups.push(setup(vendor, vendorConfig, (o) => createCapillaryClient(o as CapillaryClientOptions), [], (c) => [capillarySource(c, sizes)]));
        break;
    }
  }
  return setups;
}
