/**
 * Every paginated operation of the full Datadog v2 document (44), listed through its generated
 * client from one scenario behind one Prism proxy per seed (seeds.ts), started once for the file
 * and paged one operation at a time: a scenario per test (as the vendors' suite does) starts 44 Prism servers
 * over a 912-operation document at once, which timed out every test at 3.1 GB. At the end the
 * scenario must have seen no response the spec forbids.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pascalName } from "@eventkit/codegen";
import { startScenario, type Scenario } from "../../src/scenario.js";
import { assertNoViolations, failOnViolations, type ViolationRecord } from "../../src/violations.js";
import { asClientReads, collect, listingInit, listingPlan } from "../helpers/scenarios.js";
import { credentials, type Factory, type VendorOperation, vendorOperations } from "../helpers/vendors.js";
import { loadGivenSpec } from "../../src/specs.js";
import { VENDOR } from "./fixture.js";
import { knownFailure } from "./known-failures.js";

const PAGES = 5;
const { skipped, dir, seeds } = inject("fullDocument");

if (skipped) {
  it.skip(`the full Datadog v2 document: ${skipped}`, () => undefined);
} else {
  const file = join(dir!, "src/generated/openapi.json");
  const module = (await import(join(dir!, "src/index.ts"))) as Record<string, Factory>;
  const create = module[`create${pascalName(VENDOR)}Client`]!;
  const clientSpec = create().spec;
  const auth = credentials(clientSpec);
  const paginated = vendorOperations(clientSpec, loadGivenSpec(file).document).filter((op) => op.feed?.pagination);
  const plans = paginated.map((op) => listingPlan(op.feed!, PAGES));

  it("the document has paginated operations (else this file tests nothing)", () => {
    expect(paginated.length).toBeGreaterThanOrEqual(44);
  });

  // One scenario per seed, one after the other: only one is running at any time.
  for (const seed of seeds) {
    describe(`the full Datadog v2 document's ${paginated.length} paginated operations, one scenario, seed ${seed}`, () => {
      let scenario: Scenario;
      beforeAll(async () => {
        // Enough events for the operation that needs most; the scenario's page size where neither
        // the client nor the spec sets one.
        scenario = await startScenario({
          spec: file,
          seed,
          events: Math.max(...plans.map((p) => p.events)),
          pageSize: plans.find((p) => p.scenarioPageSize)?.scenarioPageSize,
        });
      });
      afterAll(async () => {
        if (!scenario) return;
        try {
          // Exchanges of a known failure are that test's result (it.fails), not the scenario's.
          const expected = paginated.filter((op) => knownFailure(op.spec.operationId, "scenario", seed));
          const records = scenario.violations().filter((r) => !expected.some((op) => isExchangeOf(op, r)));
          assertNoViolations(records, `${VENDOR} scenario, seed ${seed}`);
        } finally {
          await scenario.close();
        }
      });

      paginated.forEach((op, i) => {
        const plan = plans[i]!;
        const failure = knownFailure(op.spec.operationId, "scenario", seed);
        const test = failure ? it.fails : it;
        test(`${op.spec.operationId}: lists every event once, in order, over at least ${PAGES} pages${failure ? `: known failure (${failure.cause}), ${failure.defect}` : ""}`, async () => {
          const truth = scenario.events(op.feed!.operation.operationId);
          const client = create({ baseUrl: scenario.url, auth, fetch: failOnViolations(), retries: 0 });
          const pages = await collect(
            client.pages[op.method](
              listingInit(op, truth),
              plan.clientPageSize ? { pageSize: plan.clientPageSize } : {},
            ),
          );
          expect(pages.length).toBeGreaterThanOrEqual(PAGES);
          expect(pages.flatMap((p) => (p as { items: unknown[] }).items)).toEqual(asClientReads(op, truth));
        });
      });
    });
  }
}

/** Whether an exchange the scenario recorded is a call of this operation (its path template matched). */
function isExchangeOf(op: VendorOperation, record: ViolationRecord): boolean {
  const template = op.operation.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^/]+?\}/g, "[^/]+");
  return record.method === op.operation.method.toUpperCase() && new RegExp(`^${template}$`).test(record.path);
}
