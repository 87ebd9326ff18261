import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { IPrismHttpServer } from "@stoplight/prism-http-server/dist/types.js";
import { MockServerError } from "./errors.js";
import { cachedOperations, documentDigest } from "./operations-cache.js";
import type { LoadedSpec } from "./specs.js";

type PrismHttp = typeof import("@stoplight/prism-http");
type PrismHttpServer = typeof import("@stoplight/prism-http-server");
type PrismCore = typeof import("@stoplight/prism-core");

/** What dist/vendor/prism.cjs exports (scripts/bundle-prism.ts). */
export interface Prism {
  readonly http: PrismHttp;
  readonly server: PrismHttpServer;
  readonly core: PrismCore;
  /** Prism's schema validator, for checking items outside an exchange (cassette/validate-items.ts). */
  readonly validatorUtils: typeof import("@stoplight/prism-http/dist/validator/validators/utils.js");
}

export type PrismServer = IPrismHttpServer;
export type PrismOperation = Awaited<ReturnType<PrismHttp["getHttpOperationsFromSpec"]>>[number];

let loading: Promise<Prism> | undefined;

/** Prism and its dependencies as one file, written by the build (scripts/bundle-prism.ts). */
const BUNDLE = fileURLToPath(new URL("../dist/vendor/prism.cjs", import.meta.url));

/**
 * Prism is loaded on first use, once per process: importing this package (for the CLI's --help,
 * or the vitest helper's types) costs nothing. The build bundles it into one file, which loads in
 * a third of the time of its ~3,000 modules; from a source checkout that was never built, the
 * installed packages are loaded instead.
 */
export function loadPrism(): Promise<Prism> {
  loading ??= existsSync(BUNDLE)
    ? Promise.resolve(createRequire(import.meta.url)(BUNDLE) as Prism)
    : Promise.all([
        import("@stoplight/prism-http"),
        import("@stoplight/prism-http-server"),
        import("@stoplight/prism-core"),
        import("@stoplight/prism-http/dist/validator/validators/utils.js"),
      ]).then(([http, server, core, validatorUtils]) => ({
        http: commonJs(http),
        server: commonJs(server),
        core: commonJs(core),
        validatorUtils: commonJs(validatorUtils),
      }));
  return loading;
}

/** Node exposes a CommonJS module's exports as `default`, and names only those it can detect. */
function commonJs<T>(module: T): T {
  return ((module as { default?: T }).default ?? module) as T;
}

/** Prism's operations of a document, computed once per document (see operations-cache.ts). Callers only read them. */
export async function prismOperations(spec: LoadedSpec): Promise<PrismOperation[]> {
  const digest = spec.digest ?? documentDigest(JSON.stringify(spec.document));
  return cachedOperations(spec.source, digest, async () => {
    const { http } = await loadPrism();
    let operations: PrismOperation[];
    try {
      operations = await http.getHttpOperationsFromSpec(structuredClone(spec.document));
    } catch (error) {
      throw new MockServerError("INVALID_SPEC", `${spec.source}: Prism cannot read it: ${messageOf(error)}`, {
        cause: error,
      });
    }
    if (operations.length === 0)
      throw new MockServerError("INVALID_SPEC", `${spec.source}: the document has no operations to mock`);
    return operations;
  });
}

export interface PrismConfig {
  readonly validateRequest: boolean;
  readonly dynamic: boolean;
  readonly seed?: number | undefined;
  /** Proxy mode: requests go to this URL and Prism validates what comes back. */
  readonly upstream?: string | undefined;
  /** Prism's --errors: a response violation becomes a 500 problem instead of a header. */
  readonly errors?: boolean | undefined;
}

export async function createPrismServer(
  operations: PrismOperation[],
  config: PrismConfig,
  name: string,
): Promise<PrismServer> {
  const { server, core } = await loadPrism();
  const shared = {
    validateRequest: config.validateRequest,
    validateResponse: true,
    checkSecurity: true,
    errors: config.errors ?? false,
    upstreamProxy: undefined,
    mock: { dynamic: config.dynamic, ...(config.seed !== undefined ? { seed: String(config.seed) } : {}) },
  };
  const prismConfig =
    config.upstream !== undefined
      ? { ...shared, isProxy: true as const, upstream: new URL(config.upstream) }
      : { ...shared, isProxy: false as const };
  return server.createServer(operations, {
    cors: true,
    config: prismConfig,
    components: { logger: core.createLogger(name, { level: "silent" }) },
  });
}

export function messageOf(error: unknown): string {
  if (typeof error === "string") return error;
  if (error instanceof Error) return error.message;
  return String(error);
}
