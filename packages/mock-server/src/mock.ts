import { readFileSync } from "node:fs";
import { checkRecordOptions, createRecorder } from "./cassette/record.js";
import { createReplayer, type ReplayMiss } from "./cassette/replay.js";
import { MockServerError } from "./errors.js";
import { closeServer, DEFAULT_HOST, listen, listenError, urlFor } from "./listen.js";
import { createPrismServer, prismOperations, type PrismServer } from "./prism.js";
import { loadGivenSpec, loadVendorSpec, type LoadedSpec } from "./specs.js";
import { observe, type Exchange } from "./traffic.js";

const VERSION = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string })
  .version;

/** A vendor whose spec this package ships, or a document of your own (a file path or the object). */
export type MockTarget = { readonly vendor: string } | { readonly spec: string | object };

export interface MockOptions {
  /** Prism checks each request against the spec and reports what does not match (default true). */
  readonly validateRequest?: boolean | undefined;
  /** Responses generated from the schemas instead of the spec's examples. */
  readonly dynamic?: boolean | undefined;
  /** Makes dynamic responses the same on every run; implies `dynamic`. */
  readonly seed?: number | undefined;
  /** Proxy mode: forward every request to this upstream URL and validate its responses. */
  readonly proxy?: string | undefined;
  /** With `proxy`: write each exchange, redacted, to a cassette in this folder (`<operationId>.<NNN>.har`), Prism's violations beside it. */
  readonly record?: string | undefined;
  /** Serve the cassettes of this folder through Prism's validating proxy instead of an upstream. */
  readonly replay?: string | undefined;
  /** Default 0 (a free port). With several targets, the n-th listens on `port + n`. */
  readonly port?: number | undefined;
  /** Default 127.0.0.1. */
  readonly host?: string | undefined;
  /** Called after each response, with Prism's violations of the spec. */
  readonly onRequest?: ((exchange: MockExchange) => void) | undefined;
}

export interface MockExchange extends Exchange {
  /** The vendor, or the spec's source for a document of your own. */
  readonly target: string;
}

export interface MockServer {
  readonly vendor?: string;
  /** Where the document came from: `specs/<vendor>` or the file given. */
  readonly source: string;
  /** Base URL to pass to a client as `baseUrl`. */
  readonly url: string;
  /** With `record`: the cassettes written so far. */
  recorded?(): readonly string[];
  /** With `replay`: the requests no cassette matched, each with the nearest recordings. */
  misses?(): readonly ReplayMiss[];
  close(): Promise<void>;
}

export function startMock(target: MockTarget, options: MockOptions = {}): Promise<MockServer> {
  return startMocks([target], options).then(([mock]) => mock!);
}

/**
 * Starts one Prism server per target in this process (Prism loads once). Everything is checked
 * before anything listens, and if one server cannot listen the others are closed again: a failed
 * start leaves nothing behind.
 */
export async function startMocks(targets: readonly MockTarget[], options: MockOptions = {}): Promise<MockServer[]> {
  const host = options.host ?? DEFAULT_HOST;
  const basePort = checkPort(options.port ?? 0);
  const upstream = options.proxy === undefined ? undefined : checkUpstream(options.proxy);
  checkRecordOptions(options);
  if ((options.record !== undefined || options.replay !== undefined) && targets.length !== 1) {
    throw new MockServerError(
      "INVALID_OPTIONS",
      `${options.record !== undefined ? "record" : "replay"} works on one vendor at a time (got ${targets.length})`,
    );
  }
  const specs = targets.map(loadTarget);
  const operations = await Promise.all(specs.map(prismOperations));
  const dynamic = options.dynamic ?? options.seed !== undefined;
  // A recorder or replayer is the upstream of the (single) Prism proxy; it listens on loopback only.
  const recorder =
    options.record !== undefined
      ? createRecorder({ doc: specs[0]!.document, upstream: upstream!, dir: options.record, version: VERSION })
      : undefined;
  const replayer = options.replay !== undefined ? createReplayer(options.replay) : undefined;
  const local = recorder?.server ?? replayer?.server;
  const localUrl = local ? urlFor(DEFAULT_HOST, await listen(local, 0, DEFAULT_HOST)) : undefined;
  const servers = await Promise.all(
    specs.map((spec, i) =>
      createPrismServer(
        operations[i]!,
        {
          validateRequest: options.validateRequest ?? true,
          dynamic,
          seed: options.seed,
          upstream: localUrl ?? upstream,
        },
        spec.vendor ?? "spec",
      ),
    ),
  );
  const results = await Promise.allSettled(
    servers.map((server, i) => listenPrism(server, basePort === 0 ? 0 : basePort + i, host)),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await Promise.all(
      results.map((r, i) => (r.status === "fulfilled" ? servers[i]!.close().catch(() => undefined) : undefined)),
    );
    if (local) await closeServer(local);
    throw failed.reason;
  }
  return results.map((r, i) => {
    const { address, port } = (r as PromiseFulfilledResult<{ address: string; port: number }>).value;
    const spec = specs[i]!;
    const stop =
      options.onRequest || recorder
        ? observe(address, port, (exchange) => {
            recorder?.violations(exchange.method, exchange.path, exchange.violations);
            options.onRequest?.({ ...exchange, target: spec.vendor ?? spec.source });
          })
        : () => undefined;
    let closing: Promise<void> | undefined;
    return {
      ...(spec.vendor !== undefined ? { vendor: spec.vendor } : {}),
      source: spec.source,
      url: urlFor(host, port),
      ...(recorder ? { recorded: () => recorder.written() } : {}),
      ...(replayer ? { misses: () => replayer.misses() } : {}),
      close: () => {
        closing ??= servers[i]!.close()
          .then(() => (local ? closeServer(local) : undefined))
          .finally(stop);
        return closing;
      },
    };
  });
}

function loadTarget(target: MockTarget): LoadedSpec {
  if ("vendor" in target && typeof target.vendor === "string") return loadVendorSpec(target.vendor);
  if ("spec" in target && target.spec !== undefined) return loadGivenSpec(target.spec);
  throw new MockServerError("INVALID_OPTIONS", "a mock target is { vendor } or { spec }");
}

export function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new MockServerError("INVALID_OPTIONS", `port ${port} is not a port number (0 to 65535)`);
  return port;
}

function checkUpstream(proxy: string): string {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    throw new MockServerError("INVALID_OPTIONS", `proxy "${proxy}" is not an absolute URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new MockServerError("INVALID_OPTIONS", `proxy "${proxy}" must be an http or https URL`);
  return url.href;
}

/** Prism's listen rejects with the bare message; its resolved address gives the bound port. */
export async function listenPrism(
  server: PrismServer,
  port: number,
  host: string,
): Promise<{ address: string; port: number }> {
  let address: string;
  try {
    address = await server.listen(port, host);
  } catch (error) {
    throw listenError(error, host, port);
  }
  const match = /^https?:\/\/(.*):(\d+)$/.exec(address);
  if (!match) throw new MockServerError("LISTEN_FAILED", `Prism reported an address it did not listen on: ${address}`);
  return { address: match[1]!.replace(/^\[|\]$/g, ""), port: Number(match[2]) };
}
