import { MockServerError } from "./errors.js";
import { closeServer, DEFAULT_HOST, listen, urlFor } from "./listen.js";
import { checkPort, listenPrism, type MockExchange } from "./mock.js";
import { createPrismServer, prismOperations, type PrismOperation, type PrismServer } from "./prism.js";
import { EventLog, type Window } from "./scenario/event-log.js";
import { FaultSchedule, type FaultOptions } from "./scenario/faults.js";
import { describeFeeds } from "./scenario/feeds.js";
import { samplesFor } from "./scenario/samples.js";
import { Upstream, type RecordedRequest } from "./scenario/upstream.js";
import { loadGivenSpec, loadVendorSpec, type LoadedSpec, type OpenApiDocument } from "./specs.js";
import { observe } from "./traffic.js";
import { assertNoViolations, type ViolationRecord } from "./violations.js";

export interface ScenarioOptions extends FaultOptions {
  /** Events per listing operation at the start (default 50). */
  readonly events?: number | undefined;
  /** Same seed, same events (default 1). */
  readonly seed?: number | undefined;
  /**
   * Items per page when the request does not say (default: the spec's default for its limit
   * parameter, else 10). A page size the spec fixes (`x-pagination.pageSize` without a limit
   * parameter) always wins, since clients rely on it to detect the last page.
   */
  readonly pageSize?: number | undefined;
  /** The events' times: the newest at `end` (default 2025-01-01T00:00:00Z), spread over `seconds` (default a day). */
  readonly window?: { readonly end?: string | number | Date; readonly seconds?: number } | undefined;
  /** Port of the Prism proxy (default 0: a free one); the upstream always takes a free port. */
  readonly port?: number | undefined;
  readonly host?: string | undefined;
  /** Called after each exchange through the proxy, with Prism's violations of the spec. */
  readonly onRequest?: ((exchange: MockExchange) => void) | undefined;
}

export interface Scenario {
  readonly vendor: string;
  /** The Prism proxy: the base URL to give the client. Every response through it is validated. */
  readonly url: string;
  /** The vendor stand-in behind the proxy, unvalidated (for responses Prism cannot pass on, such as broken JSON). */
  readonly upstreamUrl: string;
  /** The operationIds that list events, in spec order. */
  readonly operations: readonly string[];
  /** Every event of a listing operation (default the first), newest first, as the client receives it. */
  events(operationId?: string): unknown[];
  /** `count` new events on every listing, newer than all before. */
  addEvents(count: number): void;
  /** Exchanges through the proxy in which Prism found something that does not match the spec. */
  violations(): ViolationRecord[];
  /** Throws a SpecViolationError listing every error-severity violation so far. */
  expectNoViolations(options?: { warnings?: boolean }): void;
  /** What the upstream received and answered, in order. */
  requests(): RecordedRequest[];
  close(): Promise<void>;
}

const DEFAULT_END = Date.UTC(2025, 0, 1);
const DAY_SECONDS = 86_400;

/** A scenario of one vendor, or of a document of your own (a file path or the parsed object). */
export async function startScenario(
  options: ScenarioOptions & ({ readonly vendor: string } | { readonly spec: string | object }),
): Promise<Scenario> {
  if ("spec" in options) {
    const { spec, ...rest } = options;
    return startLoaded([loadGivenSpec(spec)], rest).then(([scenario]) => scenario!);
  }
  const { vendor, ...rest } = options;
  return startScenarios([vendor], rest).then(([scenario]) => scenario!);
}

/** Starts one scenario per vendor in this process; if one cannot start, none is left running. */
export async function startScenarios(vendors: readonly string[], options: ScenarioOptions = {}): Promise<Scenario[]> {
  return startLoaded(vendors.map(loadVendorSpec), options);
}

async function startLoaded(specs: readonly LoadedSpec[], options: ScenarioOptions): Promise<Scenario[]> {
  checkOptions(options);
  const operations = await Promise.all(specs.map(prismOperations));
  const started: Scenario[] = [];
  try {
    for (const [i, spec] of specs.entries()) {
      const port = options.port === undefined || options.port === 0 ? 0 : options.port + i;
      started.push(await startOne(spec.vendor ?? spec.source, spec.document, operations[i]!, { ...options, port }));
    }
  } catch (error) {
    await Promise.all(started.map((s) => s.close()));
    throw error;
  }
  return started;
}

async function startOne(
  vendor: string,
  document: OpenApiDocument,
  operations: PrismOperation[],
  options: ScenarioOptions,
): Promise<Scenario> {
  const host = options.host ?? DEFAULT_HOST;
  const seed = options.seed ?? 1;
  const count = options.events ?? 50;
  const window = windowOf(options, count);
  const { feeds, others } = describeFeeds(document);
  const logs = new Map(
    feeds.map((feed) => [
      feed.operation.operationId,
      new EventLog(feed, count, seed, window, samplesFor(vendor, feed)),
    ]),
  );
  const upstream = new Upstream({
    feeds,
    others,
    logs,
    faults: new FaultSchedule(options),
    seed,
    pageSize: options.pageSize,
  });
  const upstreamPort = await listen(upstream.server, 0, host);
  const upstreamUrl = urlFor(host, upstreamPort);

  let proxy: PrismServer | undefined;
  let bound: { address: string; port: number };
  try {
    proxy = await createPrismServer(
      operations,
      { validateRequest: true, dynamic: false, upstream: upstreamUrl },
      vendor,
    );
    bound = await listenPrism(proxy, options.port ?? 0, host);
  } catch (error) {
    await closeServer(upstream.server);
    throw error;
  }
  const url = urlFor(host, bound.port);
  upstream.publicUrl = url;
  const records: ViolationRecord[] = [];
  const stop = observe(bound.address, bound.port, (exchange) => {
    options.onRequest?.({ ...exchange, target: vendor });
    if (exchange.violations.length > 0)
      records.push({
        method: exchange.method,
        path: exchange.path,
        status: exchange.status,
        violations: exchange.violations,
      });
  });

  const listing = (operationId?: string): EventLog => {
    const id = operationId ?? feeds[0]?.operation.operationId;
    const log = id === undefined ? undefined : logs.get(id);
    if (!log)
      throw new MockServerError(
        "INVALID_OPTIONS",
        `${vendor}: no listing operation "${operationId}"; the scenario lists ${[...logs.keys()].join(", ") || "none"}`,
      );
    return log;
  };
  let closing: Promise<void> | undefined;
  return {
    vendor,
    url,
    upstreamUrl,
    operations: feeds.map((f) => f.operation.operationId),
    events: (operationId) =>
      structuredClone(
        listing(operationId)
          .entries()
          .map((e) => e.value),
      ),
    addEvents: (n) => {
      for (const log of logs.values()) log.add(n);
    },
    violations: () => structuredClone(records),
    expectNoViolations: (opts) => assertNoViolations(records, `${vendor} scenario`, opts),
    requests: () => structuredClone([...upstream.requests()]),
    close: () => {
      closing ??= Promise.all([proxy!.close().catch(() => undefined), closeServer(upstream.server)]).then(stop);
      return closing;
    },
  };
}

function windowOf(options: ScenarioOptions, count: number): Window {
  const rawEnd = options.window?.end;
  const end = rawEnd === undefined ? DEFAULT_END : new Date(rawEnd).getTime();
  if (Number.isNaN(end)) throw new MockServerError("INVALID_OPTIONS", `window.end "${String(rawEnd)}" is not a date`);
  const seconds = options.window?.seconds ?? DAY_SECONDS;
  // Whole seconds between events, so that epoch-second times are distinct too.
  const stepMs = Math.max(1, Math.floor(seconds / Math.max(1, count))) * 1000;
  return { end: Math.floor(end / 1000) * 1000, stepMs };
}

function checkOptions(options: ScenarioOptions): void {
  const count = (name: string, value: number | undefined, min: number): void => {
    if (value !== undefined && (!Number.isInteger(value) || value < min))
      throw new MockServerError("INVALID_OPTIONS", `${name} must be an integer of at least ${min} (got ${value})`);
  };
  count("events", options.events, 0);
  count("pageSize", options.pageSize, 1);
  count("rateLimit.every", options.rateLimit?.every, 1);
  count("serverErrors.burst", options.serverErrors?.burst, 0);
  count("malformed.page", options.malformed?.page, 1);
  if (options.port !== undefined) checkPort(options.port);
}
