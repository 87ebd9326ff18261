/**
 * Scenario events look like the vendor's: every field the vendor's recordings or the spec's examples
 * show holds one of their real values, not invented text, and Prism still finds nothing wrong.
 */
import { describe, expect, inject, it } from "vitest";
import { getPath } from "@eventkit/runtime/spec";
import { reusableField, valueBank } from "../src/scenario/generate.js";
import { samplesFor } from "../src/scenario/samples.js";
import { collect, listingInit, useScenarios } from "./helpers/scenarios.js";
import { clientFactory, credentials, vendorDocument, vendorOperations } from "./helpers/vendors.js";

const { vendors } = inject("eventkitMocks");
const start = useScenarios();

for (const vendor of vendors) {
  const create = await clientFactory(vendor);
  const clientSpec = create().spec;
  describe(vendor, () => {
    for (const op of vendorOperations(clientSpec, vendorDocument(vendor)).filter((o) => o.feed)) {
      const feed = op.feed!;
      const bank = valueBank(samplesFor(vendor, feed), (path) =>
        reusableField(feed.itemSchema, path, [feed.feed.idPath, feed.feed.timePath]),
      );
      it.runIf(bank.size > 0)(
        `${op.method}: events take their values from the recordings and examples (${bank.size} fields)`,
        async () => {
          const s = await start({ vendor, events: 12, seed: 5 });
          const events = await s.events(feed.operation.operationId);
          let checked = 0;
          for (const event of events) {
            for (const [path, values] of bank) {
              const value = getPath(event, path);
              if (value === undefined) continue;
              checked++;
              expect(
                values.map((v) => JSON.stringify(v)),
                `${path}`,
              ).toContain(JSON.stringify(value));
            }
          }
          expect(checked).toBeGreaterThan(0);
          // Served through Prism: the real values pass the overlaid spec (useScenarios checks after the file).
          const client = create({ baseUrl: s.url, auth: credentials(clientSpec), retries: 0 });
          const init = listingInit(op, events);
          const served = op.spec.pagination
            ? await collect(client.paginate[op.method](init, { maxPages: 3 }) as AsyncIterable<unknown>)
            : (getPath(await client[op.method](init), feed.resultsPath) as unknown[]);
          expect(served.length).toBeGreaterThan(0);
        },
      );
    }
  });
}
