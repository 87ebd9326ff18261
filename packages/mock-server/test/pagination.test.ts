/**
 * Every paginated operation of every vendor, listed through its generated client from a scenario
 * behind Prism: each event exactly once, in the scenario's order, over at least five pages.
 */
import { describe, expect, inject, it } from "vitest";
import { failOnViolations } from "../src/violations.js";
import { unsetParam } from "./helpers/requests.js";
import { asClientReads, collect, listingInit, listingPlan, useScenarios } from "./helpers/scenarios.js";
import { clientFactory, credentials, vendorDocument, vendorOperations } from "./helpers/vendors.js";
import type { Listing } from "./helpers/vendors.js";

const { vendors } = inject("eventkitMocks");
const startScenario = useScenarios();
const PAGES = 5;

const paginated: Listing[] = [];
for (const vendor of vendors) {
  const create = await clientFactory(vendor);
  const clientSpec = create().spec;
  for (const op of vendorOperations(clientSpec, vendorDocument(vendor))) {
    if (op.feed?.pagination) paginated.push({ vendor, create, auth: credentials(clientSpec), op });
  }
}

it("the specs have paginated operations (else this file tests nothing)", () => {
  expect(paginated.length).toBeGreaterThan(0);
});

describe.concurrent.each(paginated.map((p) => [`${p.vendor} ${p.op.method}`, p] as const))(
  "%s",
  (_name, { vendor, create, auth, op }) => {
    const feed = op.feed!;
    const plan = listingPlan(feed, PAGES);

    it(`lists every event once, in order, over at least ${PAGES} pages`, async () => {
      const scenario = await startScenario({
        vendor,
        events: plan.events,
        ...(plan.scenarioPageSize ? { pageSize: plan.scenarioPageSize } : {}),
      });
      const truth = await scenario.events(feed.operation.operationId);
      const client = create({ baseUrl: scenario.url, auth, fetch: failOnViolations() });
      const pages = await collect(
        client.pages[op.method](listingInit(op, truth), plan.clientPageSize ? { pageSize: plan.clientPageSize } : {}),
      );
      expect(pages.length).toBeGreaterThanOrEqual(PAGES);
      expect(pages.flatMap((p) => (p as { items: unknown[] }).items)).toEqual(asClientReads(op, truth));
    });

    if (feed.pagination?.when) {
      it("answers a single page when the call does not meet the `when` condition", async () => {
        const scenario = await startScenario({
          vendor,
          events: plan.events,
          ...(plan.scenarioPageSize ? { pageSize: plan.scenarioPageSize } : {}),
        });
        const truth = await scenario.events(feed.operation.operationId);
        const client = create({ baseUrl: scenario.url, auth, fetch: failOnViolations() });
        const init = listingInit(op, truth);
        for (const name of Object.keys(feed.pagination!.when![0]!)) unsetParam(init, name);
        const pages = await collect(client.pages[op.method](init));
        expect(pages).toHaveLength(1);
        expect((pages[0] as { items: unknown[] }).items).toEqual(asClientReads(op, truth.slice(0, plan.perPage)));
      });
    }
  },
);
