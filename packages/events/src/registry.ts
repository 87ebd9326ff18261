import type { ClientFeeds, ClientSpec, FeedSpec, Page } from "@eventkit/runtime";
import { VENDOR_PACKAGES } from "./generated/vendors.js";

/**
 * Everything vendor-specific the feed knows comes from here: the vendor packages' specs, feeds
 * (their `x-eventkit-feed` data) and client factories, and the types derived from them.
 */
type Package = (typeof VENDOR_PACKAGES)[number];

export type VendorName = Package["spec"]["vendor"];

type PackageOf<V extends VendorName> = Extract<Package, { spec: { vendor: V } }>;
export type ClientOf<V extends VendorName> = ReturnType<PackageOf<V>["create"]>;
export type ClientOptionsOf<V extends VendorName> = NonNullable<Parameters<PackageOf<V>["create"]>[0]>;
type FeedsOf<V extends VendorName> = PackageOf<V>["feeds"];

/** The client method names of a vendor's operations that carry a feed. */
export type FeedOperationOf<V extends VendorName> = keyof FeedsOf<V> & string;
type FeedAt<V extends VendorName, K> = K extends keyof FeedsOf<V> ? FeedsOf<V>[K] : never;

/** The name of the feed on operation K (`v2`); never when the feed has none. */
export type FeedNameAt<V extends VendorName, K> = FeedAt<V, K> extends { name: infer N extends string } ? N : never;

/** The feed names of a vendor with several feeds (`v1 | v2`); never for a vendor with one. */
export type FeedNameOf<V extends VendorName> = { [K in FeedOperationOf<V>]: FeedNameAt<V, K> }[FeedOperationOf<V>];

/** The value at a dotted path of a type. */
type At<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? At<NonNullable<T>[Head & keyof NonNullable<T>], Rest>
  : NonNullable<T>[P & keyof NonNullable<T>];
// biome-ignore lint/suspicious/noExplicitAny: matches any method's parameters and generator types; only Item is read.
type ItemOfPages<M> = M extends (...args: any[]) => AsyncGenerator<Page<infer Item, any>, any, any> ? Item : never;
// biome-ignore lint/suspicious/noExplicitAny: any parameter list (unknown[] would reject methods with typed parameters).
type Method = (...args: any[]) => Promise<unknown>;

/** The vendor's event as received, typed by its generated client: a page item, or an element at the feed's `items`. */
export type RawEventOf<
  V extends VendorName,
  K extends FeedOperationOf<V> = FeedOperationOf<V>,
> = K extends keyof ClientOf<V>["pages"]
  ? ItemOfPages<ClientOf<V>["pages"][K]>
  : FeedAt<V, K> extends { items: infer P extends string }
    ? ClientOf<V>[K & keyof ClientOf<V>] extends infer M extends Method
      ? NonNullable<At<Awaited<ReturnType<M>>, P>> extends readonly (infer Item)[]
        ? Item
        : never
      : never
    : never;

/** The config values a vendor's feeds declare (`datasetId`), as options of its hub config. */
export type FeedConfigOf<V extends VendorName> = {
  readonly [Name in {
    [K in FeedOperationOf<V>]: FeedAt<V, K> extends { config: infer C } ? keyof C & string : never;
  }[FeedOperationOf<V>]]?: string | undefined;
};

/** Every vendor package in the registry, as plain data for the code that reads any of them. */
export interface VendorPackage {
  readonly vendor: VendorName;
  readonly spec: ClientSpec;
  readonly create: (options?: object) => object;
  /** The operations with a feed, by client method name, in the spec's order. */
  readonly feeds: readonly { readonly operation: string; readonly feed: FeedSpec }[];
}

export const VENDOR_REGISTRY: readonly VendorPackage[] = VENDOR_PACKAGES.map((p) => {
  const spec = p.spec as ClientSpec;
  // In the spec's order of operations, as documented above.
  const byOperation = p.feeds as ClientFeeds;
  const feeds = Object.keys(spec.operations).flatMap((operation) =>
    byOperation[operation] ? [{ operation, feed: byOperation[operation] }] : [],
  );
  return { vendor: spec.vendor as VendorName, spec, create: p.create as VendorPackage["create"], feeds };
}).filter((p) => p.feeds.length > 0);

export const VENDORS: readonly VendorName[] = VENDOR_REGISTRY.map((p) => p.vendor);

export function isVendorName(value: string): value is VendorName {
  return (VENDORS as readonly string[]).includes(value);
}

export function vendorPackage(vendor: VendorName): VendorPackage {
  return VENDOR_REGISTRY.find((p) => p.vendor === vendor)!;
}
