/**
 * What a scenario serves, for every listing operation of every vendor: spec-valid events with
 * unique ids and strictly decreasing times, filtered by the feed's since/until parameters as the
 * vendor would, the same for the same seed, and new events on demand.
 */
import { describe, expect, inject, it } from "vitest";
import { isObject } from "../src/openapi.js";
import { scenarioControl } from "../src/remote.js";
import { SpecViolationError } from "../src/errors.js";
import { failOnViolations } from "../src/violations.js";
import { requiredInit, setParam } from "./helpers/requests.js";
import {
  asClientReads,
  collect,
  eventId,
  eventTime,
  listingInit,
  listingPlan,
  useScenarios,
} from "./helpers/scenarios.js";
import {
  clientFactory,
  credentials,
  vendorDocument,
  vendorOperations,
  type AnyClient,
  type VendorOperation,
} from "./helpers/vendors.js";
import type { Listing } from "./helpers/vendors.js";
import type { Init } from "./helpers/requests.js";

const { vendors, scenarios } = inject("eventkitMocks");
const startScenario = useScenarios();

const listings: Listing[] = [];
for (const vendor of vendors) {
  const create = await clientFactory(vendor);
  const clientSpec = create().spec;
  for (const op of vendorOperations(clientSpec, vendorDocument(vendor))) {
    if (op.feed) listings.push({ vendor, create, auth: credentials(clientSpec), op });
  }
}

/** Every item the operation returns for `init`: all pages if it pages, else its one response. */
async function list(client: AnyClient, op: VendorOperation, init: Init, pageSize?: number): Promise<unknown[]> {
  const feed = op.feed!;
  if (feed.pagination) return collect(client.paginate[op.method](init, pageSize ? { pageSize } : {}));
  if (feed.limit && pageSize) setParam(init, feed.limit.param, pageSize);
  const data: unknown = await client[op.method](init);
  const items = feed.resultsPath
    .split(".")
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), data);
  return items as unknown[];
}

it("the specs have listing operations (else this file tests nothing)", () => {
  expect(listings.length).toBeGreaterThan(0);
});

describe.concurrent.each(listings.map((l) => [`${l.vendor} ${l.op.method}`, l] as const))(
  "%s",
  (_name, { vendor, create, auth, op }) => {
    const feed = op.feed!;
    const operationId = feed.operation.operationId;
    const plan = listingPlan(feed, 3);
    const sizes = { events: plan.events, ...(plan.scenarioPageSize ? { pageSize: plan.scenarioPageSize } : {}) };

    it("serves events with unique ids and strictly decreasing times", async () => {
      const events = await (await startScenario({ vendor, events: 40 })).events(operationId);
      expect(events).toHaveLength(40);
      expect(new Set(events.map((e) => JSON.stringify(eventId(feed, e)))).size).toBe(40);
      const times = events.map((e) => eventTime(feed, e));
      times.slice(1).forEach((t, i) => {
        expect(t).toBeLessThan(times[i]!);
      });
    });

    it("serves the same events for the same seed and others for another", async () => {
      const [a, b, c] = await Promise.all([
        startScenario({ vendor, events: 5, seed: 9 }),
        startScenario({ vendor, events: 5, seed: 9 }),
        startScenario({ vendor, events: 5, seed: 10 }),
      ]);
      const [ea, eb, ec] = await Promise.all([a.events(operationId), b.events(operationId), c.events(operationId)]);
      expect(eb).toEqual(ea);
      expect(ec).not.toEqual(ea);
    });

    if (feed.feed.since || feed.feed.until) {
      it("filters by its since/until parameters, both inclusive, as the vendor does", async () => {
        const scenario = await startScenario({ vendor, ...sizes });
        const truth = await scenario.events(operationId);
        const times = truth.map((e) => eventTime(feed, e));
        const range = { from: times[Math.floor(truth.length * 0.7)]!, to: times[Math.floor(truth.length * 0.2)]! };
        const client = create({ baseUrl: scenario.url, auth, fetch: failOnViolations() });
        const items = await list(client, op, listingInit(op, truth, range), 100);
        const want = truth.filter(
          (_e, i) => (!feed.feed.since || times[i]! >= range.from) && (!feed.feed.until || times[i]! <= range.to),
        );
        expect(want.length).toBeLessThan(truth.length);
        expect(items).toEqual(asClientReads(op, want));
      });
    }

    if (feed.limit && !feed.pagination) {
      it(`answers one page of at most \`${feed.limit.param}\` events, the newest`, async () => {
        const scenario = await startScenario({ vendor, events: 30 });
        const truth = await scenario.events(operationId);
        const client = create({ baseUrl: scenario.url, auth, fetch: failOnViolations() });
        const init = listingInit(op, truth);
        setParam(init, feed.limit!.param, 4);
        expect(await list(client, op, init)).toEqual(asClientReads(op, truth.slice(0, 4)));
      });
    }

    const sortParam = feed.feed.sort
      ? op.operation.parameters.find((p) => p.name === feed.feed.sort!.param)
      : undefined;
    const otherOrder = Array.isArray(sortParam?.schema.enum)
      ? (sortParam.schema.enum as unknown[]).find((v) => v !== feed.feed.sort!.value)
      : undefined;
    if (otherOrder !== undefined) {
      it(`lists oldest first when asked for ${feed.feed.sort!.param}=${String(otherOrder)}`, async () => {
        const scenario = await startScenario({ vendor, ...sizes });
        const truth = await scenario.events(operationId);
        const client = create({ baseUrl: scenario.url, auth, fetch: failOnViolations() });
        const init = listingInit(op, truth);
        setParam(init, feed.feed.sort!.param, otherOrder);
        expect(await list(client, op, init, plan.clientPageSize)).toEqual(asClientReads(op, [...truth].reverse()));
      });
    }

    it("adds events newer than every event so far", async () => {
      const scenario = await startScenario({ vendor, ...sizes });
      const before = await scenario.events(operationId);
      await scenario.addEvents(3);
      const after = await scenario.events(operationId);
      expect(after.slice(3)).toEqual(before);
      expect(eventTime(feed, after[2])).toBeGreaterThan(eventTime(feed, before[0]));
      const client = create({ baseUrl: scenario.url, auth, fetch: failOnViolations() });
      const seen = await list(client, op, listingInit(op, after), plan.clientPageSize);
      expect(seen.slice(0, 3)).toEqual(asClientReads(op, after.slice(0, 3)));
    });

    it("records what it received", async () => {
      const scenario = await startScenario({ vendor, events: 3 });
      const client = create({ baseUrl: scenario.url, auth, fetch: failOnViolations() });
      await client[op.method](requiredInit(op.operation));
      const [request] = await scenario.requests();
      expect(request).toMatchObject({ seq: 1, method: op.operation.method, operationId, status: feed.status, page: 1 });
    });
  },
);

describe("a spec violation", () => {
  const control = scenarioControl(inject("eventkitMocks").control);

  it.each(listings.map((l) => [`${l.vendor} ${l.op.method}`, l] as const))(
    "through %s fails the test that caused it",
    async (_name, { vendor, op }) => {
      const scenario = await control.start({ vendor, events: 3 });
      try {
        // Without credentials: Prism forwards the request but reports it, and so must the scenario.
        const request = new Request(`${scenario.url}${op.operation.path}`, {
          method: op.operation.method.toUpperCase(),
        });
        const failure = await failOnViolations()(request).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(failure).toBeInstanceOf(SpecViolationError);
        expect((await scenario.violations()).length).toBe(1);
        await expect(scenario.expectNoViolations()).rejects.toThrow(/spec violation/);
      } finally {
        await scenario.close();
      }
    },
  );
});

describe("the default scenarios of the global setup", () => {
  const control = scenarioControl(inject("eventkitMocks").control);

  it("run for every vendor", () => {
    expect(Object.keys(scenarios).sort()).toEqual([...vendors].sort());
  });

  it("are reached through a control API that keeps no idle connection a worker could reuse as the server drops it", async () => {
    const { control: url } = inject("eventkitMocks");
    const answers = [await fetch(`${url}/scenarios`), await fetch(`${url}/scenarios/none`)];
    for (const answer of answers) {
      await answer.arrayBuffer();
      expect(answer.headers.get("connection")).toBe("close");
    }
    expect(answers.map((a) => a.status)).toEqual([200, 404]);
  });

  it.each(listings.map((l) => [`${l.vendor} ${l.op.method}`, l] as const))(
    "%s answers through its proxy from its events",
    async (_name, { vendor, create, auth, op }) => {
      const scenario = await control.get(scenarios[vendor]!.id);
      const truth = await scenario.events(op.feed!.operation.operationId);
      const client = create({ baseUrl: scenario.url, auth, fetch: failOnViolations() });
      const items = (await list(client, op, listingInit(op, truth))).slice(0, 5);
      expect(items.length).toBeGreaterThan(0);
      expect(items).toEqual(asClientReads(op, truth.slice(0, items.length)));
    },
  );
});
