/**
 * Everything a test needs about a vendor, derived from specs/ and the documents the vendor packages
 * ship: nothing here is written per vendor, so a new folder under specs/ is tested once generated.
 */
import { listVendors, pascalName } from "@eventkit/codegen";
import { fileURLToPath } from "node:url";
import type { ClientFeeds, ClientOptions, ClientSpec, OperationSpec } from "@eventkit/runtime";
import { operationsOf, type Operation } from "../../src/openapi.js";
import { describeFeeds, type FeedOperation } from "../../src/scenario/feeds.js";
import { loadVendorSpec } from "../../src/specs.js";

export const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** Folders of specs/ that hold a package.json, as the generator sees them. */
export function specFolders(): string[] {
  return listVendors(ROOT);
}

export function vendorDocument(vendor: string): Record<string, unknown> {
  return loadVendorSpec(vendor).document;
}

/** The vendor's name as the generator names its factory (`create<Pascal>Client`). */
export const pascal = pascalName;

// biome-ignore lint/suspicious/noExplicitAny: tests call every vendor's methods through one type.
type AnyMembers = Record<string, any>;
export type AnyClient = AnyMembers & { spec: ClientSpec; paginate: AnyMembers; pages: AnyMembers };
export type Factory = (options?: ClientOptions) => AnyClient;

/** The generated client package, by workspace path (its source: no build needed). */
export async function clientFactory(vendor: string): Promise<Factory> {
  const module = (await import(`${ROOT}packages/${vendor}/src/index.ts`)) as Record<string, unknown>;
  const factory = module[`create${pascal(vendor)}Client`];
  if (typeof factory !== "function")
    throw new Error(`packages/${vendor}/src/index.ts exports no create${pascal(vendor)}Client`);
  return factory as Factory;
}

/** The vendor package's `x-eventkit-feed` data by client method (its `<vendor>Feeds` export). */
export async function clientFeeds(vendor: string): Promise<ClientFeeds> {
  const module = (await import(`${ROOT}packages/${vendor}/src/index.ts`)) as Record<string, unknown>;
  const name = Object.keys(module).find((key) => key.endsWith("Feeds"));
  if (!name) throw new Error(`packages/${vendor}/src/index.ts exports no <vendor>Feeds`);
  return module[name] as ClientFeeds;
}

/** A credential of the right shape for every security scheme: Prism checks presence, not value. */
export function credentials(spec: ClientSpec): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(spec.securitySchemes).map(([name, scheme]) => [
      name,
      scheme.type === "http" && scheme.scheme === "basic" ? { username: "eventkit", password: "test" } : `test-${name}`,
    ]),
  );
}

export interface VendorOperation {
  readonly method: string;
  readonly spec: OperationSpec;
  readonly operation: Operation;
  readonly feed?: FeedOperation;
}

/** Each operation with its client method name (from the generated client's spec), its document entry and, if it lists events, its feed. */
export function vendorOperations(clientSpec: ClientSpec, document: Record<string, unknown>): VendorOperation[] {
  const operations = operationsOf(document);
  const feeds = describeFeeds(document).feeds;
  return Object.entries(clientSpec.operations).map(([method, spec]) => {
    const operation = operations.find((o) => o.operationId === spec.operationId);
    if (!operation)
      throw new Error(
        `${clientSpec.vendor}: the client has ${spec.operationId}, the built document does not (rebuild?)`,
      );
    const feed = feeds.find((f) => f.operation.operationId === spec.operationId);
    return { method, spec, operation, ...(feed ? { feed } : {}) };
  });
}

/** One operation of one vendor, with what it takes to call it. */
export interface Listing {
  readonly vendor: string;
  readonly create: Factory;
  readonly auth: Record<string, unknown>;
  readonly op: VendorOperation;
}
